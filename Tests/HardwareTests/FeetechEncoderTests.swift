import AllocationCounter
import XCTest

@testable import Hardware

/// Every example of the Feetech manual, byte for byte, encoded and decoded back.
final class FeetechEncoderTests: XCTestCase {
    var packet: [UInt8] = []

    func roundTrip(_ expected: [UInt8], direction: PacketDirection, file: StaticString = #filePath, line: UInt = #line) throws -> FeetechPacket {
        let decoded = try FeetechPacket.decode(expected, direction: direction)
        if let error = decoded.error {
            FeetechEncoder.status(id: decoded.id, error: error.rawValue, parameters: decoded.parameters, into: &packet)
        } else {
            FeetechEncoder.begin(id: decoded.id, instruction: decoded.instruction!, into: &packet)
            for byte in decoded.parameters { FeetechEncoder.append(byte, to: &packet) }
            FeetechEncoder.finish(&packet)
        }
        XCTAssertEqual(packet, expected, "re-encoded", file: file, line: line)
        return decoded
    }

    func testPing() throws {
        FeetechEncoder.ping(id: 1, into: &packet)
        XCTAssertEqual(packet, bytes("FF FF 01 02 01 FB"))
        XCTAssertEqual(try roundTrip(packet, direction: .instruction), FeetechPacket(id: 1, instruction: 0x01, parameters: []))
        XCTAssertEqual(try roundTrip(bytes("FF FF 01 02 00 FC"), direction: .status), FeetechPacket(id: 1, error: [], parameters: []))
    }

    func testReadPresentPosition() throws {
        FeetechEncoder.read(id: 1, address: 0x38, length: 2, into: &packet)
        XCTAssertEqual(packet, bytes("FF FF 01 04 02 38 02 BE"))
        _ = try roundTrip(packet, direction: .instruction)
        let status = try roundTrip(bytes("FF FF 01 04 00 18 05 DD"), direction: .status)
        XCTAssertEqual(status.parameters, [0x18, 0x05])
        XCTAssertEqual(RegisterCoding.littleEndian(status.parameters, at: 0, size: 2), 0x0518)  // 1304 ticks
    }

    func testSyncRead() throws {
        // 8 bytes from 0x38 (position, speed, load, voltage, temperature) of IDs 1 and 2.
        FeetechEncoder.syncRead(address: 0x38, length: 8, ids: [1, 2], into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FE 06 82 38 08 01 02 36"))
        _ = try roundTrip(packet, direction: .instruction)
    }

    func testSyncWrite() throws {
        // Position 0x0800, time 0, speed 1000 (0x03E8) to IDs 1-4, from 0x2A.
        let data: [UInt8] = (1...4).flatMap { _ -> [UInt8] in [0x00, 0x08, 0x00, 0x00, 0xE8, 0x03] }
        FeetechEncoder.syncWrite(address: 0x2A, length: 6, ids: [1, 2, 3, 4], data: data, into: &packet)
        let expected = bytes("FF FF FE 20 83 2A 06 01 00 08 00 00 E8 03 02 00 08 00 00 E8 03 03 00 08 00 00 E8 03 04 00 08 00 00 E8 03 58")
        XCTAssertEqual(packet, expected)
        _ = try roundTrip(packet, direction: .instruction)
    }

    func testWriteRoundTrip() throws {
        FeetechEncoder.write(id: 3, address: 40, value: 1, size: 1, into: &packet)
        XCTAssertEqual(try roundTrip(packet, direction: .instruction), FeetechPacket(id: 3, instruction: 0x03, parameters: [40, 1]))
        FeetechEncoder.write(id: 3, address: 42, data: [0x00, 0x08], into: &packet)
        XCTAssertEqual(try roundTrip(packet, direction: .instruction).parameters, [42, 0x00, 0x08])
    }

    func testStatusErrorBits() throws {
        FeetechEncoder.status(id: 5, error: 0x24, parameters: [], into: &packet)
        let decoded = try FeetechPacket.decode(packet, direction: .status)
        XCTAssertEqual(decoded.error, [.overheat, .overload])
        XCTAssertEqual(decoded.error?.description, "overheat, overload")
        XCTAssertEqual(FeetechStatusError(rawValue: 0x1B).description, "input voltage, angle sensor, over-current, bit 4")
    }

    func testSignMagnitudeRegisters() {
        // Position and speed: sign in bit 15; homing offset: bit 11; load: bit 10.
        XCTAssertEqual(RegisterCoding.signMagnitude(0x8005, signBit: 15), -5)
        XCTAssertEqual(RegisterCoding.signMagnitudeRaw(-5, signBit: 15), 0x8005)
        XCTAssertEqual(RegisterCoding.signMagnitude(0x0805, signBit: 11), -5)
        XCTAssertEqual(RegisterCoding.signMagnitudeRaw(-2047, signBit: 11), 0x0FFF)
        XCTAssertNil(RegisterCoding.signMagnitudeRaw(2048, signBit: 11), "the homing offset register stops at ±2047")
        XCTAssertEqual(RegisterCoding.signMagnitude(0x0400 | 300, signBit: 10), -300)
        XCTAssertEqual(RegisterCoding.signMagnitude(300, signBit: 10), 300)
        XCTAssertEqual(RegisterCoding.twosComplement(0xFFFF_FFFE, size: 4), -2)
        XCTAssertEqual(RegisterCoding.twosComplementRaw(-2, size: 2), 0xFFFE)
    }

    func testEncodingAllocatesNothing() {
        let ids: [UInt8] = [1, 2, 3, 4, 5, 6]
        let data = [UInt8](repeating: 7, count: 12)
        packet.reserveCapacity(128)
        let allocations = countAllocations {
            for _ in 0..<100 {
                FeetechEncoder.syncRead(address: 56, length: 8, ids: ids, into: &packet)
                FeetechEncoder.syncWrite(address: 42, length: 2, ids: ids, data: data, into: &packet)
            }
        }
        XCTAssertEqual(allocations, 0)
    }
}
