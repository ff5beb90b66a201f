import Events
import Foundation
import Tensors

/// One shard file: the rows of consecutive episodes concatenated column by column, and the
/// metadata a reader needs to interpret them without this code (format version, instruction
/// list the `instruction` column indexes, episodes, robot, joints, scene, cameras, event frames).
struct DemonstrationShard {
    static let format = "embody-demonstrations/1"

    /// What every shard of a dataset shares.
    struct Context {
        var instructions: [String]
        var robot: String
        var jointNames: [String]
        var scene: String
        var cameras: [String: CameraMetadata]
        var perturbProbability: Double
        var holdProbability: Double
        /// Names of the `objects` column's objects, in its order.
        var objects: [String]
        var learner: LearnerMetadata?
    }

    /// The `learner` metadata entry of a DAgger run (absent otherwise).
    struct LearnerMetadata: Codable, Equatable {
        var model: String
        var probability: Double
    }

    struct CameraMetadata: Codable, Equatable {
        var width: Int
        var height: Int
        var fov_y_deg: Double
    }

    static func serialize(_ episodes: [RecordedEpisode], context: Context) throws(DatasetError) -> SafetensorsWriter {
        let rows = episodes.reduce(0) { $0 + $1.recording.rows }
        let size = DemonstrationCameras.size
        var writer = SafetensorsWriter()
        func column<T>(_ path: KeyPath<EpisodeRecording, [T]>) -> [T] {
            var all: [T] = []
            all.reserveCapacity(episodes.reduce(0) { $0 + $1.recording[keyPath: path].count })
            for e in episodes { all += e.recording[keyPath: path] }
            return all
        }
        func perRow<T>(_ value: (RecordedEpisode) -> T) -> [T] {
            episodes.flatMap { e in Array(repeating: value(e), count: e.recording.rows) }
        }
        do {
            try writer.add("front", shape: [rows, size, size, 3], values: column(\.front))
            try writer.add("wrist", shape: [rows, size, size, 3], values: column(\.wrist))
            try writer.add("events", shape: [rows, 2, size, size], values: column(\.events))
            try writer.add("joints", shape: [rows, EpisodeRecording.jointColumns], values: column(\.joints))
            try writer.add("tool", shape: [rows, 4], values: column(\.tool))
            try writer.add("target", shape: [rows, 5], values: column(\.target))
            try writer.add("yaw_free", shape: [rows], values: column(\.yawFree))
            try writer.add("perturbed", shape: [rows], values: column(\.perturbed))
            try writer.add("episode", shape: [rows], values: perRow { Int32($0.index) })
            try writer.add("step", shape: [rows], values: column(\.steps))
            try writer.add("objects", shape: [rows, context.objects.count, 3], values: column(\.objects))
            try writer.add("instruction", shape: [rows], values: perRow { Int32(context.instructions.firstIndex(of: $0.instruction) ?? -1) })
            try writer.add("success", shape: [rows], values: perRow { UInt8($0.success ? 1 : 0) })
        } catch {
            throw .runtime("shard: \(error.description)")
        }
        writer.metadata = [
            "format": format,
            "instructions": json(context.instructions),
            "episodes": json(episodes.map(\.summary)),
            "robot": context.robot,
            "joint_names": json(context.jointNames),
            "scene": context.scene,
            "cameras": json(context.cameras),
            "events": json(EventMetadata()),
            "planner_hz": "10",
            "perturb": String(context.perturbProbability),
            "hold": String(context.holdProbability),
            "objects": json(context.objects),
            "frames": "tool and target in the robot base frame (x forward, y left, z up), metres; tool yaw: heading of the jaw axis about z in (-pi, pi]; target yaw: the quarter-turn equivalent of the expert's nearest the tool yaw (the controller aligns the jaws modulo a quarter turn); gripper 0 open, 1 closed",
        ]
        if let learner = context.learner { writer.metadata["learner"] = json(learner) }
        return writer
    }

    struct EventMetadata: Codable {
        var source = "front"
        var frame_rate_hz = 100
        var window_ms = 100
        var channels = ["on", "off"]
        var threshold = (Double(DVSParameters().thresholdOn) * 1000).rounded() / 1000
        var saturates_at = 255
    }
}

/// Compact JSON with sorted keys, so equal inputs give equal bytes.
func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
}
