/// Why an event file could not be read or written, as one line: the file, the byte offset where
/// reading stopped, and what was expected there ("run.aedat4: byte 14: expected …").
public struct EventFileError: Error, Equatable, CustomStringConvertible {
    public var path: String
    /// Byte offset in the file, when the problem is at a place in it.
    public var offset: Int?
    public var message: String

    public init(path: String, offset: Int? = nil, _ message: String) {
        self.path = path
        self.offset = offset
        self.message = message
    }

    public var description: String {
        if let offset { return "\(path): byte \(offset): \(message)" }
        return "\(path): \(message)"
    }
}
