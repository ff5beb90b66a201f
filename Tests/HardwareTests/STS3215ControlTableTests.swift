import XCTest

@testable import Hardware

/// Addresses checked against the Feetech SMS/STS memory table.
final class STS3215ControlTableTests: XCTestCase {
    func testAddresses() {
        let t = ControlTable.sts3215
        let expected: [(Register, Int, Int)] = [
            (t.modelNumberRegister, 3, 2), (t.id, 5, 1), (t.baudRate, 6, 1), (t.returnDelay, 7, 1),
            (t.minPositionLimit, 9, 2), (t.maxPositionLimit, 11, 2), (t.positionP, 21, 1), (t.positionD, 22, 1),
            (t.positionI, 23, 1), (t.homingOffset, 31, 2), (t.operatingMode, 33, 1), (t.torqueEnable, 40, 1),
            (t.goalPosition, 42, 2), (t.goalVelocity, 46, 2), (t.presentPosition, 56, 2), (t.presentVelocity, 58, 2),
            (t.presentLoad!, 60, 2), (t.presentVoltage, 62, 1), (t.presentTemperature, 63, 1), (t.presentCurrent, 69, 2),
        ]
        for (register, address, size) in expected {
            XCTAssertEqual(register.address, address)
            XCTAssertEqual(register.size, size, "@\(address)")
        }
        XCTAssertEqual(t.presentPosition.encoding, .signMagnitude(signBit: 15))
        XCTAssertEqual(t.homingOffset.encoding, .signMagnitude(signBit: 11))
        XCTAssertEqual(t.presentLoad?.encoding, .signMagnitude(signBit: 10))
        XCTAssertNil(t.goalCurrent, "the STS3215 has no current control")
        XCTAssertEqual(t.baudRateValue(for: 1_000_000), 0)
        XCTAssertEqual(t.baudRateValue(for: 250_000), 2)
        XCTAssertNil(t.baudRateValue(for: 3_000_000))
    }

    func testPresentBlockIsContiguous() {
        // The bus reads position, velocity, load, voltage and temperature in one 8-byte sync read.
        let t = ControlTable.sts3215
        XCTAssertEqual(t.presentVelocity.address, t.presentPosition.address + 2)
        XCTAssertEqual(t.presentLoad!.address, t.presentPosition.address + 4)
        XCTAssertEqual(t.presentTemperature.address + 1 - t.presentPosition.address, 8)
    }
}
