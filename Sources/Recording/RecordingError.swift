/// Why a recording could not be written or read. `description` is one line that names the file and,
/// for bad input, the byte offset and record and what was expected there, so the CLI prints it as is.
public enum RecordingError: Error, Equatable, CustomStringConvertible {
    /// A system call on the file failed (open, write, fsync, truncate, mmap).
    case io(path: String, operation: String, reason: String)
    /// The file is not what the spec says at `offset`: `record` names the record being read.
    case malformed(path: String, offset: Int, record: String, expected: String)
    /// The caller asked for something the format cannot hold (e.g. more than 65535 channels).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .io(let path, let operation, let reason): "\(path): \(operation) failed: \(reason)"
        case .malformed(let path, let offset, let record, let expected):
            "\(path): byte \(offset): \(record): expected \(expected)"
        case .invalidArgument(let message): message
        }
    }
}
