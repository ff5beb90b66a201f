import XCTest

@testable import Hardware

final class DynamixelCRCTests: XCTestCase {
    func testCheckValueAndManualVectors() {
        // CRC-16/BUYPASS (poly 0x8005, init 0, unreflected): the catalogue's check value.
        XCTAssertEqual(DynamixelCRC.checksum(Array("123456789".utf8)), 0xFEE8)
        XCTAssertEqual(DynamixelCRC.checksum(bytes("FF FF FD 00 01 03 00 01")), 0x4E19)
        XCTAssertEqual(DynamixelCRC.checksum([]), 0)
    }
}
