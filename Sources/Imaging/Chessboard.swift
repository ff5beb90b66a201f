import NativeKit

/// A planar calibration chessboard: its grid of inner corners (where four squares meet) and the square size.
///
/// Why inner corners: they are what OpenCV detects and what `--board 9x6` means in OpenCV's and ROS's tools,
/// so a board described once works with all of them. A board of 10 x 7 squares has 9 x 6 inner corners.
public struct Chessboard: Equatable, Sendable {
    /// Inner corners along a row and along a column.
    public var columns: Int
    public var rows: Int
    /// Distance between neighbouring corners, metres; it sets the scale of the extrinsics, not the intrinsics.
    public var squareSize: Double

    public init(columns: Int, rows: Int, squareSize: Double) throws(ImagingError) {
        guard (2...100).contains(columns), (2...100).contains(rows) else {
            throw .invalidArgument("board of \(columns)x\(rows) inner corners; expected 2...100 each")
        }
        guard squareSize > 0, squareSize.isFinite else {
            throw .invalidArgument("square size \(squareSize) m; expected a positive length")
        }
        self.columns = columns
        self.rows = rows
        self.squareSize = squareSize
    }

    /// Parses `COLSxROWS` (inner corners, e.g. "9x6").
    public init(parsing text: String, squareSize: Double) throws(ImagingError) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let columns = Int(parts[0]), let rows = Int(parts[1]) else {
            throw .invalidArgument("board '\(text)'; expected COLSxROWS inner corners, e.g. 9x6")
        }
        try self.init(columns: columns, rows: rows, squareSize: squareSize)
    }

    public var cornerCount: Int { columns * rows }

    /// The board's inner corners in `image` (8-bit gray, RGB or RGBA), refined to sub-pixel accuracy, row by
    /// row in OpenCV's order; nil when the whole board is not visible (a partial board is never returned, since
    /// calibration needs to know which corner is which).
    public func corners(in image: Image) throws(ImagingError) -> [SIMD2<Double>]? {
        guard image.bitDepth == 8 else {
            throw .invalidArgument("a \(image.bitDepth)-bit image; chessboard detection needs 8-bit")
        }
        var xy = [Double](repeating: 0, count: 2 * cornerCount)
        var found: Int32 = 0
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            xy.withUnsafeMutableBufferPointer { corners in
                nk_chessboard_find(
                    pixels.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                    Int32(columns), Int32(rows), corners.baseAddress, &found)
            }
        }
        try ImagingError.check(status)
        guard found != 0 else { return nil }
        return (0..<cornerCount).map { SIMD2(xy[2 * $0], xy[2 * $0 + 1]) }
    }
}
