import XCTest

@testable import Hardware

/// Addresses checked against the ROBOTIS e-Manual XM430-W350 control table.
final class XM430ControlTableTests: XCTestCase {
    func testAddresses() {
        let t = ControlTable.xm430W350
        let expected: [(Register, Int, Int)] = [
            (t.modelNumberRegister, 0, 2), (t.id, 7, 1), (t.baudRate, 8, 1), (t.returnDelay, 9, 1), (t.driveMode!, 10, 1),
            (t.operatingMode, 11, 1), (t.homingOffset, 20, 4), (t.maxPositionLimit, 48, 4), (t.minPositionLimit, 52, 4),
            (t.torqueEnable, 64, 1), (t.statusReturnLevel, 68, 1), (t.hardwareErrorStatus!, 70, 1), (t.positionD, 80, 2),
            (t.positionI, 82, 2), (t.positionP, 84, 2), (t.goalCurrent!, 102, 2), (t.goalVelocity, 104, 4),
            (t.goalPosition, 116, 4), (t.presentCurrent, 126, 2), (t.presentVelocity, 128, 4), (t.presentPosition, 132, 4),
            (t.presentVoltage, 144, 2), (t.presentTemperature, 146, 1),
        ]
        for (register, address, size) in expected {
            XCTAssertEqual(register.address, address)
            XCTAssertEqual(register.size, size, "@\(address)")
        }
        XCTAssertEqual(t.homingOffset.area, .eeprom)
        XCTAssertEqual(t.torqueEnable.area, .ram)
        XCTAssertEqual(t.baudRateValue(for: 1_000_000), 3)
        XCTAssertEqual(t.positionMode, 3)
    }

    func testPresentBlockIsContiguous() {
        // Current, velocity and position in one 10-byte sync read from 126.
        let t = ControlTable.xm430W350
        XCTAssertEqual(t.presentVelocity.address, t.presentCurrent.address + 2)
        XCTAssertEqual(t.presentPosition.address, t.presentCurrent.address + 6)
    }
}
