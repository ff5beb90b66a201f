import Events
import Imaging
import XCTest

final class LumaTests: XCTestCase {
    func testMatchesOpenCVGrayConversion() throws {
        var rgb = [UInt8](repeating: 0, count: 64 * 3 * 4)
        var seed: UInt64 = 1
        for i in rgb.indices {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            rgb[i] = UInt8(truncatingIfNeeded: seed >> 56)
        }
        let opencv = try Image(width: 64, height: 4, channels: 3, bitDepth: 8, pixels: rgb).grayscale().pixels
        var ours = [UInt8](repeating: 0, count: 256)
        rgb.withUnsafeBufferPointer { source in ours.withUnsafeMutableBufferPointer { lumaFromRGB(source, into: $0) } }
        XCTAssertEqual(ours, opencv)
    }
}
