import XCTest

@testable import Hardware

final class FaultSpecTests: XCTestCase {
    func testParsesEveryFault() throws {
        let spec = try FaultSpec(parsing: "drop=0.001, corrupt=0.01,silent=3@2.5,silent=4,overload=2@1,vanish=10")
        XCTAssertEqual(spec.dropProbability, 0.001)
        XCTAssertEqual(spec.corruptProbability, 0.01)
        XCTAssertEqual(spec.silent, [.init(id: 3, at: 2.5), .init(id: 4, at: 0)])
        XCTAssertEqual(spec.overload, [.init(id: 2, at: 1)])
        XCTAssertEqual(spec.vanishAt, 10)
        XCTAssertTrue(try FaultSpec(parsing: "").isEmpty)
    }

    func testBadInputNamesTheItem() {
        let cases = [
            ("drop=2", "--faults drop=2: expected a probability between 0 and 1"),
            ("silent=x", "--faults silent=x: expected a servo ID (0...253), optionally @seconds"),
            ("overload=3@-1", "--faults overload=3@-1: expected a time in seconds ≥ 0, found \"-1\""),
            ("explode=1", "--faults \"explode\": unknown fault; expected drop, corrupt, silent, overload or vanish"),
            ("corrupt", "--faults \"corrupt\": expected key=value (drop, corrupt, silent, overload, vanish)"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try FaultSpec(parsing: text)) { XCTAssertEqual("\($0)", message) }
        }
    }
}
