import XCTest

@testable import Hardware

final class MonotonicTimeTests: XCTestCase {
    func testWaitUntilNeverReturnsEarly() {
        let start = monotonicNanoseconds()
        let deadline = start + 2_000_000
        waitUntil(deadline)
        XCTAssertGreaterThanOrEqual(monotonicNanoseconds(), deadline)
        waitUntil(start)  // a past deadline returns at once
        XCTAssertGreaterThanOrEqual(monotonicNanoseconds(), start)
    }
}
