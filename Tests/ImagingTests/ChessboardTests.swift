import Physics
import Spatial
import XCTest

@testable import Imaging

final class ChessboardTests: XCTestCase {
    func testParsesInnerCornerCounts() throws {
        let board = try Chessboard(parsing: "9x6", squareSize: 0.025)
        XCTAssertEqual([board.columns, board.rows, board.cornerCount], [9, 6, 54])
        XCTAssertEqual(try Chessboard(parsing: "7X5", squareSize: 0.02).columns, 7)
        XCTAssertThrowsError(try Chessboard(parsing: "9by6", squareSize: 0.025)) {
            XCTAssertEqual("\($0)", "invalid argument: board '9by6'; expected COLSxROWS inner corners, e.g. 9x6")
        }
        XCTAssertThrowsError(try Chessboard(parsing: "1x6", squareSize: 0.025))
        XCTAssertThrowsError(try Chessboard(parsing: "9x6", squareSize: 0)) {
            XCTAssertEqual("\($0)", "invalid argument: square size 0.0 m; expected a positive length")
        }
    }

    /// Detected corners against their exact projections: the renderer's geometry is known, so every corner's
    /// true pixel position is too.
    func testCornersLandOnTheirProjections() throws {
        let board = try Chessboard(columns: RenderedChessboard.columns, rows: RenderedChessboard.rows,
                                   squareSize: RenderedChessboard.square)
        let pose = RenderedChessboard.cameraPoses(count: 3)[2]
        let corners = try XCTUnwrap(board.corners(in: RenderedChessboard.render(from: pose)))
        XCTAssertEqual(corners.count, 54)
        // OpenCV numbers row by row but may start at any of the four outer corners (the board seen turned by
        // 180° or from its back fits the same grid); accept each of the four numberings.
        let truth = (0..<6).flatMap { r in
            (0..<9).map { c in
                let p = RenderedChessboard.intrinsics.project(
                    pose.actInverse(point: Vec3(Double(c) * board.squareSize, Double(r) * board.squareSize, 0)))!
                return SIMD2(p.u, p.v)
            }
        }
        func worst(_ a: [SIMD2<Double>]) -> Double {
            zip(a, truth).map { (($0 - $1) * ($0 - $1)).sum().squareRoot() }.max()!
        }
        func index(_ c: Int, _ r: Int) -> Int { r * 9 + c }
        let numberings: [(Int, Int) -> Int] = [
            { index($0, $1) }, { index(8 - $0, $1) }, { index($0, 5 - $1) }, { index(8 - $0, 5 - $1) },
        ]
        let error = numberings.map { renumber in
            worst((0..<6).flatMap { r in (0..<9).map { c in corners[renumber(c, r)] } })
        }.min()!
        print(String(format: "largest corner error against the projection: %.3f px", error))
        XCTAssertLessThan(error, 0.3)
    }

    func testNoBoardIsNilNotAnError() throws {
        let blank = try Image(width: 160, height: 120, channels: 3, bitDepth: 8,
                              pixels: [UInt8](repeating: 200, count: 160 * 120 * 3))
        XCTAssertNil(try Chessboard(columns: 9, rows: 6, squareSize: 0.03).corners(in: blank))
        let deep = try Image(width: 4, height: 4, channels: 1, samples16: [UInt16](repeating: 0, count: 16))
        XCTAssertThrowsError(try Chessboard(columns: 9, rows: 6, squareSize: 0.03).corners(in: deep))
    }
}
