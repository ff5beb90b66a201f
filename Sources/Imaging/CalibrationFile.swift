import NativeKit

/// Reading and writing calibrations in OpenCV's YAML layout (`%YAML:1.0`, `!!opencv-matrix`), the file
/// `cv::FileStorage` and OpenCV's calibration sample produce, so other OpenCV-based tools read ours and we read
/// theirs. The reader also takes ROS camera_calibration's files (plain rows/cols/data maps).
extension CameraCalibration {
    /// Reads `path`; a missing or malformed field is an error naming the file and the field.
    public init(contentsOf path: String) throws(ImagingError) {
        var raw = nk_camera_calibration()
        try ImagingError.check(nk_camera_calibration_read(path, &raw))
        let matrix = withUnsafeBytes(of: raw.camera_matrix) { Array($0.bindMemory(to: Double.self)) }
        let coefficients = withUnsafeBytes(of: raw.distortion) { Array($0.bindMemory(to: Double.self)) }
        let board: Chessboard? =
            if raw.board_columns > 0, raw.board_rows > 0, raw.square > 0 {
                try? Chessboard(columns: Int(raw.board_columns), rows: Int(raw.board_rows), squareSize: raw.square)
            } else { nil }
        try self.init(
            width: Int(raw.width), height: Int(raw.height), cameraMatrix: matrix,
            distortion: Array(coefficients.prefix(Int(raw.distortion_count))), rms: raw.rms >= 0 ? raw.rms : nil,
            board: board, viewCount: raw.view_count > 0 ? Int(raw.view_count) : nil)
    }

    /// Writes the calibration to `path` (replacing it); the directory must exist.
    public func write(to path: String) throws(ImagingError) {
        var raw = nk_camera_calibration()
        raw.width = Int32(width)
        raw.height = Int32(height)
        withUnsafeMutableBytes(of: &raw.camera_matrix) { bytes in
            for (i, value) in cameraMatrix.enumerated() { bytes.storeBytes(of: value, toByteOffset: 8 * i, as: Double.self) }
        }
        raw.distortion_count = Int32(distortion.count)
        withUnsafeMutableBytes(of: &raw.distortion) { bytes in
            for (i, value) in distortion.enumerated() { bytes.storeBytes(of: value, toByteOffset: 8 * i, as: Double.self) }
        }
        raw.rms = rms ?? -1
        raw.board_columns = Int32(board?.columns ?? 0)
        raw.board_rows = Int32(board?.rows ?? 0)
        raw.square = board?.squareSize ?? 0
        raw.view_count = Int32(viewCount ?? 0)
        try ImagingError.check(nk_camera_calibration_write(path, &raw))
    }
}
