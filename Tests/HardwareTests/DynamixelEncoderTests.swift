import AllocationCounter
import XCTest

@testable import Hardware

/// Every Protocol 2.0 example of the ROBOTIS e-Manual, byte for byte, encoded and decoded back.
final class DynamixelEncoderTests: XCTestCase {
    var packet: [UInt8] = []

    override func setUp() {
        packet.reserveCapacity(256)
    }

    func roundTrip(_ expected: [UInt8], direction: PacketDirection, file: StaticString = #filePath, line: UInt = #line) throws -> DynamixelPacket {
        let decoded = try DynamixelPacket.decode(expected, direction: direction)
        // Re-encode from the decoded fields: the bytes must come back identical.
        if let error = decoded.error {
            DynamixelEncoder.status(id: decoded.id, error: error, parameters: decoded.parameters, into: &packet)
        } else {
            DynamixelEncoder.begin(id: decoded.id, instruction: decoded.instruction, into: &packet)
            for byte in decoded.parameters { DynamixelEncoder.append(byte, to: &packet) }
            DynamixelEncoder.finish(&packet)
        }
        XCTAssertEqual(packet, expected, "re-encoded", file: file, line: line)
        return decoded
    }

    func testPing() throws {
        DynamixelEncoder.ping(id: 1, into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FD 00 01 03 00 01 19 4E"))
        let instruction = try roundTrip(bytes("FF FF FD 00 01 03 00 01 19 4E"), direction: .instruction)
        XCTAssertEqual(instruction, DynamixelPacket(id: 1, instruction: 0x01, parameters: []))

        let status = try roundTrip(bytes("FF FF FD 00 01 07 00 55 00 06 04 26 65 5D"), direction: .status)
        XCTAssertEqual(status, DynamixelPacket(id: 1, instruction: 0x55, error: 0, parameters: [0x06, 0x04, 0x26]))
        XCTAssertEqual(RegisterCoding.littleEndian(status.parameters, at: 0, size: 2), 1030, "model number")
    }

    func testReadPresentPosition() throws {
        DynamixelEncoder.read(id: 1, address: 132, length: 4, into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FD 00 01 07 00 02 84 00 04 00 1D 15"))
        _ = try roundTrip(packet, direction: .instruction)
        let status = try roundTrip(bytes("FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0"), direction: .status)
        XCTAssertEqual(status.error, 0)
        XCTAssertEqual(RegisterCoding.littleEndian(status.parameters, at: 0, size: 4), 166)
    }

    func testWriteGoalPosition() throws {
        DynamixelEncoder.write(id: 1, address: 116, value: 512, size: 4, into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89"))
        DynamixelEncoder.write(id: 1, address: 116, data: [0x00, 0x02, 0x00, 0x00], into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89"))
        let decoded = try roundTrip(packet, direction: .instruction)
        XCTAssertEqual(decoded.parameters, [0x74, 0x00, 0x00, 0x02, 0x00, 0x00])
        let status = try roundTrip(bytes("FF FF FD 00 01 04 00 55 00 A1 0C"), direction: .status)
        XCTAssertEqual(status, DynamixelPacket(id: 1, instruction: 0x55, error: 0, parameters: []))
    }

    func testSyncRead() throws {
        DynamixelEncoder.syncRead(address: 132, length: 4, ids: [1, 2], into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA"))
        let decoded = try roundTrip(packet, direction: .instruction)
        XCTAssertEqual(decoded.id, Dynamixel.broadcastID)
        XCTAssertEqual(decoded.instruction, DynamixelInstruction.syncRead.rawValue)
    }

    func testSyncWrite() throws {
        // Goal position 150 to ID 1 and 170 to ID 2.
        DynamixelEncoder.syncWrite(address: 116, length: 4, ids: [1, 2], data: [0x96, 0, 0, 0, 0xAA, 0, 0, 0], into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87"))
        _ = try roundTrip(packet, direction: .instruction)
    }

    func testBulkRead() throws {
        // 2 bytes from 144 (present voltage) of ID 1, 1 byte from 146 (temperature) of ID 2.
        DynamixelEncoder.bulkRead([.init(id: 1, address: 144, length: 2), .init(id: 2, address: 146, length: 1)], into: &packet)
        XCTAssertEqual(packet, bytes("FF FF FD 00 FE 0D 00 92 01 90 00 02 00 02 92 00 01 00 1A 05"))
        _ = try roundTrip(packet, direction: .instruction)
    }

    func testBulkWriteAndRebootRoundTrip() throws {
        DynamixelEncoder.bulkWrite([.init(id: 1, address: 116, data: [0, 2, 0, 0]), .init(id: 2, address: 64, data: [1])], into: &packet)
        let bulk = try roundTrip(packet, direction: .instruction)
        XCTAssertEqual(bulk.instruction, 0x93)
        XCTAssertEqual(bulk.parameters, [1, 116, 0, 4, 0, 0, 2, 0, 0, 2, 64, 0, 1, 0, 1])
        DynamixelEncoder.reboot(id: 1, into: &packet)
        let reboot = try roundTrip(packet, direction: .instruction)
        XCTAssertEqual(reboot, DynamixelPacket(id: 1, instruction: 0x08, parameters: []))
    }

    func testByteStuffing() throws {
        // Parameters FF FF FD twice: each gets an FD after it, the length counts them, the CRC covers them.
        DynamixelEncoder.write(id: 1, address: 0x1FF, data: [0xFF, 0xFD, 0xFF, 0xFF, 0xFD, 0x00, 0xFF, 0xFF, 0xFD], into: &packet)
        let afterInstruction = Array(packet[8..<(packet.count - 2)])
        XCTAssertEqual(afterInstruction, bytes("FF 01 FF FD FF FF FD FD 00 FF FF FD FD"))
        XCTAssertEqual(Int(packet[5]) | Int(packet[6]) << 8, 1 + afterInstruction.count + 2)
        XCTAssertEqual(DynamixelCRC.checksum(Array(packet.dropLast(2))), UInt16(packet[packet.count - 2]) | UInt16(packet.last!) << 8)
        let decoded = try DynamixelPacket.decode(packet, direction: .instruction)
        XCTAssertEqual(decoded.parameters, [0xFF, 0x01, 0xFF, 0xFD, 0xFF, 0xFF, 0xFD, 0x00, 0xFF, 0xFF, 0xFD])
        // A status whose value contains the pattern.
        DynamixelEncoder.status(id: 3, error: 0, parameters: [0xFF, 0xFF, 0xFD, 0xFD], into: &packet)
        XCTAssertEqual(Array(packet[8..<(packet.count - 2)]), bytes("00 FF FF FD FD FD"))
        XCTAssertEqual(try DynamixelPacket.decode(packet, direction: .status).parameters, [0xFF, 0xFF, 0xFD, 0xFD])
    }

    func testStatusErrorByte() {
        let error = DynamixelStatusError(rawValue: 0x87)
        XCTAssertTrue(error.alert)
        XCTAssertEqual(error.number, DynamixelStatusError.accessError)
        XCTAssertEqual(error.description, "access error, hardware alert")
        XCTAssertEqual(DynamixelStatusError(rawValue: 0).description, "no error")
        XCTAssertEqual(DynamixelHardwareError(rawValue: 0x24).description, "overheating, overload")
    }

    func testEncodingAllocatesNothing() {
        let ids: [UInt8] = [1, 2, 3, 4, 5, 6]
        let data = [UInt8](repeating: 0xFD, count: 24)
        DynamixelEncoder.syncWrite(address: 116, length: 4, ids: ids, data: data, into: &packet)  // sizes the buffer
        let allocations = countAllocations {
            for _ in 0..<100 {
                DynamixelEncoder.syncRead(address: 132, length: 8, ids: ids, into: &packet)
                DynamixelEncoder.syncWrite(address: 116, length: 4, ids: ids, data: data, into: &packet)
            }
        }
        XCTAssertEqual(allocations, 0)
    }
}
