import Foundation
import Glibc
import XCTest
@testable import Recording

final class MCAPRecoveryTests: XCTestCase {
    /// A child process writes messages forever and is killed with SIGKILL mid-stream. The reference
    /// streaming reader must read exactly the messages of the complete chunks; after `recover` the
    /// reference seeking reader must open the file and its summary must state the same counts.
    func testFileOfKilledWriterIsReadableAndRecovers() throws {
        let path = temporaryPath("killed.mcap")
        var pipeEnds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&pipeEnds), 0)
        let pid = fork()
        if pid == 0 {
            close(pipeEnds[0])
            writeForever(to: path, progress: pipeEnds[1])
        }
        close(pipeEnds[1])
        XCTAssertGreaterThan(pid, 0, "fork failed")
        usleep(500_000)
        XCTAssertEqual(kill(pid, SIGKILL), 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        XCTAssertEqual(status & 0x7f, SIGKILL, "the child died of SIGKILL")
        // The child reported the message count after each chunk it wrote.
        let progress = FileHandle(fileDescriptor: pipeEnds[0], closeOnDealloc: true).readDataToEndOfFile()
        let reported = progress.withUnsafeBytes { raw in (0..<(raw.count / 8)).map { raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self) } }
        let lastReported = try XCTUnwrap(reported.last, "the child wrote at least one chunk in 0.5 s")

        var sequence = 0
        let contents = try MCAPReader(path: path).read { message in
            XCTAssertEqual(String(decoding: message.data, as: UTF8.self), #"{"i":\#(sequence)}"#, "messages in order, none missing")
            sequence += 1
        }
        XCTAssertFalse(contents.complete)
        let promised = contents.chunks.reduce(0) { $0 + $1.messages.values.reduce(0) { $0 + $1.count } }
        XCTAssertEqual(sequence, promised, "every message of every complete chunk is read")
        // Written chunks ⊇ reported chunks; at most the chunk in flight when killed is unreported.
        XCTAssertTrue(reported.contains(UInt64(promised)) || UInt64(promised) > lastReported,
                      "file holds \(promised) messages; the child reported \(reported.suffix(3))")

        let stream = try MCAPCheck.run(path, stream: true)
        XCTAssertFalse(stream.complete)
        XCTAssertEqual(stream.messages, promised, "reference streaming reader: \(stream.stopped ?? "")")
        XCTAssertEqual(stream.jsonErrors, 0)

        let report = try MCAPRecovery.recover(path: path)
        XCTAssertFalse(report.alreadyComplete)
        XCTAssertEqual(report.messageCount, UInt64(promised))
        XCTAssertEqual(report.chunkCount, UInt32(contents.chunks.count))
        let seeking = try MCAPCheck.run(path)
        XCTAssertEqual(seeking.messages, promised)
        let statistics = try XCTUnwrap(seeking.statistics)
        XCTAssertEqual(statistics["message_count"] as? Int, promised)
        XCTAssertEqual(statistics["chunk_count"] as? Int, contents.chunks.count)
        XCTAssertEqual(statistics["channel_message_counts"] as? [String: Int], ["/count": promised])
        XCTAssertNotNil(seeking.metadata[MCAPRecovery.metadataName])
        let again = try MCAPCheck.run(path, stream: true)
        XCTAssertTrue(again.complete, "the recovered file passes the streaming reader's CRC checks: \(again.stopped ?? "")")
        XCTAssertTrue(try MCAPRecovery.recover(path: path).alreadyComplete, "recovering twice changes nothing")
    }

    /// Cut at many offsets (inside chunks, inside MessageIndex records, inside the summary), recovery
    /// always yields a file the reference seeking reader opens, holding the messages before the cut.
    func testRecoveryAtEveryKindOfCut() throws {
        let path = temporaryPath("whole.mcap")
        try writeNumberedMessages(to: path, count: 120, chunkSize: 500)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let full = try MCAPReader(path: path).read()
        let cutPath = temporaryPath("recover-cut.mcap")
        var cuts = Array(stride(from: 31, to: whole.count, by: 97))
        for chunk in full.chunks {  // right at and just after each chunk, and inside its MessageIndex records
            cuts += [chunk.chunkEnd, chunk.chunkEnd + 5, chunk.chunkEnd + 40]
        }
        for cut in cuts where cut < whole.count {
            try whole.prefix(cut).write(to: URL(fileURLWithPath: cutPath))
            let expected = full.chunks.filter { $0.chunkEnd <= cut }.reduce(0) { $0 + $1.messages.values.reduce(0) { $0 + $1.count } }
            let report = try MCAPRecovery.recover(path: cutPath)
            XCTAssertEqual(report.messageCount, UInt64(expected), "cut at \(cut)")
            let lastChunkEnd = full.chunks.last { $0.chunkEnd <= cut }?.chunkEnd ?? 0
            XCTAssertTrue((0...(cut - lastChunkEnd)).contains(report.droppedBytes), "cut at \(cut): dropped \(report.droppedBytes)")
            let recovered = try MCAPReader(path: cutPath).read()
            XCTAssertTrue(recovered.complete, "cut at \(cut): \(recovered.problem?.description ?? "")")
            XCTAssertEqual(recovered.statistics.messageCount, UInt64(expected), "cut at \(cut)")
            for chunk in recovered.chunks { XCTAssertEqual(chunk.indexedChannels, Set(chunk.messages.keys), "cut at \(cut)") }
        }
        // The reference reader on a few of them (each run starts Python).
        for cut in [full.chunks[2].chunkEnd + 5, whole.count - 30] {
            try whole.prefix(cut).write(to: URL(fileURLWithPath: cutPath))
            let report = try MCAPRecovery.recover(path: cutPath)
            let seeking = try MCAPCheck.run(cutPath)
            XCTAssertEqual(UInt64(seeking.messages), report.messageCount, "cut at \(cut)")
            XCTAssertEqual(seeking.statistics?["message_count"] as? Int, Int(report.messageCount))
            let stream = try MCAPCheck.run(cutPath, stream: true)
            XCTAssertTrue(stream.complete, "cut at \(cut): \(stream.stopped ?? "")")
        }
    }

    func testCompleteFileIsLeftAlone() throws {
        let path = temporaryPath("complete.mcap")
        try writeNumberedMessages(to: path, count: 10)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let report = try MCAPRecovery.recover(path: path)
        XCTAssertTrue(report.alreadyComplete)
        XCTAssertEqual(report.messageCount, 10)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
    }
}

/// The child's loop: small chunks, one message per iteration, reporting after each chunk written.
private func writeForever(to path: String, progress: Int32) -> Never {
    do {
        let writer = try MCAPWriter(path: path, options: MCAPWriterOptions(chunkSize: 8 * 1024))
        let channel = try writer.addChannel(topic: "/count", messageEncoding: "json", schemaID: 0)
        var chunks: UInt32 = 0
        var i = 0
        while true {
            try writer.write(channel: channel, logTime: UInt64(i) * 1000, data: Array(#"{"i":\#(i)}"#.utf8))
            i += 1
            if writer.statistics.chunkCount != chunks {
                chunks = writer.statistics.chunkCount
                var count = writer.statistics.messageCount
                _ = write(progress, &count, 8)
            }
            if i % 64 == 0 { usleep(200) }
        }
    } catch {
        _exit(1)
    }
}
