import NativeKit

/// Why an image or video operation failed; the message names the path and the cause (errno text,
/// missing codec, bad size) so it can be shown as one line.
public enum ImagingError: Error, Equatable, CustomStringConvertible {
    /// Sizes, channel count, bit depth or buffer length do not fit together.
    case invalidArgument(String)
    /// The file could not be read or written (missing directory, permissions, undecodable data).
    case io(String)
    /// OpenCV has no encoder/decoder for the request on this machine.
    case codecUnavailable(String)
    /// Something unexpected inside OpenCV; a bug to report.
    case internalError(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): "invalid argument: \(message)"
        case .io(let message): message
        case .codecUnavailable(let message): "codec unavailable: \(message)"
        case .internalError(let message): "internal error: \(message)"
        }
    }

    static func check(_ status: nk_status) throws(ImagingError) {
        if status == NK_OK { return }
        let message = String(cString: nk_last_error_message())
        switch status {
        case NK_INVALID_ARGUMENT, NK_NOT_FINITE: throw .invalidArgument(message)
        case NK_IO_ERROR: throw .io(message)
        case NK_CODEC_UNAVAILABLE: throw .codecUnavailable(message)
        default: throw .internalError(message)
        }
    }
}
