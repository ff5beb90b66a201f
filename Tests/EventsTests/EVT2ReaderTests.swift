import Events
import Foundation
import XCTest

final class EVT2ReaderTests: XCTestCase {
    func read(_ bytes: [UInt8]) -> Result<EventRecording, EventFileError> {
        let path = Fixtures.temporary("bad.raw")
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return Result { () throws(EventFileError) in try readEVT2(path: path) }
            .mapError { EventFileError(path: "bad.raw", offset: $0.offset, $0.message) }
    }

    func header(_ extra: String = "") -> [UInt8] { Array("% evt 2.0\n% format EVT2;height=4;width=8\n\(extra)% end\n".utf8) }

    func word(_ w: UInt32) -> [UInt8] { [UInt8(w & 255), UInt8(w >> 8 & 255), UInt8(w >> 16 & 255), UInt8(w >> 24)] }

    func testBadFilesGiveOneLineNamingTheByte() {
        XCTAssertEqual("\(read(Array("hello".utf8)).failure!)", "bad.raw: byte 0: expected a RAW header declaring '% evt 2.0' or '% format EVT2'")
        XCTAssertEqual("\(read(Array("% evt 2.0\n% end\n".utf8)).failure!)", "bad.raw: byte 0: expected the sensor size in the header (format … width/height, or geometry)")
        let h = header()
        XCTAssertEqual("\(read(h + [1, 2]).failure!)", "bad.raw: byte \(h.count): expected whole 32-bit words, found 2 trailing bytes")
        XCTAssertEqual("\(read(h + word(0x8000_0000) + word(0x3000_0000)).failure!)", "bad.raw: byte \(h.count + 4): expected an EVT 2.0 word type (0, 1, 8, A, E or F), found 3")
        XCTAssertEqual("\(read(h + word(0x1000_0000 | 9 << 11)).failure!)", "bad.raw: byte \(h.count): expected an event inside the 8 x 4 sensor, found (9, 0)")
    }

    func testSkipsTriggerAndVendorWordsAndUsesGeometry() throws {
        let bytes = Array("% geometry 8x4\n% evt 2.0\n% end\n".utf8) + word(0x8000_0002) + word(0xA000_0000) + word(0x0000_0000 | 3 << 22 | 5 << 11 | 2)
        let recording = try read(bytes).get()
        XCTAssertEqual(recording, EventRecording(width: 8, height: 4, events: [PolarityEvent(timestamp: 2 << 6 | 3, x: 5, y: 2, polarity: false)]))
    }

    /// The committed EVT 2.0 file was written by `embody events encode` from the same frames as
    /// the committed AEDAT4 file; expelliarmus's decoding of it is committed too.
    func testCommittedFileMatchesItsExpelliarmusDecodingAndTheAEDAT4Twin() throws {
        let decoded = try Fixtures.json("aedat4/reference.decoded.json")
        let peer = decoded["expelliarmus"] as! [String: Any]
        let ours = try readEVT2(path: Fixtures.path("aedat4/reference.raw"))
        XCTAssertEqual(ours.events.count, peer["events"] as! Int)
        XCTAssertEqual(fnv1a(ours.events), peer["fnv1a64"] as! String)
        XCTAssertEqual(ours.events, try readAEDAT4(path: Fixtures.path("aedat4/reference.aedat4")).events)
    }
}

extension Result {
    var failure: Failure? { if case .failure(let e) = self { return e } else { return nil } }
}
