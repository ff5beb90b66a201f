import Foundation
import Imaging
import XCTest
@testable import Recording

final class RecorderTests: XCTestCase {
    private let names = ["shoulder", "elbow", "gripper"]

    private func sample(_ k: Int) -> RecordedSample {
        let t = Double(k) * 0.001
        let state = RecordedJoints(position: [sin(t), cos(t), 0.5], velocity: [cos(t), -sin(t), 0], effort: [0.1, 0.2, .nan])
        var command = RecordedJoints(count: 3)
        command.position[0] = sin(t) + 0.01
        return RecordedSample(time: Int64(k) * 1_000_000, state: state, command: k % 2 == 0 ? command : nil)
    }

    private func gradient(_ shift: Int) throws -> Image {
        try Image(width: 16, height: 8, channels: 3, bitDepth: 8,
                  pixels: (0..<(16 * 8 * 3)).map { UInt8(truncatingIfNeeded: $0 * 3 + shift) })
    }

    func testEveryKindOfMessageOpensInTheReferenceReader() throws {
        let path = temporaryPath("robot.mcap")
        let recorder = try Recorder(path: path, jointNames: names,
                                    options: RecorderOptions(writer: MCAPWriterOptions(chunkSize: 16 * 1024)))
        for k in 0..<1000 { XCTAssertTrue(recorder.record(sample(k))) }
        for k in 0..<3 {
            recorder.record(RecordedActionChunk(stamp: Int64(k) * 100_000_000, waypoints: [
                RecordedWaypoint(time: 0, x: 0.2, y: 0, z: 0.1, gripper: 0),
                RecordedWaypoint(time: 50_000_000, x: 0.25, y: 0.01, z: 0.1, gripper: 1, yaw: 0.3),
            ]))
        }
        recorder.record(RecordedIntervention(time: 5_000_000, reason: "velocity", joint: 1, value: 2.5))
        recorder.record(RecordedIntervention(time: 6_000_000, reason: "e_stop"))
        for k in 0..<5 {
            recorder.record(RecordedEventFrame(time: Int64(k) * 10_000_000, window: 10_000_000, width: 64, height: 48, positive: k, negative: 2 * k))
        }
        for k in 0..<3 { recorder.record(RecordedCameraFrame(time: Int64(k) * 100_000_000, frameID: "wrist", image: try gradient(k))) }
        let scratch = temporaryPath("frame.png")
        try writePNG(try gradient(9), to: scratch)
        let encoded = [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch)))
        recorder.record(RecordedCameraFrame(time: 400_000_000, frameID: "overhead", topic: "/camera/overhead", format: "png", data: encoded))
        let summary = try recorder.close()

        XCTAssertEqual(summary.dropped, 0)
        XCTAssertEqual(summary.messages, 1000 + 500 + 3 + 2 + 5 + 4)
        let expected = ["/joint_state": 1000, "/joint_command": 500, "/action_chunk": 3, "/intervention": 2,
                        "/events": 5, "/camera": 3, "/camera/overhead": 1]
        XCTAssertEqual(summary.topics.mapValues(Int.init), expected)

        let report = try MCAPCheck.run(path)
        XCTAssertEqual(report.channels, expected)
        XCTAssertEqual(report.jsonErrors, 0, "every body is JSON; images are base64 PNG")
        XCTAssertEqual(report.schemas["/joint_state"], "embody.JointState")
        XCTAssertEqual(report.schemas["/joint_command"], "embody.JointCommand")
        XCTAssertEqual(report.schemas["/action_chunk"], "embody.ActionChunk")
        XCTAssertEqual(report.schemas["/intervention"], "embody.Intervention")
        XCTAssertEqual(report.schemas["/events"], "embody.EventFrame")
        XCTAssertEqual(report.schemas["/camera"], "foxglove.CompressedImage")
        XCTAssertEqual(report.statistics?["message_count"] as? Int, Int(summary.messages))

        // The bodies say what was recorded.
        var bodies: [String: [[String: Any]]] = [:]
        _ = try MCAPReader(path: path).read { message in
            let body = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(message.data)) as? [String: Any])
            bodies[message.channel.topic, default: []].append(body)
        }
        let state = try XCTUnwrap(bodies["/joint_state"]?[7])
        XCTAssertEqual(state["time"] as? Int, 7_000_000)
        XCTAssertEqual(state["names"] as? [String], names)
        let position = try XCTUnwrap(state["position"] as? [Double])
        XCTAssertEqual(position[0], sin(0.007), accuracy: 1e-15)
        XCTAssertTrue((state["effort"] as? [Any])?[2] is NSNull, "NaN is recorded as null")
        let chunk = try XCTUnwrap(bodies["/action_chunk"]?[1])
        let waypoints = try XCTUnwrap(chunk["waypoints"] as? [[String: Any]])
        XCTAssertEqual(waypoints[1]["position"] as? [Double], [0.25, 0.01, 0.1])
        XCTAssertEqual(waypoints[1]["yaw"] as? Double, 0.3)
        XCTAssertTrue(waypoints[0]["yaw"] is NSNull)
        XCTAssertEqual(bodies["/intervention"]?[0]["reason"] as? String, "velocity")
        XCTAssertEqual(bodies["/intervention"]?[0]["joint"] as? Int, 1)
        XCTAssertTrue(bodies["/intervention"]?[1]["joint"] is NSNull)
        XCTAssertEqual(bodies["/events"]?[3]["negative"] as? Int, 6)
        let image = try XCTUnwrap(bodies["/camera"]?[2])
        XCTAssertEqual(image["frame_id"] as? String, "wrist")
        XCTAssertEqual(image["format"] as? String, "png")
        XCTAssertEqual((image["timestamp"] as? [String: Int])?["nsec"], 200_000_000)
        let png = try XCTUnwrap(Data(base64Encoded: try XCTUnwrap(image["data"] as? String)))
        XCTAssertEqual(try decodeImage([UInt8](png), format: "png"), try gradient(2), "PNG is lossless")
    }

    /// A full queue refuses, counts, and never blocks: every call is either written or counted.
    func testFullQueueDropsAndCounts() throws {
        let path = temporaryPath("drops.mcap")
        let recorder = try Recorder(path: path, jointNames: names, options: RecorderOptions(queueCapacity: 8))
        var refused = 0
        for k in 0..<20_000 where !recorder.record(sample(k)) { refused += 1 }
        let summary = try recorder.close()
        XCTAssertEqual(summary.dropped, refused)
        XCTAssertEqual(Int(summary.topics["/joint_state"] ?? 0), 20_000 - refused)
        XCTAssertFalse(recorder.record(sample(0)), "a closed recorder refuses")
        XCTAssertEqual(try MCAPCheck.run(path).channels["/joint_state"], 20_000 - refused)
    }

    func testTooManyJointsIsRefused() {
        XCTAssertThrowsError(try Recorder(path: temporaryPath("nine.mcap"), jointNames: (0..<9).map { "j\($0)" })) { error in
            XCTAssertEqual("\(error)", "9 joint names; a recording holds at most 8 joints")
        }
    }
}
