import Foundation
import Imaging
import XCTest
@testable import Recording

final class ReplayLogTests: XCTestCase {
    /// 2 s of a two-joint robot at 1 kHz with a 10 Hz 32×24 camera.
    private func record(_ path: String) throws {
        let recorder = try Recorder(path: path, jointNames: ["shoulder", "elbow"],
                                    options: RecorderOptions(writer: MCAPWriterOptions(chunkSize: 32 * 1024)))
        for tick in 0..<2000 {
            let t = Double(tick) * 0.001
            var state = RecordedJoints(count: 2)
            state.position[0] = sin(2 * t)
            state.position[1] = 0.5 * cos(3 * t)
            var command = state
            command.position[0] += 0.05
            while !recorder.record(RecordedSample(time: 1_000_000_000 + Int64(tick) * 1_000_000, state: state, command: command)) { usleep(100) }
            if tick % 100 == 0 {
                let pixels = (0..<(32 * 24 * 3)).map { UInt8(truncatingIfNeeded: $0 + tick / 10) }
                let image = try Image(width: 32, height: 24, channels: 3, bitDepth: 8, pixels: pixels)
                while !recorder.record(RecordedCameraFrame(time: 1_000_000_000 + Int64(tick) * 1_000_000, frameID: "cam", image: image)) { usleep(100) }
            }
        }
        try recorder.close()
    }

    func testSummaryPlotsAndVideo() throws {
        let path = temporaryPath("replay.mcap")
        try record(path)
        let log = try ReplayLog.load(path: path)
        XCTAssertTrue(log.complete)
        XCTAssertNil(log.recovery)
        XCTAssertEqual(log.messageCount, 4020)
        XCTAssertEqual(log.timeRange, 1_000_000_000...2_999_000_000)
        XCTAssertEqual(log.states.names, ["shoulder", "elbow"])
        XCTAssertEqual(log.states.times.count, 2000)
        XCTAssertEqual(log.states.times.last ?? 0, 1.999, accuracy: 1e-9)
        XCTAssertEqual(log.commands.positions[0][10], sin(0.02) + 0.05, accuracy: 1e-12)
        XCTAssertEqual(log.frames.count, 20)
        XCTAssertEqual(log.cameraTopic, "/camera")
        let text = log.summaryText
        XCTAssertTrue(text.contains(", complete"), text)
        XCTAssertTrue(text.contains("time: 1.000 s … 2.999 s (1.999 s), 4020 messages"), text)
        XCTAssertTrue(text.contains("/joint_state    embody.JointState"), text)
        XCTAssertTrue(text.contains("1000.0 Hz"), text)
        XCTAssertTrue(text.contains("10.0 Hz"), text)

        let directory = temporaryPath("plots")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let plots = try log.writePlots(to: directory)
        XCTAssertEqual(plots, [directory + "/joints.png"])
        let plot = try readImage(at: plots[0])
        XCTAssertGreaterThan(plot.width, 500)

        let video = try XCTUnwrap(try log.writeVideo(to: temporaryPath("replay.mp4")))
        XCTAssertEqual(video.frames, 20)
        let size = try FileManager.default.attributesOfItem(atPath: video.path)[.size] as? Int ?? 0
        XCTAssertGreaterThan(size, 1000)
    }

    /// A file cut mid-chunk replays up to its last complete chunk and says so; recovered, it says that.
    func testTruncatedAndRecoveredFiles() throws {
        let path = temporaryPath("replay-cut.mcap")
        try record(path)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let full = try MCAPReader(path: path).read()
        let cut = Int(full.chunks[3].index.chunkStartOffset) + 1000
        try whole.prefix(cut).write(to: URL(fileURLWithPath: path))
        let expected = full.chunks.prefix(3).reduce(0) { $0 + $1.messages.values.reduce(0) { $0 + $1.count } }

        let truncated = try ReplayLog.load(path: path)
        XCTAssertFalse(truncated.complete)
        XCTAssertEqual(truncated.messageCount, UInt64(expected))
        XCTAssertTrue(truncated.summaryText.contains("NOT closed: replayed up to its last complete record"), truncated.summaryText)
        XCTAssertTrue(truncated.summaryText.contains("note: \(path): byte \(full.chunks[3].index.chunkStartOffset): Chunk: expected"),
                      truncated.summaryText)

        _ = try MCAPRecovery.recover(path: path)
        let recovered = try ReplayLog.load(path: path)
        XCTAssertTrue(recovered.complete)
        XCTAssertEqual(recovered.messageCount, UInt64(expected))
        XCTAssertEqual(recovered.recovery?["dropped_bytes"], String(cut - full.chunks[2].chunkEnd - (full.chunks[2].index.messageIndexOffsets.isEmpty ? 0 : Int(full.chunks[2].index.messageIndexLength))))
        XCTAssertTrue(recovered.summaryText.contains("recovered ("), recovered.summaryText)
    }

    func testTopicFilterLeavesOthersCountedButUndecoded() throws {
        let path = temporaryPath("replay-filter.mcap")
        try record(path)
        let log = try ReplayLog.load(path: path, topics: [RecordingTopics.jointState])
        XCTAssertEqual(log.states.times.count, 2000)
        XCTAssertTrue(log.commands.names.isEmpty)
        XCTAssertTrue(log.frames.isEmpty)
        XCTAssertEqual(log.messageCount, 4020, "the summary still counts every topic")
    }
}
