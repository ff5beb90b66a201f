import XCTest

@testable import Hardware

final class PacketStreamDecoderTests: XCTestCase {
    func testNoiseThatFillsTheBufferIsDroppedAndDecodingGoesOn() throws {
        let decoder = PacketStreamDecoder<FeetechFormat>(direction: .status, capacity: 64)
        decoder.append([0xFF, 0xFF, 0x01, 0xFA])  // announces 250 bytes: can never complete in 64
        decoder.append([UInt8](repeating: 0x00, count: 200))
        let ping = bytes("FF FF 01 02 00 FC")
        decoder.append(ping)
        var found: [UInt8] = []
        while true {
            do {
                guard let packet = try decoder.next() else { break }
                found.append(packet.id)
            } catch {}
        }
        XCTAssertEqual(found, [1])
        XCTAssertGreaterThan(decoder.discardedBytes, 100)
    }

    func testFreeSpaceAndCommitAndReset() throws {
        let decoder = PacketStreamDecoder<FeetechFormat>(direction: .status, capacity: 64)
        let ping = bytes("FF FF 01 02 00 FC")
        let space = decoder.freeSpace()
        XCTAssertEqual(space.count, 64)
        ping.withUnsafeBytes { space.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 3) }
        decoder.commit(3)
        XCTAssertNil(try decoder.next(), "half a packet")
        decoder.append(Array(ping[3...]))
        XCTAssertEqual(try decoder.next()?.id, 1)
        decoder.append(Array(ping[0..<4]))
        decoder.reset()
        XCTAssertEqual(decoder.bufferedCount, 0)
        decoder.append(ping)
        XCTAssertEqual(try decoder.next()?.id, 1, "reset forgot the half packet")
    }
}
