import Foundation
import XCTest

@testable import Imaging

/// A recorded stream played back through the `FrameSource` interface, including undistortion and resizing
/// (the same OpenCV path a live V4L2 camera's frames take).
final class VideoFileSourceTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embody-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// Frame i: left half a colour whose red rises with i, right half blue, so order, orientation and channel
    /// order all show after lossy compression.
    private func frame(_ i: Int, width: Int = 96, height: Int = 64) throws -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                let p = 3 * (y * width + x)
                let rgb: [UInt8] = x < width / 2 ? [UInt8(30 + 20 * i), 200, 40] : [20, 40, 220]
                pixels.replaceSubrange(p..<p + 3, with: rgb)
            }
        }
        return try Image(width: width, height: height, channels: 3, bitDepth: 8, pixels: pixels)
    }

    private func record(_ frames: [Image], name: String = "stream.mp4", fps: Double = 25) throws -> String {
        let writer = try VideoWriter(path: directory.appendingPathComponent(name).path,
                                     width: frames[0].width, height: frames[0].height, fps: fps)
        for image in frames { try writer.append(image) }
        try writer.close()
        return writer.path
    }

    private func pixel(_ image: Image, _ x: Int, _ y: Int) -> [Int] {
        let p = 3 * (y * image.width + x)
        return image.pixels[p..<p + 3].map(Int.init)
    }

    func testPlaysBackEveryFrameWithSizeContentAndMediaTime() throws {
        let path = try record((0..<8).map { try frame($0) })
        let source: any FrameSource = try VideoFileSource(path: path)
        XCTAssertEqual([source.width, source.height], [96, 64])
        var frames: [(Image, Int64)] = []
        while let next = try source.nextFrame() { frames.append(next) }
        XCTAssertEqual(frames.count, 8)
        for (i, (image, stamp)) in frames.enumerated() {
            XCTAssertEqual(stamp, Int64(i) * 40_000_000, "frame \(i) at 25 fps")
            let left = pixel(image, 20, 32), right = pixel(image, 76, 32)
            XCTAssertEqual(left[0], 30 + 20 * i, accuracy: 8, "frame \(i) left \(left)")
            XCTAssertEqual(left[1], 200, accuracy: 8)
            XCTAssertEqual(right[2], 220, accuracy: 8, "frame \(i) right \(right)")
        }
        XCTAssertNil(try source.nextFrame(), "stays at the end")
    }

    func testResizesToTheRequestedOutput() throws {
        let path = try record((0..<3).map { try frame($0) })
        let source = try VideoFileSource(path: path, output: FrameOutput(width: 48, height: 32))
        XCTAssertEqual([source.sourceWidth, source.sourceHeight, source.width, source.height], [96, 64, 48, 32])
        var buffer = [UInt8](repeating: 0, count: 48 * 32 * 3)
        var count = 0
        while try buffer.withUnsafeMutableBufferPointer({ (b) throws(CameraError) in try source.grab(into: b) }) != nil {
            let image = try Image(width: 48, height: 32, channels: 3, bitDepth: 8, pixels: buffer)
            XCTAssertEqual(pixel(image, 10, 16)[1], 200, accuracy: 8)
            XCTAssertEqual(pixel(image, 38, 16)[2], 220, accuracy: 8)
            count += 1
        }
        XCTAssertEqual(count, 3)
        var small = [UInt8](repeating: 0, count: 10)
        let fresh = try VideoFileSource(path: path, output: FrameOutput(width: 48, height: 32))
        XCTAssertThrowsError(try small.withUnsafeMutableBufferPointer { (b) throws(CameraError) in try fresh.grab(into: b) }) {
            XCTAssertEqual(($0 as? CameraError)?.kind, .invalidArgument)
        }
    }

    /// A bright blob recorded where the lens model puts an ideal point must come out at the ideal point after
    /// undistortion (cv::initUndistortRectifyMap + remap), within half a pixel.
    func testUndistortsWithACalibration() throws {
        let (width, height) = (320, 240)
        let calibration = try CameraCalibration(
            width: width, height: height, cameraMatrix: [300, 0, 159.5, 0, 300, 119.5, 0, 0, 1],
            distortion: [-0.3, 0.1, 0, 0, 0])
        // The lens images the blob at the whole pixel `seen`; invert OpenCV's radial model (fixed-point
        // iteration, independent of OpenCV) to find where an ideal pinhole would have put it.
        let seen = (u: 265.0, v: 63.0)
        let xd = (seen.u - 159.5) / 300, yd = (seen.v - 119.5) / 300
        var (x, y) = (xd, yd)
        for _ in 0..<50 {
            let r2 = x * x + y * y
            let factor = 1 - 0.3 * r2 + 0.1 * r2 * r2
            (x, y) = (xd / factor, yd / factor)
        }
        let ideal = (u: 159.5 + 300 * x, v: 119.5 + 300 * y)
        var pixels = [UInt8](repeating: 10, count: width * height * 3)
        for v in Int(seen.v.rounded()) - 3...Int(seen.v.rounded()) + 3 {
            for u in Int(seen.u.rounded()) - 3...Int(seen.u.rounded()) + 3 {
                for c in 0..<3 { pixels[3 * (v * width + u) + c] = 250 }
            }
        }
        let blob = try Image(width: width, height: height, channels: 3, bitDepth: 8, pixels: pixels)
        let path = try record([blob, blob], name: "lens.avi")
        let file = directory.appendingPathComponent("lens.yaml").path
        try calibration.write(to: file)
        let source = try VideoFileSource(path: path, output: FrameOutput(calibration: CameraCalibration(contentsOf: file)))
        let (image, _) = try XCTUnwrap(source.nextFrame())
        var sum = (u: 0.0, v: 0.0, w: 0.0)
        for v in 0..<height {
            for u in 0..<width {
                let w = max(0, Double(image.pixels[3 * (v * width + u)]) - 60)
                sum = (sum.u + w * Double(u), sum.v + w * Double(v), sum.w + w)
            }
        }
        let centre = (u: sum.u / sum.w, v: sum.v / sum.w)
        print(String(format: "blob seen at (%.2f, %.2f), undistorted to (%.2f, %.2f), ideal (%.2f, %.2f)",
                     seen.u, seen.v, centre.u, centre.v, ideal.u, ideal.v))
        XCTAssertGreaterThan(abs(seen.u - ideal.u) + abs(seen.v - ideal.v), 5, "the test needs visible distortion")
        XCTAssertEqual(centre.u, ideal.u, accuracy: 0.5)
        XCTAssertEqual(centre.v, ideal.v, accuracy: 0.5)
    }

    func testCalibrationForAnotherSizeIsRefused() throws {
        let path = try record([try frame(0)])
        let calibration = try CameraCalibration(
            width: 640, height: 480, cameraMatrix: [500, 0, 320, 0, 500, 240, 0, 0, 1], distortion: [0, 0, 0, 0, 0])
        XCTAssertThrowsError(try VideoFileSource(path: path, output: FrameOutput(calibration: calibration))) {
            XCTAssertEqual("\($0)", "\(path): the calibration is for 640x480 frames, the source delivers 96x64")
        }
    }

    func testMissingFileNamesThePath() {
        let path = directory.appendingPathComponent("absent.mp4").path
        XCTAssertThrowsError(try VideoFileSource(path: path)) {
            XCTAssertEqual(($0 as? CameraError)?.kind, .badFile)
            XCTAssertEqual("\($0)", "cannot read '\(path)': No such file or directory")
        }
    }
}
