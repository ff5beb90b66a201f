import NativeKit

/// A camera's intrinsics and lens distortion in OpenCV's model, with how well they fit.
///
/// Why OpenCV's model and conventions (pixel centres at integer coordinates, distortion k1, k2, p1, p2, k3):
/// the same numbers then drive `cv::undistort` on the robot, the simulator's `CameraIntrinsics`, and ROS tools.
public struct CameraCalibration: Equatable, Sendable {
    /// Image size the calibration belongs to, pixels.
    public var width: Int
    public var height: Int
    /// 3 x 3, row-major: [fx 0 cx; 0 fy cy; 0 0 1] (a skew term, if any, at index 1).
    public var cameraMatrix: [Double]
    /// OpenCV's coefficients (k1, k2, p1, p2[, k3[, …]]): 4, 5, 8, 12 or 14 values.
    public var distortion: [Double]
    /// RMS reprojection error over all corners, pixels; nil when unknown (a file without it).
    public var rms: Double?
    /// The board and number of views used, when known.
    public var board: Chessboard?
    public var viewCount: Int?

    public init(width: Int, height: Int, cameraMatrix: [Double], distortion: [Double], rms: Double? = nil,
                board: Chessboard? = nil, viewCount: Int? = nil) throws(ImagingError) {
        guard width > 0, height > 0 else { throw .invalidArgument("image size \(width) x \(height)") }
        guard cameraMatrix.count == 9 else {
            throw .invalidArgument("camera matrix has \(cameraMatrix.count) values; expected 9 (3 x 3)")
        }
        guard [0, 4, 5, 8, 12, 14].contains(distortion.count) else {
            throw .invalidArgument("\(distortion.count) distortion coefficients; expected 4, 5, 8, 12 or 14")
        }
        self.width = width
        self.height = height
        self.cameraMatrix = cameraMatrix
        self.distortion = distortion
        self.rms = rms
        self.board = board
        self.viewCount = viewCount
    }

    public var fx: Double { cameraMatrix[0] }
    public var fy: Double { cameraMatrix[4] }
    public var cx: Double { cameraMatrix[2] }
    public var cy: Double { cameraMatrix[5] }

    /// Calibrates from the corners of `board` seen in several views (each as `Chessboard.corners(in:)` returns
    /// them) of `width` x `height` images. Returns the calibration and the RMS reprojection error of each view,
    /// which points at views to drop (motion blur, a mis-detected board).
    public static func calibrate(views: [[SIMD2<Double>]], board: Chessboard, width: Int, height: Int)
        throws(ImagingError) -> (calibration: CameraCalibration, perViewRMS: [Double])
    {
        guard !views.isEmpty else { throw .invalidArgument("no views to calibrate from") }
        for (index, view) in views.enumerated() where view.count != board.cornerCount {
            throw .invalidArgument("view \(index) has \(view.count) corners; the \(board.columns)x\(board.rows) board has \(board.cornerCount)")
        }
        let xy = views.flatMap { $0.flatMap { [$0.x, $0.y] } }
        var matrix = [Double](repeating: 0, count: 9)
        var distortion = [Double](repeating: 0, count: 5)
        var rms = 0.0
        var perView = [Double](repeating: 0, count: views.count)
        let status = xy.withUnsafeBufferPointer { corners in
            matrix.withUnsafeMutableBufferPointer { m in
                distortion.withUnsafeMutableBufferPointer { d in
                    perView.withUnsafeMutableBufferPointer { p in
                        nk_camera_calibrate(
                            corners.baseAddress, Int32(views.count), Int32(board.columns), Int32(board.rows),
                            board.squareSize, Int32(width), Int32(height), m.baseAddress, d.baseAddress, &rms,
                            p.baseAddress)
                    }
                }
            }
        }
        try ImagingError.check(status)
        let calibration = try CameraCalibration(
            width: width, height: height, cameraMatrix: matrix, distortion: distortion, rms: rms, board: board,
            viewCount: views.count)
        return (calibration, perView)
    }
}
