import Events
import Foundation
import XCTest

final class LinLogTests: XCTestCase {
    func testIsLinearBelowTheKneeLogAboveAndContinuous() {
        XCTAssertEqual(linLog(0, linearBelow: 20), 0)
        XCTAssertEqual(linLog(10, linearBelow: 20), log(20) / 2, accuracy: 1e-12)
        XCTAssertEqual(linLog(20, linearBelow: 20), log(20), accuracy: 1e-12)
        XCTAssertEqual(linLog(20.000001, linearBelow: 20), log(20), accuracy: 1e-6)
        XCTAssertEqual(linLog(200, linearBelow: 20), log(200))
        for v in 1...255 { XCTAssertGreaterThan(linLog(Double(v), linearBelow: 20), linLog(Double(v - 1), linearBelow: 20)) }
    }
}
