/// Why a dataset cannot be generated, as one line: bad input (a task spec, a scene without the
/// cameras, an output folder that cannot be written) or a runtime fault (a diverged simulation).
/// The CLI exits 2 for the first and 1 for the second.
public struct DatasetError: Error, Equatable, CustomStringConvertible {
    public var description: String
    public var isBadInput: Bool

    public static func badInput(_ message: String) -> DatasetError { DatasetError(description: message, isBadInput: true) }
    public static func runtime(_ message: String) -> DatasetError { DatasetError(description: message, isBadInput: false) }
}
