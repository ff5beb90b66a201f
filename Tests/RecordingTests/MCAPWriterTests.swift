import Foundation
import XCTest
@testable import Recording

/// Writes `count` JSON messages {"i":k} alternating between /a and /b, log time 1000·k ns.
@discardableResult
func writeNumberedMessages(to path: String, count: Int, chunkSize: Int = 4096) throws -> MCAPStatistics {
    let writer = try MCAPWriter(path: path, options: MCAPWriterOptions(chunkSize: chunkSize))
    let schema = try writer.addSchema(name: "test.Number", encoding: "jsonschema",
                                      data: Array(#"{"type":"object","properties":{"i":{"type":"integer"}}}"#.utf8))
    let a = try writer.addChannel(topic: "/a", messageEncoding: "json", schemaID: schema, metadata: ["side": "left"])
    let b = try writer.addChannel(topic: "/b", messageEncoding: "json", schemaID: schema)
    for k in 0..<count {
        try writer.write(channel: k % 2 == 0 ? a : b, logTime: UInt64(1000 * k), data: Array(#"{"i":\#(k)}"#.utf8))
    }
    return try writer.close()
}

final class MCAPWriterTests: XCTestCase {
    func testReferenceReaderReadsEveryMessageAndTheSummary() throws {
        let path = temporaryPath("writer.mcap")
        let statistics = try writeNumberedMessages(to: path, count: 2001, chunkSize: 4096)
        XCTAssertGreaterThan(statistics.chunkCount, 5, "small chunks: the file must hold several")

        let seeking = try MCAPCheck.run(path)
        XCTAssertTrue(seeking.complete)
        XCTAssertEqual(seeking.messages, 2001)
        XCTAssertEqual(seeking.channels, ["/a": 1001, "/b": 1000])
        XCTAssertEqual(seeking.jsonErrors, 0)
        XCTAssertEqual(seeking.schemas["/a"], "test.Number")
        let summary = try XCTUnwrap(seeking.statistics)
        XCTAssertEqual(summary["message_count"] as? Int, 2001)
        XCTAssertEqual(summary["chunk_count"] as? Int, Int(statistics.chunkCount))
        XCTAssertEqual(summary["channel_count"] as? Int, 2)
        XCTAssertEqual(summary["schema_count"] as? Int, 1)
        XCTAssertEqual(summary["message_start_time"] as? Int, 0)
        XCTAssertEqual(summary["message_end_time"] as? Int, 2_000_000)
        XCTAssertEqual(summary["channel_message_counts"] as? [String: Int], ["/a": 1001, "/b": 1000])

        // The streaming reader checks the chunk CRCs and the data-section CRC in DataEnd.
        let stream = try MCAPCheck.run(path, stream: true)
        XCTAssertTrue(stream.complete)
        XCTAssertNil(stream.stopped)
        XCTAssertEqual(stream.messages, 2001)
    }

    func testOurReaderReturnsWhatWasWritten() throws {
        let path = temporaryPath("roundtrip.mcap")
        let statistics = try writeNumberedMessages(to: path, count: 500, chunkSize: 1000)
        var seen: [(topic: String, time: UInt64, body: String, sequence: UInt32)] = []
        let contents = try MCAPReader(path: path).read { message in
            seen.append((message.channel.topic, message.logTime, String(decoding: message.data, as: UTF8.self), message.sequence))
        }
        XCTAssertTrue(contents.complete)
        XCTAssertNil(contents.problem)
        XCTAssertEqual(contents.statistics.messageCount, 500)
        XCTAssertEqual(contents.statistics.chunkCount, statistics.chunkCount)
        XCTAssertEqual(contents.channels[1]?.metadata, ["side": "left"])
        XCTAssertEqual(seen.count, 500)
        for (k, message) in seen.enumerated() {
            XCTAssertEqual(message.topic, k % 2 == 0 ? "/a" : "/b")
            XCTAssertEqual(message.time, UInt64(1000 * k))
            XCTAssertEqual(message.body, #"{"i":\#(k)}"#)
            XCTAssertEqual(message.sequence, UInt32(k / 2), "per-channel sequence numbers")
        }
        // Every chunk is followed by one MessageIndex per channel it holds.
        for chunk in contents.chunks { XCTAssertEqual(chunk.indexedChannels, Set(chunk.messages.keys)) }
    }

    /// A chunk older than the age limit is written by the next write or `closeChunkIfDue`.
    func testOldChunkIsWrittenWithoutFillingUp() throws {
        let path = temporaryPath("age.mcap")
        let writer = try MCAPWriter(path: path, options: MCAPWriterOptions(chunkSize: 1 << 20, chunkAgeNanoseconds: 20_000_000))
        let channel = try writer.addChannel(topic: "/slow", messageEncoding: "json", schemaID: 0)
        try writer.write(channel: channel, logTime: 1, data: Array("{}".utf8))
        let before = writer.bytesWritten
        try writer.closeChunkIfDue()
        XCTAssertEqual(writer.bytesWritten, before, "a young, small chunk stays open")
        usleep(30_000)
        try writer.closeChunkIfDue()
        XCTAssertGreaterThan(writer.bytesWritten, before)
        XCTAssertEqual(writer.statistics.chunkCount, 1)
        let partial = try MCAPReader(path: path).read()
        XCTAssertEqual(partial.statistics.messageCount, 1, "the message is on disk before close")
        try writer.close()
    }

    func testEmptyRecordingIsValid() throws {
        let path = temporaryPath("empty.mcap")
        try MCAPWriter(path: path).close()
        let report = try MCAPCheck.run(path)
        XCTAssertTrue(report.complete)
        XCTAssertEqual(report.messages, 0)
    }

    func testUnknownChannelIsRefused() throws {
        let writer = try MCAPWriter(path: temporaryPath("unknown.mcap"))
        XCTAssertThrowsError(try writer.write(channel: 3, logTime: 0, data: [])) { error in
            XCTAssertTrue("\(error)".contains("no channel with id 3"), "\(error)")
        }
        XCTAssertThrowsError(try writer.addChannel(topic: "/x", messageEncoding: "json", schemaID: 9))
    }
}
