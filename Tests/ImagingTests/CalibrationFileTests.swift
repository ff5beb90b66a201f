import Foundation
import XCTest

@testable import Imaging

final class CalibrationFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embody-calib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private let sample = try! CameraCalibration(
        width: 640, height: 480, cameraMatrix: [612.5, 0, 322.25, 0, 604.125, 236.75, 0, 0, 1],
        distortion: [-0.125, 0.0625, 0.001, -0.002, 0.01], rms: 0.0625,
        board: try! Chessboard(columns: 9, rows: 6, squareSize: 0.025), viewCount: 14)

    func testRoundTripsThroughOpenCVLayout() throws {
        let file = path("camera-test.yaml")
        try sample.write(to: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("%YAML:1.0\n---\n"), text)
        for line in ["image_width: 640", "image_height: 480", "board_width: 9", "board_height: 6",
                     "camera_matrix: !!opencv-matrix", "distortion_coefficients: !!opencv-matrix",
                     "   rows: 3", "   cols: 3", "   dt: d", "   rows: 5", "   cols: 1", "avg_reprojection_error: 6.25"] {
            XCTAssertTrue(text.contains(line), "missing '\(line)' in\n\(text)")
        }
        XCTAssertEqual(try CameraCalibration(contentsOf: file), sample)
    }

    /// ROS camera_calibration's ost.yaml: plain maps instead of !!opencv-matrix, extra fields, no `%YAML` line.
    func testReadsROSLayout() throws {
        let file = path("ost.yaml")
        try """
            image_width: 640
            image_height: 480
            camera_name: narrow_stereo
            camera_matrix:
              rows: 3
              cols: 3
              data: [612.5, 0, 322.25, 0, 604.125, 236.75, 0, 0, 1]
            distortion_model: plumb_bob
            distortion_coefficients:
              rows: 1
              cols: 5
              data: [-0.125, 0.0625, 0.001, -0.002, 0.01]
            rectification_matrix:
              rows: 3
              cols: 3
              data: [1, 0, 0, 0, 1, 0, 0, 0, 1]

            """.write(toFile: file, atomically: true, encoding: .utf8)
        let read = try CameraCalibration(contentsOf: file)
        XCTAssertEqual(read.cameraMatrix, sample.cameraMatrix)
        XCTAssertEqual(read.distortion, sample.distortion)
        XCTAssertNil(read.rms)
        XCTAssertNil(read.board)
    }

    func testBadFilesNameFileAndField() throws {
        let file = path("bad.yaml")
        try "%YAML:1.0\n---\nimage_width: 640\nimage_height: 480\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CameraCalibration(contentsOf: file)) {
            XCTAssertEqual("\($0)", "invalid argument: \(file): no 'camera_matrix' field")
        }
        let missing = path("none.yaml")
        XCTAssertThrowsError(try CameraCalibration(contentsOf: missing)) {
            XCTAssertEqual("\($0)", "cannot read '\(missing)': No such file or directory")
        }
        XCTAssertThrowsError(try sample.write(to: path("no/such/dir.yaml")))
    }
}
