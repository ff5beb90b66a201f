/// A tensor file that cannot be written or read, as one line naming the file, tensor or byte.
public struct TensorFileError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
