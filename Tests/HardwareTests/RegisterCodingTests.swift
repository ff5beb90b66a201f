import XCTest

@testable import Hardware

final class RegisterCodingTests: XCTestCase {
    func testLittleEndianRoundTrip() {
        var bytes: [UInt8] = []
        RegisterCoding.appendLittleEndian(0x1234_5678, size: 4, to: &bytes)
        RegisterCoding.appendLittleEndian(0xABCD, size: 2, to: &bytes)
        XCTAssertEqual(bytes, [0x78, 0x56, 0x34, 0x12, 0xCD, 0xAB])
        XCTAssertEqual(RegisterCoding.littleEndian(bytes, at: 0, size: 4), 0x1234_5678)
        XCTAssertEqual(RegisterCoding.littleEndian(bytes, at: 4, size: 2), 0xABCD)
        XCTAssertEqual(RegisterCoding.littleEndian(bytes, at: 5, size: 1), 0xAB)
    }

    func testSignedEncodings() {
        for value in [-2047, -1, 0, 1, 2047] {
            XCTAssertEqual(RegisterCoding.signMagnitude(RegisterCoding.signMagnitudeRaw(value, signBit: 11)!, signBit: 11), value)
            XCTAssertEqual(RegisterCoding.twosComplement(RegisterCoding.twosComplementRaw(value, size: 2), size: 2), value)
        }
        XCTAssertEqual(RegisterCoding.signMagnitudeRaw(-1, signBit: 15), 0x8001, "not two's complement")
        XCTAssertEqual(RegisterCoding.twosComplementRaw(-1, size: 2), 0xFFFF)
    }
}
