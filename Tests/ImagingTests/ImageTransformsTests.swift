import XCTest

@testable import Imaging

final class ImageTransformsTests: XCTestCase {
    func testAreaDownscaleAveragesBlocks() throws {
        // 4x4 RGB made of 2x2 blocks, each block holding four different values: the 2x2 result must be
        // the block means, computed here independently.
        let width = 4, height = 4
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<3 { pixels[(y * width + x) * 3 + c] = UInt8(((x + 1) * 20 + y * 40 + c * 4) % 256) }
            }
        }
        let image = try Image(width: width, height: height, channels: 3, bitDepth: 8, pixels: pixels)
        let small = try image.resized(width: 2, height: 2, interpolation: .area)
        XCTAssertEqual(small.width, 2)
        XCTAssertEqual(small.height, 2)
        for by in 0..<2 {
            for bx in 0..<2 {
                for c in 0..<3 {
                    var sum = 0
                    for dy in 0..<2 { for dx in 0..<2 { sum += Int(pixels[((2 * by + dy) * width + 2 * bx + dx) * 3 + c]) } }
                    let expected = Double(sum) / 4
                    XCTAssertEqual(Double(small.pixels[(by * 2 + bx) * 3 + c]), expected, accuracy: 0.5)
                }
            }
        }
    }

    func testNearestUpscaleReplicatesPixels() throws {
        let samples: [UInt16] = [1000, 65000, 3, 40000]
        let image = try Image(width: 2, height: 2, channels: 1, samples16: samples)
        let big = try image.resized(width: 4, height: 4, interpolation: .nearest)
        XCTAssertEqual(big.bitDepth, 16)
        let out = big.samples16
        for y in 0..<4 { for x in 0..<4 { XCTAssertEqual(out[y * 4 + x], samples[(y / 2) * 2 + x / 2]) } }
    }

    func testGrayscaleUsesBT601Weights() throws {
        let rgb: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 100, 50]
        let gray = try Image(width: 4, height: 1, channels: 3, bitDepth: 8, pixels: rgb).grayscale()
        XCTAssertEqual(gray.channels, 1)
        for i in 0..<4 {
            let expected = 0.299 * Double(rgb[3 * i]) + 0.587 * Double(rgb[3 * i + 1]) + 0.114 * Double(rgb[3 * i + 2])
            XCTAssertEqual(Double(gray.pixels[i]), expected, accuracy: 1.0, "pixel \(i)")
        }
        let rgba = try Image(width: 1, height: 1, channels: 4, bitDepth: 8, pixels: [0, 255, 0, 7]).grayscale()
        XCTAssertEqual(Double(rgba.pixels[0]), 0.587 * 255, accuracy: 1.0)
    }

    func testBadResizeTargetIsATypedError() throws {
        let image = try Image(width: 2, height: 2, channels: 1, bitDepth: 8, pixels: [1, 2, 3, 4])
        XCTAssertThrowsError(try image.resized(width: 0, height: 2)) { error in
            guard case .invalidArgument = error as? ImagingError else { return XCTFail("got \(error)") }
        }
    }
}
