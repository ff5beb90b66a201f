import Events
import Foundation
import XCTest

final class AEDAT4ReaderTests: XCTestCase {
    var valid: [UInt8] = []

    override func setUpWithError() throws {
        let path = Fixtures.temporary("valid.aedat4")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try AEDAT4Writer(path: path, width: 32, height: 16)
        var first: [PolarityEvent] = [], second: [PolarityEvent] = []
        for k in 0..<20 { first.append(PolarityEvent(timestamp: Int64(100 + k), x: UInt16(k), y: UInt16(k % 16), polarity: k % 2 == 0)) }
        for k in 20..<30 { second.append(PolarityEvent(timestamp: Int64(100 + k), x: UInt16(k), y: 3, polarity: true)) }
        try writer.write(first)
        try writer.write(second)
        try writer.close()
        valid = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes `bytes` to a temporary file and reads it; the error's text, or nil on success.
    func readError(_ bytes: [UInt8], name: String = "bad.aedat4") -> String? {
        let path = Fixtures.temporary(name)
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        do {
            _ = try readAEDAT4(path: path)
            return nil
        } catch {
            XCTAssertFalse(error.description.contains("\n"), "one line: \(error)")
            XCTAssertTrue(error.description.hasPrefix(path), "names the file: \(error)")
            return error.description.replacingOccurrences(of: path, with: name)
        }
    }

    func testBadFilesGiveOneLineNamingTheByteAndWhatWasExpected() {
        XCTAssertEqual(readError([]), "bad.aedat4: byte 0: expected the AEDAT 4.0 version line '#!AER-DAT4.0\\r\\n'")
        XCTAssertEqual(readError(Array("#!AER-DAT3.1\r\n".utf8) + [0, 0, 0, 0]), "bad.aedat4: byte 0: expected the AEDAT 4.0 version line '#!AER-DAT4.0\\r\\n'")
        XCTAssertEqual(readError(Array(valid[0..<16])), "bad.aedat4: byte 14: expected the IOHeader size (4 bytes), found the end of the data")
        XCTAssertTrue(readError(Array(valid[0..<40]))!.hasPrefix("bad.aedat4: byte 14: expected an IOHeader of "), readError(Array(valid[0..<40]))!)

        // Cut inside the first packet: its size no longer fits what is left before the data table
        // (the table position in the header now points past the end of the file).
        let cut = readError(Array(valid[0..<(valid.count - 300)]))!
        XCTAssertTrue(cut.contains("expected a data table position inside the file"), cut)

        // Compressed files are refused with the reason.
        var lz4 = valid
        lz4[14 + 28] = 1  // the IOHeader's compression field
        XCTAssertEqual(readError(lz4), "bad.aedat4: byte 42: expected compression NONE, found LZ4 (only uncompressed AEDAT4 is supported)")

        // A packet whose FlatBuffer identifier is not EVTS.
        let firstPacket = 14 + 4 + Int(valid[14]) + Int(valid[15]) << 8
        var wrongID = valid
        wrongID[firstPacket + 8 + 8] = UInt8(ascii: "X")
        XCTAssertEqual(readError(wrongID), "bad.aedat4: byte \(firstPacket + 16): expected the FlatBuffers identifier EVTS of an event packet")

        // A packet claiming more events than it holds.
        var tooMany = valid
        tooMany[firstPacket + 8 + 28] = 200
        XCTAssertEqual(readError(tooMany), "bad.aedat4: byte \(firstPacket + 36): expected 200 events of 16 bytes, but the packet has room for 20")

        // An event off the sensor.
        var offSensor = valid
        offSensor[firstPacket + 8 + 32 + 8] = 40
        XCTAssertEqual(readError(offSensor), "bad.aedat4: byte \(firstPacket + 48): expected an event inside the 32 x 16 sensor, found (40, 0)")

        XCTAssertTrue(readError(valid) == nil)
        XCTAssertThrowsError(try readAEDAT4(path: "/nonexistent/x.aedat4")) {
            XCTAssertEqual("\($0)", "/nonexistent/x.aedat4: cannot open: No such file or directory")
        }
    }

    func testNoTruncationOrByteFlipCrashesTheReader() {
        // Every prefix, and many single-byte corruptions: an error or a recording, never a trap.
        for length in stride(from: 0, to: valid.count, by: 7) { _ = readError(Array(valid[0..<length])) }
        var seed: UInt64 = 9
        for _ in 0..<400 {
            var corrupt = valid
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let at = Int(seed >> 33) % corrupt.count
            corrupt[at] = UInt8(truncatingIfNeeded: seed >> 13)
            _ = readError(corrupt)
        }
    }

    func testReadsAFileWithoutDataTableAndWithOtherStreams() throws {
        // dataTablePosition −1 (an interrupted recording): packets are read to the end of the file.
        var open = valid
        for k in 0..<8 { open[46 + k] = 0xFF }
        let table = valid[46..<54].withUnsafeBytes { Int($0.loadUnaligned(as: Int64.self).littleEndian) }
        open.removeSubrange(table...)
        let path = Fixtures.temporary("open.aedat4")
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(open))
        XCTAssertEqual(try readAEDAT4(path: path).events.count, 30)
    }
}
