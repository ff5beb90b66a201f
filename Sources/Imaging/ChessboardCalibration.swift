/// Calibrating a camera from a set of chessboard photos: detect the board in each, skip the images where it is
/// not found, calibrate from the rest, and report every image, as `embody calibrate camera` prints it.
///
/// Why skipping is not an error: a hand-held calibration session always has a few frames with the board cut off
/// or blurred; they are listed so the operator can retake them, and only too few usable views fail.
public struct ChessboardCalibration: Sendable {
    /// Fewer usable views than this is an error: with 5 distortion and 4 intrinsic parameters plus 6 pose
    /// parameters per view, a handful of varied views is the least that constrains the solution.
    public static let minimumViews = 5

    /// One image of the set.
    public struct ImageResult: Equatable, Sendable {
        public var path: String
        /// Whether the whole board was detected (only then is the image used).
        public var found: Bool
        /// RMS reprojection error of this view after calibration, pixels; nil for skipped images.
        public var rms: Double?
    }

    public var images: [ImageResult]
    public var calibration: CameraCalibration

    /// Images used for the calibration.
    public var usedCount: Int { images.filter(\.found).count }

    /// Runs the whole procedure on `imagePaths`, all from the same camera mode (same size). `onImage` is called
    /// after each detection, before calibration, so a caller can show progress.
    public init(imagePaths: [String], board: Chessboard, minimumViews: Int = ChessboardCalibration.minimumViews,
                onImage: ((ImageResult) -> Void)? = nil) throws(ImagingError)
    {
        var results: [ImageResult] = []
        var views: [[SIMD2<Double>]] = []
        var size: (width: Int, height: Int, path: String)?
        for path in imagePaths {
            let image: Image
            do { image = try readImage(at: path) } catch {
                throw error.description.contains(path) ? error : .io("\(path): \(error)")
            }
            if let size, image.width != size.width || image.height != size.height {
                throw .invalidArgument(
                    "\(path): \(image.width)x\(image.height), but \(size.path) is \(size.width)x\(size.height); all images must come from one camera mode")
            }
            size = size ?? (image.width, image.height, path)
            guard image.bitDepth == 8 else { throw .invalidArgument("\(path): \(image.bitDepth)-bit image; expected 8-bit") }
            let corners = try board.corners(in: image)
            if let corners { views.append(corners) }
            let result = ImageResult(path: path, found: corners != nil, rms: nil)
            results.append(result)
            onImage?(result)
        }
        guard let size, views.count >= minimumViews else {
            let found = views.count
            throw .invalidArgument(
                "the \(board.columns)x\(board.rows) board was found in \(found) of \(imagePaths.count) images; need at least \(minimumViews) (check --board counts inner corners, and that the whole board is in view)")
        }
        let (calibration, perView) = try CameraCalibration.calibrate(
            views: views, board: board, width: size.width, height: size.height)
        var view = 0
        for index in results.indices where results[index].found {
            results[index].rms = perView[view]
            view += 1
        }
        self.images = results
        self.calibration = calibration
    }
}
