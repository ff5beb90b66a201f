import Foundation
import XCTest

@testable import Imaging

/// The folder-level procedure behind `embody calibrate camera`, on rendered PNGs with known intrinsics.
final class ChessboardCalibrationTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embody-calset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// A grey frame without a board, as a calibration session always has a few of.
    private func writeBlank(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try writePNG(Image(width: 640, height: 480, channels: 3, bitDepth: 8,
                           pixels: [UInt8](repeating: 115, count: 640 * 480 * 3)), to: path)
        return path
    }

    func testSkipsImagesWithoutTheBoardAndCalibratesFromTheRest() throws {
        let views = try RenderedChessboard.writeViews(to: directory, count: 12)
        let blank = try writeBlank("view-99-blank.png")
        var progress: [String] = []
        let run = try ChessboardCalibration(
            imagePaths: views + [blank], board: Chessboard(parsing: "9x6", squareSize: RenderedChessboard.square),
            onImage: { progress.append($0.path) })
        XCTAssertEqual(progress, views + [blank])
        XCTAssertEqual(run.usedCount, 12)
        XCTAssertEqual(run.images.last, .init(path: blank, found: false, rms: nil))
        XCTAssertTrue(run.images.dropLast().allSatisfy { $0.found && $0.rms! < 0.5 })
        let truth = RenderedChessboard.intrinsics
        XCTAssertEqual(run.calibration.fx, truth.fx, accuracy: 0.005 * truth.fx)
        XCTAssertEqual(run.calibration.cy, truth.cy, accuracy: 2)
    }

    func testTooFewUsableImagesIsAClearError() throws {
        let views = try Array(RenderedChessboard.writeViews(to: directory, count: 3))
        let blank = try writeBlank("blank.png")
        XCTAssertThrowsError(try ChessboardCalibration(imagePaths: views + [blank], board: Chessboard(parsing: "9x6", squareSize: 0.03))) {
            XCTAssertEqual("\($0)", "invalid argument: the 9x6 board was found in 3 of 4 images; need at least 5 (check --board counts inner corners, and that the whole board is in view)")
        }
    }

    func testImagesOfDifferentSizesAreRefused() throws {
        let view = try RenderedChessboard.writeViews(to: directory, count: 1)[0]
        let small = directory.appendingPathComponent("small.png").path
        try writePNG(Image(width: 320, height: 240, channels: 1, bitDepth: 8, pixels: [UInt8](repeating: 0, count: 320 * 240)), to: small)
        XCTAssertThrowsError(try ChessboardCalibration(imagePaths: [view, small], board: Chessboard(parsing: "9x6", squareSize: 0.03))) {
            XCTAssertEqual("\($0)", "invalid argument: \(small): 320x240, but \(view) is 640x480; all images must come from one camera mode")
        }
    }

    func testUndecodableImageIsNamed() throws {
        let broken = directory.appendingPathComponent("broken.png").path
        XCTAssertTrue(FileManager.default.createFile(atPath: broken, contents: Data("not a png".utf8)))
        XCTAssertThrowsError(try ChessboardCalibration(imagePaths: [broken], board: Chessboard(parsing: "9x6", squareSize: 0.03))) {
            XCTAssertEqual("\($0)", "'\(broken)' is not an image OpenCV can decode")
        }
    }

    /// Writes the rendered set into $EMBODY_CHESSBOARD_DIR to try the command by hand (the README example):
    /// `EMBODY_CHESSBOARD_DIR=/tmp/chessboard swift test --filter testWriteExampleImages`. Skipped otherwise.
    func testWriteExampleImages() throws {
        guard let folder = ProcessInfo.processInfo.environment["EMBODY_CHESSBOARD_DIR"] else {
            throw XCTSkip("set EMBODY_CHESSBOARD_DIR to write the example images")
        }
        let url = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let paths = try RenderedChessboard.writeViews(to: url, count: 14)
        _ = try writeBlank("view-14-no-board.png")
        try FileManager.default.copyItem(atPath: directory.appendingPathComponent("view-14-no-board.png").path,
                                         toPath: url.appendingPathComponent("view-14-no-board.png").path)
        print("wrote \(paths.count + 1) images to \(folder)")
    }

    /// The command end to end on a folder of rendered PNGs. ImagingTests does not depend on the executable, so
    /// this runs when `embody` has been built into the same build folder (`swift build --product embody`) and is
    /// skipped otherwise.
    func testCalibrateCameraCommand() throws {
        var folder = Bundle.main.bundleURL
        var executable: URL?
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("embody")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { executable = candidate; break }
            folder = folder.deletingLastPathComponent()
        }
        guard let executable else { throw XCTSkip("embody executable not built next to \(Bundle.main.bundleURL.path)") }
        let images = directory.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        _ = try RenderedChessboard.writeViews(to: images, count: 12)
        let output = directory.appendingPathComponent("camera-sim.yaml").path

        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, stdout, stderr)
        }

        let good = try run(["calibrate", "camera", "--images", images.path, "--board", "9x6", "--square", "0.03",
                            "--output", output])
        print(good.stdout)
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(good.stdout.contains("view-00.png: board found"), good.stdout)
        XCTAssertTrue(good.stdout.contains("wrote \(output)"), good.stdout)
        let written = try CameraCalibration(contentsOf: output)
        XCTAssertEqual(written.fx, RenderedChessboard.intrinsics.fx, accuracy: 0.005 * RenderedChessboard.intrinsics.fx)
        XCTAssertLessThan(try XCTUnwrap(written.rms), 0.5)

        let wrongBoard = try run(["calibrate", "camera", "--images", images.path, "--board", "7x5", "--square", "0.03",
                                  "--output", output])
        XCTAssertEqual(wrongBoard.status, 2)
        XCTAssertTrue(wrongBoard.stderr.hasPrefix("embody: the 7x5 board was found in 0 of 12 images"), wrongBoard.stderr)
        XCTAssertEqual(wrongBoard.stderr.filter { $0 == "\n" }.count, 1, "one line: \(wrongBoard.stderr)")
    }
}
