import Events
import XCTest

final class PolarityEventTests: XCTestCase {
    func testPacksIntoSixteenBytes() {
        // Timestamps, coordinates and polarity in one cache-friendly value: 8 + 2 + 2 + 1, padded.
        XCTAssertEqual(MemoryLayout<PolarityEvent>.stride, 16)
    }
}
