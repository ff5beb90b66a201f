import ArgumentParser
import Foundation
import Imaging
import Physics
import Spatial

/// `embody sim`: runs a scene with no planner, joints held at their initial positions.
struct Sim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a simulator scene (no planner: actuators hold the initial joint positions).")

    @Option(help: "Scene file (sim/scenes/*.toml).")
    var scene: String

    @Option(help: "Simulated seconds to run (with --task: the time limit of each episode, default 25).")
    var duration: Double?

    @Option(help: "Run episodes of a task, e.g. \"put the red cube on the green pad\" (templates: sim/tasks/README.md).")
    var task: String?

    @Option(help: "Planner in the 10 Hz slot (with --task): scripted, or vla (with --model).")
    var planner = "scripted"

    @Option(help: "With --planner vla: the model folder (config.json, model.safetensors), e.g. models/so101-vla.")
    var model: String?

    @Flag(help: "With --planner vla: use the int8 weights (model-int8.safetensors).")
    var int8 = false

    @Flag(name: .customLong("blank-cameras"), help: "With --planner vla: feed the model black images and no events (ablation).")
    var blankCameras = false

    @Flag(name: .customLong("shuffle-instructions"), help: "With --planner vla: give the model a seeded random instruction of the suite instead of the episode's (ablation).")
    var shuffleInstructions = false

    @Option(help: "Episodes to run (with --task), each seeded from --seed + its index.")
    var episodes = 1

    @Flag(help: "Pace the 1 kHz loop to the wall clock instead of lockstep (with --task).")
    var realtime = false

    @Option(help: "Write the run summary as JSON (with --task).")
    var summary: String?

    @Option(help: "Write PNG plots of the first episode to this folder (with --task).")
    var plots: String?

    @Option(help: "Seed of the sensor noise (the simulation is deterministic for a given seed).")
    var seed: UInt64 = 0

    @Option(name: .customLong("encoder-noise"), help: "Standard deviation of joint encoder noise, rad (default none; without --task).")
    var encoderNoise: Double = 0

    @Option(help: "Write the recorded camera's last frame as PNG, and its depth in millimetres as 16-bit PNG beside it (without --task).")
    var snapshot: String?

    @Option(help: "Write one JSON line per sample: bodies and joints (with --task: of the first episode).")
    var trace: String?

    @Option(name: .customLong("trace-rate"), help: "Trace samples per simulated second.")
    var traceRate: Double = 100

    @Option(help: "Record the camera to a video file (MP4).")
    var record: String?

    @Option(help: "Camera to record (default: the scene's first camera).")
    var camera: String?

    func validate() throws {
        if let duration { guard duration > 0, duration.isFinite else { throw ValidationError("--duration must be a positive number of seconds") } }
        if task == nil, duration == nil { throw ValidationError("--duration is required without --task") }
        guard episodes > 0 else { throw ValidationError("--episodes must be positive") }
        guard planner == "scripted" || planner == "vla" else { throw ValidationError("--planner: expected scripted or vla, got \"\(planner)\"") }
        if planner == "vla" {
            guard model != nil else { throw ValidationError("--planner vla needs --model DIR") }
            guard task != nil, !realtime else { throw ValidationError("--planner vla runs task episodes in lockstep: give --task, without --realtime") }
        } else if model != nil || int8 || blankCameras || shuffleInstructions {
            throw ValidationError("--model, --int8, --blank-cameras and --shuffle-instructions go with --planner vla")
        }
        // Task episodes and a free run record different things: an option the other mode would
        // silently ignore is refused instead.
        if task != nil, snapshot != nil || encoderNoise != 0 {
            throw ValidationError("--snapshot and --encoder-noise go without --task (task episodes write --summary, --plots and --trace)")
        }
        if task == nil, summary != nil || plots != nil { throw ValidationError("--summary and --plots go with --task") }
        guard traceRate > 0, traceRate.isFinite else { throw ValidationError("--trace-rate must be positive") }
        guard encoderNoise >= 0, encoderNoise.isFinite else { throw ValidationError("--encoder-noise must be ≥ 0") }
    }

    func run() throws {
        if let task {
            try runTaskEpisodes(self, instruction: task)
            return
        }
        let duration = self.duration!
        var world: Scene
        do { world = try Scene.load(contentsOf: scene) } catch { throw CommandError.badInput(error.description) }
        if encoderNoise > 0 { world = world.withEncoderNoise(encoderNoise) }
        let data = world.makeData(seed: seed)
        let dt = world.model.timestep
        let steps = Int((duration / dt).rounded())
        let traceEvery = max(1, Int((1 / (traceRate * dt)).rounded()))

        var traceWriter: TraceWriter?
        if let trace {
            do { traceWriter = try TraceWriter(path: trace, scene: world) } catch { throw CommandError.badInput("--trace \(trace): \(error)") }
        }
        var sensor: CameraSensor?
        if record != nil || snapshot != nil || camera != nil {
            sensor = CameraSensor(try chosenCamera(in: world.description), world: world.model)
        }
        var recorder: (VideoWriter, CameraSensor, Int)?
        if let record, let sensor {
            let fps = 30.0
            do {
                let writer = try VideoWriter(path: record, width: sensor.description.width, height: sensor.description.height, fps: fps)
                recorder = (writer, sensor, max(1, Int((1 / (fps * dt)).rounded())))
            } catch { throw CommandError.badInput("--record \(record): \(error)") }
        }
        defer {
            traceWriter?.close()
            try? recorder?.0.close()
        }

        let start = DispatchTime.now().uptimeNanoseconds
        var contacts = 0
        traceWriter?.write(data)
        do {
            for k in stride(from: 1, through: steps, by: 1) {
                try step(data)
                contacts += data.contacts.count
                if k % traceEvery == 0 { traceWriter?.write(data) }
                if let (writer, sensor, every) = recorder, k % every == 0 {
                    sensor.capture(data)
                    try writer.append(pixels: Array(sensor.renderer.rgb))
                }
            }
        } catch let error as SimulationError {
            throw CommandError.runtime(error.description)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if let snapshot, let sensor {
            sensor.capture(data)
            let r = sensor.renderer
            let depthMillimetres = r.depth.map { $0.isFinite ? UInt16(clamping: Int(($0 * 1000).rounded())) : 0 }
            do {
                try writePNG(Image(width: r.intrinsics.width, height: r.intrinsics.height, channels: 3, bitDepth: 8, pixels: Array(r.rgb)), to: snapshot)
                try writePNG(Image(width: r.intrinsics.width, height: r.intrinsics.height, channels: 1, samples16: depthMillimetres),
                             to: (snapshot as NSString).deletingPathExtension + "-depth.png")
            } catch { throw CommandError.runtime("--snapshot \(snapshot): \(error)") }
        }
        print("\(steps) steps of \(fmt(dt * 1000)) ms (\(fmt(Double(steps) * dt)) s simulated) in \(String(format: "%.3f", seconds)) s: "
              + "\(String(format: "%.1f", Double(steps) * dt / seconds))× real time, \(String(format: "%.1f", Double(contacts) / Double(max(steps, 1)))) contacts per step")
        if !world.skippedGeometry.isEmpty {
            print("note: mesh collision geometry is not simulated: " + world.skippedGeometry.joined(separator: ", "))
        }
    }
}

/// Writes the `--trace` JSON lines; output is a pure function of the state, so equal runs give
/// byte-identical files.
final class TraceWriter {
    private let handle: FileHandle
    private let bodyNames: [String]
    private let jointNames: [String]

    init(path: String, scene: Scene) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CommandError.badInput("cannot create \(path)")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        bodyNames = scene.model.bodies.map(\.name)
        jointNames = scene.model.robot?.jointNames ?? []
    }

    func write(_ data: WorldData) {
        func vector(_ v: Vec3) -> String { "[\(jsonNumber(v.x)),\(jsonNumber(v.y)),\(jsonNumber(v.z))]" }
        var line = "{\"t\":\(jsonNumber(data.time)),\"bodies\":{"
        for (k, name) in bodyNames.enumerated() {
            let q = data.bodyOrientations[k]
            if k > 0 { line += "," }
            line += "\(jsonString(name)):{\"position\":\(vector(data.bodyPositions[k])),\"quaternion\":[\(jsonNumber(q.w)),\(jsonNumber(q.x)),\(jsonNumber(q.y)),\(jsonNumber(q.z))],"
                + "\"linear_velocity\":\(vector(data.bodyLinearVelocities[k])),\"angular_velocity\":\(vector(data.bodyAngularVelocities[k]))}"
        }
        line += "},\"joints\":{"
        for (i, name) in jointNames.enumerated() {
            if i > 0 { line += "," }
            line += "\(jsonString(name)):{\"q\":\(jsonNumber(data.q[i])),\"v\":\(jsonNumber(data.v[i])),\"tau\":\(jsonNumber(data.actuatorTorques[i]))}"
        }
        line += "}}\n"
        handle.write(Data(line.utf8))
    }

    func close() { try? handle.close() }
}

extension Sim {
    /// The camera `--camera` names, or the scene's first; bad input when there is none.
    func chosenCamera(in description: SceneDescription) throws(CommandError) -> CameraDescription {
        guard let chosen = camera.map({ name in description.cameras.first { $0.name == name } }) ?? description.cameras.first else {
            throw .badInput(camera.map { "--camera \($0): no camera of that name in \(scene)" } ?? "\(scene) has no camera to record")
        }
        return chosen
    }
}
