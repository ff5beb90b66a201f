import AllocationCounter
import XCTest

@testable import Hardware

/// Decoding errors name the byte and what was expected; the stream decoder resynchronises.
final class DynamixelFormatTests: XCTestCase {
    let status = bytes("FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0")

    func decodeError(_ packet: [UInt8], _ direction: PacketDirection = .status) -> PacketError? {
        do {
            _ = try DynamixelPacket.decode(packet, direction: direction)
            return nil
        } catch {
            return error
        }
    }

    func testBadCRC() {
        var corrupted = status
        corrupted[9] = 0xA7
        let error = decodeError(corrupted)
        XCTAssertEqual(error, PacketError(offset: 13, .checksum(expected: DynamixelCRC.checksum(Array(corrupted[0..<13])), found: 0xC08C)))
        XCTAssertTrue(error!.description.hasPrefix("byte 13: expected CRC 0x"), error!.description)
        XCTAssertTrue(error!.description.hasSuffix("found 0xC08C"), error!.description)
    }

    func testWrongHeader() {
        var wrong = status
        wrong[2] = 0xFE
        XCTAssertEqual(decodeError(wrong), PacketError(offset: 2, .header(expected: 0xFD, found: 0xFE)))
        XCTAssertEqual(decodeError(wrong)?.description, "byte 2: expected header byte 0xFD, found 0xFE")
    }

    func testTruncated() {
        XCTAssertEqual(decodeError(Array(status.prefix(12))), PacketError(offset: 12, .truncated(expected: 15, found: 12)))
        XCTAssertEqual(decodeError(Array(status.prefix(5))), PacketError(offset: 5, .truncated(expected: 10, found: 5)))
    }

    func testWrongLength() {
        var short = status
        short[5] = 0x02  // below instruction + error + CRC
        XCTAssertEqual(decodeError(short)?.offset, 5)
        if case .length(let minimum, _, let found)? = decodeError(short)?.problem {
            XCTAssertEqual(minimum, 3)
            XCTAssertEqual(found, 2)
        } else {
            XCTFail("expected a length error")
        }
        XCTAssertEqual(decodeError(status + [0x00]), PacketError(offset: 5, .trailingBytes(expected: 15, found: 16)))
    }

    func testInstructionWhereStatusExpected() {
        let ping = bytes("FF FF FD 00 01 03 00 01 19 4E")
        XCTAssertEqual(decodeError(ping, .status), PacketError(offset: 7, .instruction(expected: 0x55, found: 0x01)))
    }

    func testStreamResynchronisesAfterGarbageAndCorruption() throws {
        var corrupted = status
        corrupted[10] ^= 0x40
        let second = bytes("FF FF FD 00 02 08 00 55 00 10 00 00 00") // CRC appended below
        var secondPacket: [UInt8] = []
        DynamixelEncoder.status(id: 2, error: 0, parameters: Array(second[9...]), into: &secondPacket)
        let stream = [0x00, 0xFF, 0x13, 0xFF, 0xFF] + status + [0xFF, 0xFF, 0xFD] + corrupted + secondPacket

        let decoder = PacketStreamDecoder<DynamixelFormat>(direction: .status)
        var ids: [UInt8] = []
        var values: [UInt32] = []
        var errors: [PacketError] = []
        // Byte by byte: a packet split anywhere must still decode.
        for byte in stream {
            decoder.append([byte])
            while true {
                do {
                    guard let packet = try decoder.next() else { break }
                    ids.append(packet.id)
                    values.append(packet.value(at: 0, size: 4))
                } catch {
                    errors.append(error)
                }
            }
        }
        XCTAssertEqual(ids, [1, 2])
        XCTAssertEqual(values, [166, 16])
        XCTAssertEqual(errors.count, 1)
        if case .checksum? = errors.first?.problem {} else { XCTFail("\(errors)") }
        XCTAssertEqual(decoder.rejectedPackets, 1)
        XCTAssertGreaterThan(decoder.discardedBytes, 0)
    }

    func testStreamDecodingAllocatesNothing() throws {
        let decoder = PacketStreamDecoder<DynamixelFormat>(direction: .status)
        var total: UInt32 = 0
        let allocations = try countAllocations {
            for _ in 0..<100 {
                status.withUnsafeBytes { decoder.append($0) }
                while let packet = try decoder.next() { total &+= packet.value(at: 0, size: 4) }
            }
        }
        XCTAssertEqual(total, 16600)
        XCTAssertEqual(allocations, 0)
    }
}
