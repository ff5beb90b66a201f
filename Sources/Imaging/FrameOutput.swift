/// What a camera's frames should look like on delivery: undistorted with the camera's calibration, and resized to
/// the consumer's input size (e.g. a planner trained on 224 x 224 images).
///
/// Why in the source: undistortion maps are computed once when the source opens, and the per-frame work
/// (remap, resize) runs in OpenCV straight into the caller's buffer, with no intermediate Swift images.
public struct FrameOutput: Equatable, Sendable {
    /// Output size; nil keeps the source's size.
    public var width: Int?
    public var height: Int?
    /// Undistorts with these intrinsics and coefficients (the frame keeps the same camera matrix, as
    /// `cv::undistort` does); its size must match the source's.
    public var calibration: CameraCalibration?

    public init(width: Int? = nil, height: Int? = nil, calibration: CameraCalibration? = nil) {
        self.width = width
        self.height = height
        self.calibration = calibration
    }
}
