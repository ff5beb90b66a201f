import Events
import XCTest

final class ScalarEventTests: XCTestCase {
    func testPacksIntoSixteenBytesAndDecodesItsValue() {
        XCTAssertEqual(MemoryLayout<ScalarEvent>.stride, 16)
        XCTAssertEqual(ScalarEvent(timestamp: 0, channel: 3, level: -7).value(threshold: 0.25), -1.75)
    }
}
