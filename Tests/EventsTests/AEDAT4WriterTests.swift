import Events
import Foundation
import Imaging
import XCTest

final class AEDAT4WriterTests: XCTestCase {
    func sampleEvents(_ n: Int, start: Int64 = 1000) -> [PolarityEvent] {
        var events: [PolarityEvent] = []
        for k in 0..<n {
            let t: Int64 = start + Int64(k * k % 97) + Int64(13 * k)
            events.append(PolarityEvent(timestamp: t, x: UInt16(k * 7 % 346), y: UInt16(k * 11 % 260), polarity: k % 3 != 0))
        }
        return events.sorted { $0.timestamp < $1.timestamp }
    }

    func testRoundTripsPacketsAndIndexesThemInTheDataTable() throws {
        let path = Fixtures.temporary("roundtrip.aedat4")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let events = sampleEvents(500)
        let writer = try AEDAT4Writer(path: path, width: 346, height: 260)
        try writer.write(Array(events[0..<100]))
        try writer.write([])  // nothing: no empty packet
        try writer.write(Array(events[100..<101]))
        try writer.write(Array(events[101...]))
        try writer.close()
        XCTAssertEqual(writer.packetCount, 3)
        XCTAssertEqual(writer.eventCount, 500)

        let recording = try readAEDAT4(path: path)
        XCTAssertEqual(recording, EventRecording(width: 346, height: 260, events: events))

        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(bytes[0..<14]), Array("#!AER-DAT4.0\r\n".utf8))
        XCTAssertEqual(String(decoding: bytes[22..<26], as: UTF8.self), "IOHE")
        let table = bytes[46..<54].withUnsafeBytes { Int($0.loadUnaligned(as: Int64.self).littleEndian) }
        XCTAssertEqual(String(decoding: bytes[(table + 8)..<(table + 12)], as: UTF8.self), "FTAB", "header points at the file data table")
        XCTAssertEqual(bytes.count, writer.byteCount)
        // Between header and data table: 16 bytes per event plus 40 per packet (header, FlatBuffer framing).
        let header = 14 + 4 + Int(bytes[14..<18].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self).littleEndian })
        XCTAssertEqual(table - header, 16 * 500 + 40 * 3)
    }

    func testRejectsOutOfOrderAndOffSensorEvents() throws {
        let path = Fixtures.temporary("bad-write.aedat4")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try AEDAT4Writer(path: path, width: 10, height: 10)
        try writer.write([PolarityEvent(timestamp: 50, x: 1, y: 1, polarity: true)])
        XCTAssertThrowsError(try writer.write([PolarityEvent(timestamp: 40, x: 1, y: 1, polarity: true)])) {
            XCTAssertTrue("\($0)".contains("time order"), "\($0)")
        }
        XCTAssertThrowsError(try writer.write([PolarityEvent(timestamp: 60, x: 10, y: 1, polarity: true)])) {
            XCTAssertTrue("\($0)".contains("outside the 10 x 10 sensor"), "\($0)")
        }
        try writer.close()
        XCTAssertEqual(try readAEDAT4(path: path).events.count, 1)
        XCTAssertThrowsError(try AEDAT4Writer(path: "/nonexistent-dir/x.aedat4", width: 10, height: 10)) {
            XCTAssertTrue("\($0)".hasPrefix("/nonexistent-dir/x.aedat4: cannot create"), "\($0)")
        }
    }

    /// The committed file was written by `embody events encode` (see tools/events/check_aedat.py);
    /// emulating the same frames in-process and writing them must give the same bytes, and the
    /// PyPI `aedat` decoder's view of that file (committed) must equal ours.
    func testMatchesTheCommittedFileAndItsAedatDecoding() throws {
        let decoded = try Fixtures.json("aedat4/reference.decoded.json")
        let settings = decoded["encode"] as! [String: Any]
        var p = DVSParameters()
        p.seed = UInt64(settings["seed"] as! Int)
        let model = try DVSModel(width: 64, height: 48, parameters: p)
        let state = DVSState(model)
        let path = Fixtures.temporary("reference.aedat4")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try AEDAT4Writer(path: path, width: 64, height: 48)
        for k in 0..<(settings["frames"] as! Int) {
            let frame = try readImage(at: Fixtures.path(String(format: "dvs_reference/frames/%04d.pgm", k)))
            emulateDVS(model, state, frame: frame, timestamp: Int64(k) * 1_000_000 / Int64(settings["fps"] as! Int))
            try writer.write(state.events)
        }
        try writer.close()
        let committed = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("aedat4/reference.aedat4")))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), committed, "byte-identical to the committed file")

        let ours = try readAEDAT4(path: Fixtures.path("aedat4/reference.aedat4"))
        let peer = decoded["aedat"] as! [String: Any]
        XCTAssertEqual(ours.width, peer["width"] as! Int)
        XCTAssertEqual(ours.height, peer["height"] as! Int)
        XCTAssertEqual(ours.events.count, peer["events"] as! Int)
        XCTAssertEqual(ours.events.filter(\.polarity).count, peer["on"] as! Int)
        XCTAssertEqual(ours.events.first?.timestamp, Int64(peer["first_t"] as! Int))
        XCTAssertEqual(ours.events.last?.timestamp, Int64(peer["last_t"] as! Int))
        XCTAssertEqual(fnv1a(ours.events), peer["fnv1a64"] as! String, "every event equal to the aedat decoding")
    }
}
