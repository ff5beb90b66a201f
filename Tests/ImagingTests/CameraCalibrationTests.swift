import Foundation
import Physics
import XCTest

@testable import Imaging

/// Calibration against ground truth: chessboard views rendered by the simulator with known intrinsics.
final class CameraCalibrationTests: XCTestCase {
    func testRecoversRenderedIntrinsics() throws {
        let truth = RenderedChessboard.intrinsics
        let board = try Chessboard(columns: RenderedChessboard.columns, rows: RenderedChessboard.rows,
                                   squareSize: RenderedChessboard.square)
        var views: [[SIMD2<Double>]] = []
        for (index, pose) in RenderedChessboard.cameraPoses().enumerated() {
            let image = try RenderedChessboard.render(from: pose)
            let corners = try XCTUnwrap(board.corners(in: image), "board not found in view \(index)")
            views.append(corners)
        }
        let (calibration, perView) = try CameraCalibration.calibrate(
            views: views, board: board, width: truth.width, height: truth.height)
        print(String(format: "rendered calibration: fx %.3f (%.3f) fy %.3f (%.3f) cx %.3f (%.3f) cy %.3f (%.3f) RMS %.4f px",
                     calibration.fx, truth.fx, calibration.fy, truth.fy, calibration.cx, truth.cx, calibration.cy,
                     truth.cy, calibration.rms ?? -1))
        print("distortion \(calibration.distortion); per-view RMS max \(perView.max()!)")
        XCTAssertEqual(calibration.fx, truth.fx, accuracy: 0.005 * truth.fx)
        XCTAssertEqual(calibration.fy, truth.fy, accuracy: 0.005 * truth.fy)
        XCTAssertEqual(calibration.cx, truth.cx, accuracy: 2)
        XCTAssertEqual(calibration.cy, truth.cy, accuracy: 2)
        XCTAssertLessThan(try XCTUnwrap(calibration.rms), 0.5)
        // The renderer has no lens distortion: the fitted model must move no image corner by more than 1 px
        // (coefficients alone are not a fair test, k1, k2 and k3 trade off against each other).
        let shift = cornerShift(calibration)
        print(String(format: "largest distortion shift at an image corner: %.3f px", shift))
        XCTAssertLessThan(shift, 1)
        XCTAssertEqual(perView.count, views.count)
        XCTAssertEqual(calibration.viewCount, views.count)
    }

    /// How far OpenCV's distortion model moves the four image corners, pixels.
    private func cornerShift(_ c: CameraCalibration) -> Double {
        let d = c.distortion
        let (k1, k2, p1, p2, k3) = (d[0], d[1], d[2], d[3], d[4])
        var largest = 0.0
        for (u, v) in [(0.0, 0.0), (Double(c.width - 1), 0), (0, Double(c.height - 1)), (Double(c.width - 1), Double(c.height - 1))] {
            let x = (u - c.cx) / c.fx, y = (v - c.cy) / c.fy
            let r2 = x * x + y * y
            let radial = k1 * r2 + k2 * r2 * r2 + k3 * r2 * r2 * r2
            let dx = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x)
            let dy = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y
            largest = max(largest, ((dx * c.fx) * (dx * c.fx) + (dy * c.fy) * (dy * c.fy)).squareRoot())
        }
        return largest
    }

    func testRejectsViewsWithTheWrongCornerCount() throws {
        let board = try Chessboard(columns: 4, rows: 3, squareSize: 0.02)
        XCTAssertThrowsError(try CameraCalibration.calibrate(views: [[SIMD2(1, 2)]], board: board, width: 64, height: 48)) {
            XCTAssertEqual("\($0)", "invalid argument: view 0 has 1 corners; the 4x3 board has 12")
        }
        XCTAssertThrowsError(try CameraCalibration.calibrate(views: [], board: board, width: 64, height: 48))
    }
}
