import XCTest
@testable import Recording

final class RecorderBenchmarkTests: XCTestCase {
    /// A short run of the benchmark: it must record everything and report sane figures.
    func testShortRunRecordsEverything() throws {
        let directory = temporaryPath("bench")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let result = try RecorderBenchmark.run(directory: directory, simulatedSeconds: 0.5, pacedSeconds: 0.1, joints: 6)
        XCTAssertEqual(result.messages, 500 * 2 + 5, "1 kHz state and command, 10 Hz frames")
        XCTAssertGreaterThan(result.bytes, 100_000)
        XCTAssertGreaterThan(result.messagesPerSecond, 0)
        XCTAssertEqual(result.pacedDropped, 0)
        XCTAssertLessThanOrEqual(result.recordCallMedian, result.recordCallP99)
        XCTAssertTrue(result.report.contains("messages/s"))
        XCTAssertEqual(try MCAPCheck.run(directory + "/bench-throughput.mcap").messages, 1005)
    }
}
