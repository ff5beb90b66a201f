import XCTest

@testable import Hardware

final class JointMappingTests: XCTestCase {
    let sts = ControlTable.sts3215

    func testRevoluteAroundMidRange() {
        let map = JointMapping(calibration: .init(id: 1, homingOffset: 0, rangeMin: 1000, rangeMax: 3000), table: sts,
                               isPrismatic: false, lower: -1.5, upper: 1.5, stallTorque: 2.94)
        XCTAssertEqual(map.position(ticks: 2047), 0)
        XCTAssertEqual(map.position(ticks: 2047 + 1024), Double.pi / 2, accuracy: 1e-12)
        XCTAssertEqual(map.ticks(position: -Double.pi / 2), 2047 - 1024)
        XCTAssertEqual(map.ticks(position: 3.0), 3000, "goals are clamped to the calibrated range")
        XCTAssertEqual(map.ticks(position: .nan), 2000)
        XCTAssertEqual(Double(100) * map.velocityScale, 100 * 2 * Double.pi / 4096, accuracy: 1e-12, "STS speed counts ticks/s")
        XCTAssertEqual(Double(500) * map.effortScale, 0.5 * 2.94, accuracy: 1e-12, "load 500 = 50 % of stall")
    }

    func testDriveModeReverses() {
        let map = JointMapping(calibration: .init(id: 1, driveMode: 1, homingOffset: 0, rangeMin: 0, rangeMax: 4095), table: sts,
                               isPrismatic: false, lower: -3, upper: 3, stallTorque: 2.94)
        XCTAssertEqual(map.position(ticks: 2047 + 1024), -Double.pi / 2, accuracy: 1e-12)
        XCTAssertEqual(map.ticks(position: -Double.pi / 2), 2047 + 1024)
        XCTAssertLessThan(map.velocityScale, 0)
    }

    func testPrismaticSpansTheRange() {
        let xm = ControlTable.xm430W350
        let map = JointMapping(calibration: .init(id: 15, homingOffset: 0, rangeMin: 1400, rangeMax: 3290), table: xm,
                               isPrismatic: true, lower: -0.010, upper: 0.019, stallTorque: 1)
        XCTAssertEqual(map.position(ticks: 1400), -0.010, accuracy: 1e-12)
        XCTAssertEqual(map.position(ticks: 3290), 0.019, accuracy: 1e-12)
        XCTAssertEqual(map.ticks(position: 0.0045), 2345)
        let reversed = JointMapping(calibration: .init(id: 15, driveMode: 1, homingOffset: 0, rangeMin: 1400, rangeMax: 3290), table: xm,
                                    isPrismatic: true, lower: -0.010, upper: 0.019, stallTorque: 1)
        XCTAssertEqual(reversed.position(ticks: 3290), -0.010, accuracy: 1e-12)
        XCTAssertEqual(reversed.ticks(position: 0.019), 1400)
    }
}
