import XCTest

@testable import Hardware

final class FeetechFormatTests: XCTestCase {
    let status = bytes("FF FF 01 04 00 18 05 DD")

    func decodeError(_ packet: [UInt8], _ direction: PacketDirection = .status) -> PacketError? {
        do {
            _ = try FeetechPacket.decode(packet, direction: direction)
            return nil
        } catch {
            return error
        }
    }

    func testBadChecksum() {
        var corrupted = status
        corrupted[5] = 0x19
        XCTAssertEqual(decodeError(corrupted), PacketError(offset: 7, .checksum(expected: 0xDC, found: 0xDD)))
        XCTAssertEqual(decodeError(corrupted)?.description, "byte 7: expected checksum 0xDC, found 0xDD")
    }

    func testWrongHeaderTruncatedAndWrongLength() {
        XCTAssertEqual(decodeError([0xFF, 0xFE] + status.dropFirst(2)), PacketError(offset: 1, .header(expected: 0xFF, found: 0xFE)))
        XCTAssertEqual(decodeError(Array(status.prefix(6))), PacketError(offset: 6, .truncated(expected: 8, found: 6)))
        var short = status
        short[3] = 1
        XCTAssertEqual(decodeError(short), PacketError(offset: 3, .length(minimum: 2, maximum: 255, found: 1)))
        XCTAssertEqual(decodeError(status + [0]), PacketError(offset: 3, .trailingBytes(expected: 8, found: 9)))
        XCTAssertEqual(decodeError(bytes("FF FF FE 02 00 FF")), PacketError(offset: 2, .id(found: 0xFE)), "no status from the broadcast ID")
        XCTAssertEqual(decodeError(bytes("FF FF 01 02 82 7A")), PacketError(offset: 4, .errorByte(found: 0x82)))
    }

    func testStreamResynchronisesOnChecksum() throws {
        // Feetech has no stuffing: a false header inside garbage must fail its checksum and be skipped.
        var corrupted = status
        corrupted[6] ^= 0x01
        let stream = [0xFF, 0xFF, 0x01] + corrupted + status + [0x00, 0xFF] + bytes("FF FF 02 02 20 DB")
        let decoder = PacketStreamDecoder<FeetechFormat>(direction: .status)
        decoder.append(stream)
        var decoded: [(UInt8, UInt8, Int)] = []
        var rejected = 0
        while true {
            do {
                guard let packet = try decoder.next() else { break }
                decoded.append((packet.id, packet.error, packet.parameters.count))
            } catch {
                rejected += 1
            }
        }
        XCTAssertEqual(decoded.map(\.0), [1, 2])
        XCTAssertEqual(decoded.map(\.1), [0, 0x20])
        XCTAssertGreaterThanOrEqual(rejected, 1)
        XCTAssertEqual(decoder.rejectedPackets, rejected)
    }
}
