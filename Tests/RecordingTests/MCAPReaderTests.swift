import Foundation
import XCTest
@testable import Recording

final class MCAPReaderTests: XCTestCase {
    func testNotMCAPIsAnErrorNamingTheOffset() throws {
        let path = temporaryPath("not.mcap")
        try Data("hello, this is not MCAP".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try MCAPReader(path: path).scan()) { error in
            XCTAssertEqual("\(error)", "\(path): byte 0: Magic: expected the MCAP magic 89 4D 43 41 50 30 0D 0A (23 bytes in the file)")
        }
        XCTAssertThrowsError(try MCAPReader(path: temporaryPath("missing.mcap"))) { error in
            XCTAssertTrue("\(error)".contains("open failed: No such file or directory"), "\(error)")
        }
    }

    /// Cut anywhere, the reader delivers exactly the messages of the chunks wholly before the cut
    /// and says where and why it stopped.
    func testTruncatedFileReadsUpToLastCompleteChunk() throws {
        let path = temporaryPath("full.mcap")
        try writeNumberedMessages(to: path, count: 300, chunkSize: 600)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let full = try MCAPReader(path: path).read()
        let dataEnd = try XCTUnwrap(full.dataEndOffset)
        let cutPath = temporaryPath("cut.mcap")
        try whole.prefix(20).write(to: URL(fileURLWithPath: cutPath))
        XCTAssertThrowsError(try MCAPReader(path: cutPath).scan()) { error in
            XCTAssertEqual("\(error)", "\(cutPath): byte 8: Header: expected a complete Header record after the magic; the file ends at byte 20")
        }
        for cut in stride(from: 40, to: dataEnd + 1, by: 41) {
            try whole.prefix(cut).write(to: URL(fileURLWithPath: cutPath))
            var count = 0
            let contents = try MCAPReader(path: cutPath).read { _ in count += 1 }
            let expected = full.chunks.filter { $0.chunkEnd <= cut }.reduce(0) { $0 + $1.messages.values.reduce(0) { $0 + $1.count } }
            XCTAssertEqual(count, expected, "cut at \(cut)")
            XCTAssertEqual(contents.statistics.messageCount, UInt64(expected))
            XCTAssertFalse(contents.complete)
            let problem = try XCTUnwrap(contents.problem, "cut at \(cut)").description
            XCTAssertTrue(problem.hasPrefix("\(cutPath): byte "), problem)
            XCTAssertLessThanOrEqual(contents.validEnd, cut)
        }
    }

    func testDamagedChunkIsReportedWithItsOffset() throws {
        let path = temporaryPath("damaged.mcap")
        try writeNumberedMessages(to: path, count: 100, chunkSize: 600)
        let full = try MCAPReader(path: path).read()
        let second = full.chunks[1]
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let inside = Int(second.index.chunkStartOffset) + 200
        bytes[inside] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var count = 0
        let contents = try MCAPReader(path: path).read { _ in count += 1 }
        let firstCount = full.chunks[0].messages.values.reduce(0) { $0 + $1.count }
        XCTAssertEqual(count, firstCount, "only the first chunk is delivered")
        let problem = try XCTUnwrap(contents.problem).description
        XCTAssertTrue(problem.contains("Chunk: expected records with CRC-32"), problem)
        XCTAssertTrue(problem.contains("byte \(Int(second.index.chunkStartOffset) + MCAPWriter.chunkHeaderLength):"), problem)
    }
}
