import NativeKit

/// The `nk_camera` handle shared by `V4L2Camera` and `VideoFileSource`: both are cv::VideoCapture underneath and
/// differ only in how they open and in what the end of the stream means.
final class NativeCamera {
    let handle: OpaquePointer
    let name: String
    let sourceWidth: Int
    let sourceHeight: Int
    let fps: Double
    private(set) var width: Int
    private(set) var height: Int

    init(handle: OpaquePointer, name: String) {
        self.handle = handle
        self.name = name
        sourceWidth = Int(nk_camera_source_width(handle))
        sourceHeight = Int(nk_camera_source_height(handle))
        width = sourceWidth
        height = sourceHeight
        fps = nk_camera_fps(handle)
    }

    deinit { nk_camera_destroy(handle) }

    func configure(_ output: FrameOutput) throws(CameraError) {
        if (output.width == nil) != (output.height == nil) {
            throw CameraError(kind: .invalidArgument, source: name, message: "output size needs both width and height")
        }
        let (w, h) = (output.width ?? 0, output.height ?? 0)
        guard (1...16384).contains(w) || output.width == nil, (1...16384).contains(h) || output.height == nil else {
            throw CameraError(kind: .invalidArgument, source: name, message: "output size \(w) x \(h) is outside 1...16384")
        }
        var status: nk_status
        if let calibration = output.calibration {
            guard calibration.width == sourceWidth, calibration.height == sourceHeight else {
                throw CameraError(
                    kind: .invalidArgument, source: name,
                    message: "the calibration is for \(calibration.width)x\(calibration.height) frames, the source delivers \(sourceWidth)x\(sourceHeight)")
            }
            status = calibration.cameraMatrix.withUnsafeBufferPointer { matrix in
                calibration.distortion.withUnsafeBufferPointer { distortion in
                    nk_camera_set_output(handle, Int32(w), Int32(h), matrix.baseAddress, distortion.baseAddress,
                                         Int32(distortion.count))
                }
            }
        } else {
            status = nk_camera_set_output(handle, Int32(w), Int32(h), nil, nil, 0)
        }
        try check(status, fault: NK_CAMERA_FAULT_OTHER)
        width = Int(nk_camera_width(handle))
        height = Int(nk_camera_height(handle))
    }

    func grab(into rgb: UnsafeMutableBufferPointer<UInt8>) throws(CameraError) -> Int64? {
        var stamp: Int64 = 0
        var got: Int32 = 0
        var fault = NK_CAMERA_FAULT_NONE
        let status = nk_camera_grab(handle, rgb.baseAddress, rgb.count, &stamp, &got, &fault)
        try check(status, fault: fault)
        return got != 0 ? stamp : nil
    }

    /// Turns a NativeKit failure into a `CameraError` of the kind the fault names.
    static func error(_ status: nk_status, fault: nk_camera_fault, source: String) -> CameraError {
        let message = String(cString: nk_last_error_message())
        let kind: CameraError.Kind =
            switch fault {
            case NK_CAMERA_FAULT_NO_DEVICE: .noDevice
            case NK_CAMERA_FAULT_PERMISSION: .permissionDenied
            case NK_CAMERA_FAULT_BUSY: .busy
            case NK_CAMERA_FAULT_NOT_CAPTURE: .notACaptureDevice
            case NK_CAMERA_FAULT_UNSUPPORTED: .unsupportedFormat
            case NK_CAMERA_FAULT_NO_FRAMES: .noFrames
            default: status == NK_INVALID_ARGUMENT || status == NK_NOT_FINITE ? .invalidArgument : .other
            }
        return CameraError(kind: kind, source: source, message: message)
    }

    private func check(_ status: nk_status, fault: nk_camera_fault) throws(CameraError) {
        if status != NK_OK { throw NativeCamera.error(status, fault: fault, source: name) }
    }
}
