import NativeKit

/// A USB or CSI camera through Video4Linux2 (OpenCV's CAP_V4L2 backend), delivering RGB frames.
///
/// Why V4L2 explicitly rather than OpenCV's automatic backend choice: on Linux the automatic choice may pick
/// GStreamer or FFmpeg for a device path, which add latency and buffering a control loop does not want.
/// Opening checks the node first, so failures say what to do (`/dev/video7: no such device`, permission,
/// busy, a metadata node, a size the camera does not offer) instead of OpenCV's generic "can't open camera".
public final class V4L2Camera: FrameSource {
    /// The device path, e.g. /dev/video0.
    public let device: String
    /// What the driver delivers, before undistortion and resizing.
    public var sourceWidth: Int { camera.sourceWidth }
    public var sourceHeight: Int { camera.sourceHeight }
    /// Frame rate the driver reports.
    public var fps: Double { camera.fps }
    public var width: Int { camera.width }
    public var height: Int { camera.height }

    private let camera: NativeCamera

    /// Opens `device` (a path like /dev/video0, or just its number, "0") at `width` x `height` and `fps` (nil keeps
    /// the driver's choice), in `pixelFormat` (a FOURCC such as "MJPG", which most USB cameras need for full
    /// frame rates at high resolutions). One frame is read to prove the stream works.
    public init(device: String, width: Int? = nil, height: Int? = nil, fps: Double? = nil, pixelFormat: String? = nil,
                output: FrameOutput = FrameOutput()) throws(CameraError)
    {
        let path = device.allSatisfy(\.isNumber) && !device.isEmpty ? "/dev/video\(device)" : device
        var created: OpaquePointer?
        var fault = NK_CAMERA_FAULT_NONE
        let status = nk_camera_open_device(
            path, Int32(clamping: width ?? 0), Int32(clamping: height ?? 0), fps ?? 0, pixelFormat, &created, &fault)
        guard status == NK_OK, let created else { throw NativeCamera.error(status, fault: fault, source: path) }
        self.device = path
        camera = NativeCamera(handle: created, name: path)
        try camera.configure(output)
    }

    /// The camera /dev/video`index`.
    public convenience init(index: Int, width: Int? = nil, height: Int? = nil, fps: Double? = nil,
                            pixelFormat: String? = nil, output: FrameOutput = FrameOutput()) throws(CameraError)
    {
        try self.init(device: "/dev/video\(index)", width: width, height: height, fps: fps, pixelFormat: pixelFormat,
                      output: output)
    }

    /// The next frame; the timestamp is CLOCK_MONOTONIC when the driver handed the frame over. Never nil: a
    /// camera that stops delivering throws `.noFrames`.
    public func grab(into rgb: UnsafeMutableBufferPointer<UInt8>) throws(CameraError) -> Int64? {
        try camera.grab(into: rgb)
    }
}
