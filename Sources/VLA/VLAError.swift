/// A model, config or input the VLA cannot use, as one line naming the file, tensor or field and
/// what was expected.
public struct VLAError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
