import NativeKit

/// Frames from a video file as a `FrameSource`: replays a recorded camera stream through the same interface
/// (and the same undistortion and resizing) as a live camera, for tests and offline runs.
public final class VideoFileSource: FrameSource {
    public let path: String
    /// Size stored in the file, before undistortion and resizing.
    public var sourceWidth: Int { camera.sourceWidth }
    public var sourceHeight: Int { camera.sourceHeight }
    /// Frame rate stored in the container (0 if unknown); timestamps are frame index / fps.
    public var fps: Double { camera.fps }
    public var width: Int { camera.width }
    public var height: Int { camera.height }

    private let camera: NativeCamera

    public init(path: String, output: FrameOutput = FrameOutput()) throws(CameraError) {
        var created: OpaquePointer?
        let status = nk_camera_open_file(path, &created)
        guard status == NK_OK, let created else {
            throw CameraError(kind: .badFile, source: path, message: String(cString: nk_last_error_message()))
        }
        self.path = path
        camera = NativeCamera(handle: created, name: path)
        try camera.configure(output)
    }

    /// The next frame with its media time, or nil after the last frame.
    public func grab(into rgb: UnsafeMutableBufferPointer<UInt8>) throws(CameraError) -> Int64? {
        try camera.grab(into: rgb)
    }
}
