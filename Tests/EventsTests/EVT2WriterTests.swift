import Events
import Foundation
import XCTest

final class EVT2WriterTests: XCTestCase {
    func testRoundTripsAcrossTimeHighWordsAndWritesTheDocumentedLayout() throws {
        let path = Fixtures.temporary("roundtrip.raw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let events = [
            PolarityEvent(timestamp: 5, x: 0, y: 0, polarity: true),
            PolarityEvent(timestamp: 63, x: 1279, y: 719, polarity: false),
            PolarityEvent(timestamp: 64, x: 640, y: 360, polarity: true),  // new time-high word
            PolarityEvent(timestamp: 64, x: 641, y: 360, polarity: false),
            PolarityEvent(timestamp: 3_000_000_123, x: 7, y: 9, polarity: true),  // > 2^31 µs
        ]
        let writer = try EVT2Writer(path: path, width: 1280, height: 720)
        try writer.write(Array(events[0..<3]))
        try writer.write(Array(events[3...]))
        try writer.close()
        XCTAssertEqual(try readEVT2(path: path), EventRecording(width: 1280, height: 720, events: events))

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("% evt 2.0\n% format EVT2;height=720;width=1280\n"), text)
        let body = Array(bytes[(bytes.count - 4 * 8)...])  // 3 time-high words + 5 events
        func word(_ k: Int) -> UInt32 { body[4 * k..<4 * k + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self).littleEndian } }
        XCTAssertEqual(word(0), 0x8000_0000, "time high 0")
        XCTAssertEqual(word(1), 0x1000_0000 | 5 << 22, "CD_ON t=5 at (0, 0)")
        XCTAssertEqual(word(2), 63 << 22 | 1279 << 11 | 719, "CD_OFF t=63 at (1279, 719)")
        XCTAssertEqual(word(3), 0x8000_0001, "time high 1 (t = 64)")
        XCTAssertEqual(word(6), 0x8000_0000 | UInt32(3_000_000_123 >> 6))
    }

    func testRejectsWhatEVT2CannotHold() throws {
        XCTAssertThrowsError(try EVT2Writer(path: Fixtures.temporary("big.raw"), width: 4096, height: 10))
        let path = Fixtures.temporary("order.raw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try EVT2Writer(path: path, width: 10, height: 10)
        try writer.write([PolarityEvent(timestamp: 100, x: 1, y: 1, polarity: true)])
        XCTAssertThrowsError(try writer.write([PolarityEvent(timestamp: 99, x: 1, y: 1, polarity: true)]))
        XCTAssertThrowsError(try writer.write([PolarityEvent(timestamp: 1 << 34, x: 1, y: 1, polarity: true)]))
        XCTAssertThrowsError(try writer.write([PolarityEvent(timestamp: 200, x: 1, y: 10, polarity: true)]))
        try writer.close()
    }
}
