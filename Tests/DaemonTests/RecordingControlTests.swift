import Foundation
import XCTest
@testable import Daemon
import Recording

/// Recording names and paths: only `[A-Za-z0-9_-]{1,64}`, only inside the folder, never through a
/// planted symlink.
final class RecordingControlTests: XCTestCase {
    func testNamesOutsideTheAlphabetAreRefused() {
        for bad in ["", "../../etc/passwd", "%2e%2e", "%2e%2e%2fetc", "/etc/passwd", "a/b", "a b", "ok.mcap", "..",
                    String(repeating: "a", count: 65), "naïve"] {
            XCTAssertThrowsError(try RecordingControl.validate(bad), bad) { error in
                XCTAssertEqual((error as? APIError)?.status.code, 400)
            }
        }
        for good in ["run-1", "A_b-9", String(repeating: "z", count: 64)] {
            XCTAssertNoThrow(try RecordingControl.validate(good), good)
        }
    }

    func testWritesInsideTheFolderAndRefusesASymlink() throws {
        let folder = DaemonFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let recordings = try RecordingControl(folder: folder + "/rec", jointNames: ["a", "b"])
        let outside = folder + "/outside.mcap"
        try FileManager.default.createSymbolicLink(atPath: folder + "/rec/trap.mcap", withDestinationPath: outside)
        XCTAssertThrowsError(try recordings.start("trap")) { error in
            XCTAssertEqual((error as? APIError)?.status.code, 409)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside))
        let info = try recordings.start("take1")
        XCTAssertEqual(info.path, folder + "/rec/take1.mcap")
        XCTAssertThrowsError(try recordings.start("take2"))  // one at a time
        let stopped = try recordings.stop()
        XCTAssertEqual(stopped.name, "take1")
        XCTAssertGreaterThan(stopped.bytes, 0)
        XCTAssertThrowsError(try recordings.start("take1")) { error in  // never overwritten
            XCTAssertEqual((error as? APIError)?.status.code, 409)
        }
    }

    // MARK: Start-up recovery of recordings a crash left open

    /// Lines logged by a `RecordingControl` under test.
    private final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// A complete recording of `chunks` chunks of 50 messages each (two channels), written by the real
    /// writer; returns the file's bytes and, per chunk, the offset just past its chunk group (the chunk
    /// and its MessageIndex records), where a kill between two `write(2)` calls leaves the file.
    private func writeRecording(_ path: String, chunks: Int) throws -> (bytes: Data, chunkStarts: [Int], groupEnds: [Int]) {
        let writer = try MCAPWriter(path: path, options: MCAPWriterOptions(chunkSize: 1 << 30, chunkAgeNanoseconds: .max))
        let schema = try writer.addSchema(name: "s", encoding: "jsonschema", data: Array("{}".utf8))
        let a = try writer.addChannel(topic: "/a", messageEncoding: "json", schemaID: schema)
        let b = try writer.addChannel(topic: "/b", messageEncoding: "json", schemaID: schema)
        var time: UInt64 = 1_000
        for _ in 0..<chunks {
            for i in 0..<50 {
                try writer.write(channel: i % 2 == 0 ? a : b, logTime: time, data: Array("{\"t\":\(time)}".utf8))
                time += 1_000_000
            }
            try writer.flush()
        }
        try writer.close()
        let records = try MCAPReader(path: path).scan().records
        let chunkStarts = records.filter { $0.opcode == 0x06 }.map(\.offset)
        // A group ends where the next chunk (or DataEnd) begins.
        let groupEnds = records.indices.filter { records[$0].opcode == 0x06 }.map { i in
            records[(i + 1)...].first { $0.opcode != 0x07 }!.offset
        }
        return (try Data(contentsOf: URL(fileURLWithPath: path)), chunkStarts, groupEnds)
    }

    private func read(_ path: String) throws -> (contents: MCAPContents, times: [UInt64]) {
        var times: [UInt64] = []
        let contents = try MCAPReader(path: path).read { times.append($0.logTime) }
        return (contents, times)
    }

    func testStartCompletesTheRecordingsACrashLeftOpenAndLosesNoByte() throws {
        let folder = DaemonFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rec = folder + "/rec"
        try FileManager.default.createDirectory(atPath: rec, withIntermediateDirectories: true)
        // Killed while writing its third chunk: the file ends inside that chunk.
        let full = try writeRecording(rec + "/midchunk.mcap", chunks: 4)
        let midChunk = full.chunkStarts[2] + 100
        let cutOriginal = full.bytes.prefix(midChunk)
        try cutOriginal.write(to: URL(fileURLWithPath: rec + "/midchunk.mcap"))
        // Killed between two chunk writes: ends after two complete chunk groups, no summary.
        let boundary = try writeRecording(rec + "/boundary.mcap", chunks: 3)
        try boundary.bytes.prefix(boundary.groupEnds[1]).write(to: URL(fileURLWithPath: rec + "/boundary.mcap"))
        // Killed after its chunk but inside its MessageIndex records.
        let index = try writeRecording(rec + "/index.mcap", chunks: 2)
        try index.bytes.prefix(index.groupEnds[1] - 5).write(to: URL(fileURLWithPath: rec + "/index.mcap"))
        let done = try writeRecording(rec + "/done.mcap", chunks: 2)
        FileManager.default.createFile(atPath: rec + "/empty.mcap", contents: Data())
        FileManager.default.createFile(atPath: rec + "/junk.mcap", contents: Data("not mcap".utf8))
        FileManager.default.createFile(atPath: rec + "/.stale" + RecordingRecovery.temporarySuffix, contents: Data("x".utf8))
        // A symlink is never followed: its target (an incomplete file outside the folder) stays as it is.
        let outside = folder + "/outside.mcap"
        try cutOriginal.write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: rec + "/link.mcap", withDestinationPath: outside)

        let lines = Lines()
        var control: RecordingControl? = try RecordingControl(folder: rec, jointNames: ["a"], log: { lines.append($0) })
        XCTAssertEqual(control?.recovered.count, 5, "\(control?.recovered ?? [])")
        XCTAssertEqual(lines.all.count, 5, "\(lines.all)")

        // Cut inside a chunk: the two complete chunks, byte for byte, then a summary; the cut bytes kept.
        let recovered = try read(rec + "/midchunk.mcap")
        XCTAssertTrue(recovered.contents.complete)
        XCTAssertNil(recovered.contents.problem)
        XCTAssertEqual(recovered.contents.statistics.chunkCount, 2)
        XCTAssertEqual(recovered.times, (0..<100).map { 1_000 + UInt64($0) * 1_000_000 })
        let note = try XCTUnwrap(recovered.contents.metadata.first { $0.name == MCAPRecovery.metadataName })
        XCTAssertEqual(note.metadata["dropped_bytes"], String(midChunk - full.chunkStarts[2]))
        XCTAssertTrue(note.metadata["reason"]?.hasPrefix(rec + "/midchunk.mcap:") ?? false, "names the file, not the working copy: \(note.metadata)")
        let recoveredBytes = try Data(contentsOf: URL(fileURLWithPath: rec + "/midchunk.mcap"))
        let kept = try Data(contentsOf: URL(fileURLWithPath: rec + "/midchunk.mcap.cut"))
        XCTAssertEqual(kept.count, midChunk - full.chunkStarts[2])
        XCTAssertEqual(recoveredBytes.prefix(full.chunkStarts[2]) + kept, cutOriginal, "original = recovered prefix + .cut")
        XCTAssertTrue(lines.all.contains { $0.contains("recovered recording midchunk.mcap") && $0.contains("100 messages in 2 complete chunks") && $0.contains("midchunk.mcap.cut") }, "\(lines.all)")

        // Cut between chunks: nothing dropped, no .cut file.
        let fromBoundary = try read(rec + "/boundary.mcap")
        XCTAssertTrue(fromBoundary.contents.complete)
        XCTAssertEqual(fromBoundary.times.count, 100)
        XCTAssertFalse(FileManager.default.fileExists(atPath: rec + "/boundary.mcap.cut"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: rec + "/boundary.mcap")).prefix(boundary.groupEnds[1]),
                       boundary.bytes.prefix(boundary.groupEnds[1]))

        // Cut inside the MessageIndex records: the chunk is kept and its index rebuilt.
        let fromIndex = try read(rec + "/index.mcap")
        XCTAssertTrue(fromIndex.contents.complete)
        XCTAssertEqual(fromIndex.times.count, 100)
        XCTAssertEqual(fromIndex.contents.chunks.last?.indexedChannels, [1, 2])

        // Complete, empty, not MCAP, symlink, stale copy.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: rec + "/done.mcap")), done.bytes)
        XCTAssertFalse(FileManager.default.fileExists(atPath: rec + "/empty.mcap"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: rec + "/junk.mcap"))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: rec + "/junk.mcap.unreadable")), Data("not mcap".utf8))
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: rec + "/link.mcap"), outside)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: outside)), cutOriginal)

        // No unreadable .mcap and no temporary copy is left.
        for name in try FileManager.default.contentsOfDirectory(atPath: rec) {
            XCTAssertFalse(name.hasSuffix(RecordingRecovery.temporarySuffix), name)
            guard name.hasSuffix(".mcap"), name != "link.mcap" else { continue }
            let contents = try MCAPReader(path: rec + "/" + name).read()
            XCTAssertTrue(contents.complete && contents.problem == nil, name)
        }

        // Starting again finds nothing to do.
        control = nil
        _ = control
        XCTAssertEqual(try RecordingControl(folder: rec, jointNames: ["a"], log: { _ in }).recovered, [])
    }

    func testAFolderLockedByARunningDaemonIsNotScanned() throws {
        let folder = DaemonFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rec = folder + "/rec"
        var first: RecordingControl? = try RecordingControl(folder: rec, jointNames: ["a"], log: { _ in })
        XCTAssertEqual(first?.recovered.count, 0)
        // The first daemon's recording in progress (incomplete on disk, as any running recording is).
        let written = try writeRecording(rec + "/live.mcap", chunks: 2)
        let live = written.bytes.prefix(written.groupEnds[0])
        try live.write(to: URL(fileURLWithPath: rec + "/live.mcap"))
        let lines = Lines()
        let second = try RecordingControl(folder: rec, jointNames: ["a"], log: { lines.append($0) })
        XCTAssertEqual(second.recovered.count, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: rec + "/live.mcap")), live, "a live recording is never touched")
        XCTAssertTrue(lines.all.first?.contains("locked by another process") ?? false, "\(lines.all)")
        withExtendedLifetime(second) {}
        // Once the first has gone (a crash releases the lock too), the next start recovers the file.
        first = nil
        _ = first
        let third = try RecordingControl(folder: rec, jointNames: ["a"], log: { _ in })
        XCTAssertEqual(third.recovered.count, 1)
        XCTAssertTrue(try MCAPReader(path: rec + "/live.mcap").read().complete)
        let again = try RecordingControl(folder: rec + "/../rec", jointNames: ["a"], log: { _ in })  // same folder, other spelling
        XCTAssertEqual(again.recovered.count, 0, "locked by the third")
        withExtendedLifetime(third) {}
    }
}
