/// Why a frame source failed, naming the device or file and what to do:
/// `/dev/video7: no such device`, `/dev/video0: permission denied (add the user to the 'video' group)`.
public struct CameraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// For callers that react differently (retry a busy camera, stop on an unplugged one).
    public enum Kind: Equatable, Sendable {
        /// No device node: unplugged or the wrong number.
        case noDevice
        /// The user may not open the device.
        case permissionDenied
        /// Another program is using the camera.
        case busy
        /// The path exists but is not a V4L2 capture node (a metadata node, a regular file, /dev/null).
        case notACaptureDevice
        /// The requested size or pixel format is not offered; the message lists what is.
        case unsupportedFormat
        /// The camera opened but delivers no (more) frames.
        case noFrames
        /// A video file that cannot be read or decoded.
        case badFile
        /// Sizes, buffers or a calibration that do not fit the source.
        case invalidArgument
        /// Anything else inside OpenCV.
        case other
    }

    public var kind: Kind
    /// The device path or file the failure concerns.
    public var source: String
    /// One line; already names `source` where the message comes from NativeKit.
    public var message: String

    public init(kind: Kind, source: String, message: String) {
        self.kind = kind
        self.source = source
        self.message = message
    }

    public var description: String { message.contains(source) ? message : "\(source): \(message)" }
}
