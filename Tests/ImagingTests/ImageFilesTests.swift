import Foundation
import XCTest

@testable import Imaging

final class ImageFilesTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embody-imaging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func pattern(width: Int, height: Int, channels: Int, bitDepth: Int) throws -> Image {
        var rng = SystemRandomNumberGenerator()
        if bitDepth == 16 {
            // Full 16-bit range, so a silent truncation to 8 bits would show.
            let samples = (0..<(width * height * channels)).map { _ in UInt16.random(in: 0...UInt16.max, using: &rng) }
            return try Image(width: width, height: height, channels: channels, samples16: samples)
        }
        let bytes = (0..<(width * height * channels)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return try Image(width: width, height: height, channels: channels, bitDepth: 8, pixels: bytes)
    }

    func testPNGRoundTripIsLosslessForEveryLayout() throws {
        for (channels, bitDepth, colourType) in [(1, 8, 0), (3, 8, 2), (4, 8, 6), (1, 16, 0), (3, 16, 2), (4, 16, 6)] {
            let image = try pattern(width: 37, height: 23, channels: channels, bitDepth: bitDepth)
            let file = path("image-\(channels)-\(bitDepth).png")
            try writePNG(image, to: file)
            // The header, parsed without OpenCV, says what was really written.
            let header = try XCTUnwrap(ReferencePNG.header([UInt8](Data(contentsOf: URL(fileURLWithPath: file)))))
            XCTAssertEqual(header.width, 37)
            XCTAssertEqual(header.height, 23)
            XCTAssertEqual(header.bitDepth, bitDepth)
            XCTAssertEqual(header.colourType, colourType)
            XCTAssertEqual(try readImage(at: file), image, "\(channels) channels, \(bitDepth) bit")
        }
    }

    func testChannelOrderIsRGBAgainstAnIndependentEncoder() throws {
        // Red, green, blue, half-transparent white, as an RGBA PNG made without OpenCV.
        let rgba: [UInt8] = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 128]
        let file = path("reference.png")
        try Data(ReferencePNG.encode(width: 2, height: 2, channels: 4, pixels: rgba)).write(to: URL(fileURLWithPath: file))
        let decoded = try readImage(at: file)
        XCTAssertEqual(decoded.channels, 4)
        XCTAssertEqual(decoded.pixels, rgba)

        let rgb: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]
        try Data(ReferencePNG.encode(width: 4, height: 1, channels: 3, pixels: rgb)).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try readImage(at: file).pixels, rgb)
    }

    func testUnwritablePathIsAnIOErrorNamingTheCause() throws {
        let image = try pattern(width: 4, height: 4, channels: 1, bitDepth: 8)
        XCTAssertThrowsError(try writePNG(image, to: path("missing/sub/dir/x.png"))) { error in
            guard case .io(let message) = error as? ImagingError else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("No such file or directory"), message)
            XCTAssertTrue(message.contains("missing/sub/dir"), message)
        }
        XCTAssertThrowsError(try writePNG(image, to: directory.path)) { error in
            guard case .io = error as? ImagingError else { return XCTFail("got \(error)") }
        }
    }

    func testReadingMissingOrNonImageFilesFailsClearly() throws {
        XCTAssertThrowsError(try readImage(at: path("absent.png"))) { error in
            guard case .io(let message) = error as? ImagingError else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("absent.png"), message)
        }
        let text = path("notes.png")
        try "not an image".write(toFile: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try readImage(at: text)) { error in
            guard case .io(let message) = error as? ImagingError else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("decode"), message)
        }
    }

    func testInconsistentImageIsRejected() {
        XCTAssertThrowsError(try Image(width: 2, height: 2, channels: 3, bitDepth: 8, pixels: [0, 0, 0]))
        XCTAssertThrowsError(try Image(width: 2, height: 2, channels: 2, bitDepth: 8, pixels: [UInt8](repeating: 0, count: 8)))
        XCTAssertThrowsError(try Image(width: 1, height: 1, channels: 1, bitDepth: 12, pixels: [0, 0]))
    }
}
