import XCTest

@testable import Hardware

final class EmulatedWireTests: XCTestCase {
    func testBytesQueueBehindEachOther() throws {
        var wire = EmulatedWire(baud: 1_000_000, faults: FaultSpec(), seed: 0)
        XCTAssertEqual(wire.duration(112), 1_120_000)
        wire.receive(26, at: 1_000_000)                 // a sync write: on the wire until 1.26 ms
        wire.receive(14, at: 1_010_000)                 // the sync read queues behind it
        XCTAssertEqual(wire.freeAt, 1_000_000 + 400_000)
        XCTAssertEqual(wire.reply(12, earliest: 1_200_000), 1_520_000, "an answer waits for the wire")
        XCTAssertEqual(wire.reply(12, earliest: 2_000_000), 2_120_000)
    }

    func testSeededFaults() throws {
        func damaged(_ seed: UInt64) -> ([UInt8], Int, Int) {
            var wire = EmulatedWire(baud: 1_000_000, faults: try! FaultSpec(parsing: "drop=0.1,corrupt=0.1"), seed: seed)
            var bytes = [UInt8](repeating: 0x55, count: 1000)
            let kept = bytes.withUnsafeMutableBufferPointer { wire.damage($0.baseAddress!, count: 1000) }
            return (Array(bytes[0..<kept]), wire.droppedBytes, wire.corruptedBytes)
        }
        let (a, dropped, corrupted) = damaged(1)
        XCTAssertEqual(a.count, 1000 - dropped)
        XCTAssertEqual(Double(dropped), 100, accuracy: 40)
        XCTAssertEqual(Double(corrupted), 90, accuracy: 40)
        XCTAssertEqual(a.filter { $0 != 0x55 }.count, corrupted, "one flipped bit per corrupted byte")
        XCTAssertEqual(damaged(1).0, a, "the same seed damages the same bytes")
        XCTAssertNotEqual(damaged(2).0, a)
    }
}
