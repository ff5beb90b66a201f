import Foundation
import XCTest

@testable import Imaging

final class VideoWriterTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embody-video-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Frame i is a flat colour whose brightness rises with i, so order and content can be checked after
    /// lossy compression.
    private func frame(_ i: Int, width: Int, height: Int) throws -> Image {
        let pixel: [UInt8] = [UInt8(20 + 20 * i), UInt8(120), UInt8(230 - 20 * i)]
        return try Image(width: width, height: height, channels: 3, bitDepth: 8,
                         pixels: Array((0..<(width * height)).map { _ in pixel }.joined()))
    }

    private func roundTrip(file: String) throws -> (VideoWriter, [Image]) {
        let width = 64, height = 48
        let writer = try VideoWriter(path: file, width: width, height: height, fps: 30)
        for i in 0..<10 { try writer.append(frame(i, width: width, height: height)) }
        XCTAssertEqual(writer.frameCount, 10)
        try writer.close()
        let reader = try VideoReader(path: writer.path)
        XCTAssertEqual(reader.width, width)
        XCTAssertEqual(reader.height, height)
        XCTAssertEqual(reader.fps, 30, accuracy: 0.01)
        var frames: [Image] = []
        while let next = try reader.nextFrame() { frames.append(next) }
        return (writer, frames)
    }

    func testTenFrameMP4ReadsBackTenFrames() throws {
        let (writer, frames) = try roundTrip(file: directory.appendingPathComponent("clip.mp4").path)
        // Debian 12's OpenCV is built with FFmpeg, which has the MPEG-4 encoder; a fallback here means a
        // different OpenCV build and should be noticed.
        XCTAssertEqual(writer.codec, .mpeg4, "expected MPEG-4; got \(writer.codec) at \(writer.path)")
        XCTAssertEqual(frames.count, 10)
        for (i, decoded) in frames.enumerated() {
            let expected = try frame(i, width: 64, height: 48)
            let meanError = zip(decoded.pixels, expected.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }
                / decoded.pixels.count
            XCTAssertLessThanOrEqual(meanError, 6, "frame \(i) differs by \(meanError) on average")
        }
    }

    func testAVIContainerReadsBackTenFrames() throws {
        // The container follows the extension; MPEG-4 in AVI (or the MJPG fallback) must hold ten frames.
        let (writer, frames) = try roundTrip(file: directory.appendingPathComponent("clip.avi").path)
        XCTAssertTrue(writer.path.hasSuffix(".avi"))
        XCTAssertEqual(frames.count, 10)
    }

    func testGrayFramesAreAccepted() throws {
        let file = directory.appendingPathComponent("gray.mp4").path
        let writer = try VideoWriter(path: file, width: 32, height: 32, fps: 10, channels: 1)
        for i in 0..<5 { try writer.append(pixels: [UInt8](repeating: UInt8(40 * i), count: 32 * 32)) }
        try writer.close()
        let reader = try VideoReader(path: writer.path)
        XCTAssertEqual(try reader.countRemainingFrames(), 5)
    }

    func testUnwritableDirectoryAndWrongFramesAreTypedErrors() throws {
        XCTAssertThrowsError(try VideoWriter(path: "/nonexistent-embody-dir/clip.mp4", width: 64, height: 48, fps: 30)) {
            error in
            guard case .io(let message) = error as? ImagingError else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("/nonexistent-embody-dir"), message)
        }
        XCTAssertThrowsError(try VideoWriter(path: directory.appendingPathComponent("odd.mp4").path, width: 63, height: 48, fps: 30))
        let writer = try VideoWriter(path: directory.appendingPathComponent("w.mp4").path, width: 64, height: 48, fps: 30)
        XCTAssertThrowsError(try writer.append(frame(0, width: 32, height: 48))) { error in
            guard case .invalidArgument = error as? ImagingError else { return XCTFail("got \(error)") }
        }
        try writer.append(frame(0, width: 64, height: 48))
        try writer.close()
        XCTAssertThrowsError(try writer.append(frame(0, width: 64, height: 48)))
        XCTAssertThrowsError(try VideoReader(path: directory.appendingPathComponent("none.mp4").path)) { error in
            guard case .io = error as? ImagingError else { return XCTFail("got \(error)") }
        }
    }
}
