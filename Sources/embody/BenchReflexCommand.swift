import AllocationCounter
import ArgumentParser
import Events
import Foundation
import Physics
import Runtime
import Safety
import Spatial

/// `embody bench reflex`: the intrusion reflex in the loop. Seeded trials of a hand entering a
/// protected zone of the workspace camera; for each, the time from the hand's true crossing of the
/// zone edge to the supervisor's action, for the event reflex (DVS at the render rate) and for a
/// 30 fps frame-difference detector in the same run; plus the compute per camera frame.
struct BenchReflex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reflex", abstract: "Latency of the event-driven intrusion reflex vs a 30 fps frame detector, in simulation.")

    @Option(help: "Scene with a fixed workspace camera and a box body \"hand\".")
    var scene = "sim/scenes/so101_intrusion.toml"

    @Option(help: "Seeded trials (seeds --seed, --seed+1, …).")
    var trials = 20

    @Option(help: "Hand speed, m/s (ISO 13855 assumes 2.0 for a hand or arm approaching).")
    var speed = 2.0

    @Option(help: "Render rate of the event camera, Hz (≥ 500).")
    var rate = 500.0

    @Option(help: "Frame rate of the baseline detector, Hz.")
    var frameRate = 30.0

    @Option(help: "First seed.")
    var seed: UInt64 = 1

    @Flag(help: "The arm holds its pose instead of sweeping its shoulder pan.")
    var hold = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        guard trials > 0 else { throw CommandError.badInput("--trials \(trials): expected a positive count") }
        guard rate >= 500 else { throw CommandError.badInput("--rate \(rate): the event camera renders at 500 Hz or more") }
        guard speed > 0, frameRate > 0 else { throw CommandError.badInput("--speed and --frame-rate must be positive") }
        let description: SceneDescription
        do { description = try SceneDescription.load(contentsOf: scene) } catch { throw CommandError.badInput(error.description) }
        var eventSlow: [Double] = [], eventStop: [Double] = [], frameSlow: [Double] = [], frameStop: [Double] = []
        var eventRender: [Int64] = [], eventDetect: [Int64] = [], frameRender: [Int64] = [], frameDetect: [Int64] = []
        var early = 0, events = 0
        var zone: IntrusionZone?
        for k in 0..<trials {
            var settings = IntrusionTrialSettings(scene: description, speed: speed, seed: seed + UInt64(k))
            settings.eventRate = rate
            settings.frameRate = frameRate
            settings.armWorks = !hold
            let r: IntrusionTrialResult
            do { r = try runIntrusionTrial(settings) } catch { throw CommandError.runtime("\(scene): \(error)") }
            zone = r.zone
            func latency(_ t: Int64?, into list: inout [Double]) {
                guard let t else { return }
                if t < r.crossing { early += 1 }
                list.append(Double(t - r.crossing) / 1e6)
            }
            latency(r.event.slow, into: &eventSlow)
            latency(r.event.stop, into: &eventStop)
            latency(r.frame.slow, into: &frameSlow)
            latency(r.frame.stop, into: &frameStop)
            eventRender += r.eventRender.dropFirst(10)
            eventDetect += r.eventDetect.dropFirst(10)
            frameRender += r.frameRender.dropFirst(1)
            frameDetect += r.frameDetect.dropFirst(1)
            events += r.events
        }
        let allocations = try allocationsPerFrame(description)

        func stats(_ xs: [Double]) -> (min: Double, median: Double, max: Double)? {
            guard !xs.isEmpty else { return nil }
            let s = xs.sorted()
            return (s[0], s[s.count / 2], s[s.count - 1])
        }
        func micros(_ xs: [Int64]) -> Double {
            guard !xs.isEmpty else { return .nan }
            return Double(xs.sorted()[xs.count / 2]) / 1e3
        }
        let rows: [(key: String, name: String, values: [Double])] = [
            ("event_slow", "event reflex → collaborative", eventSlow), ("event_stop", "event reflex → stop", eventStop),
            ("frame_slow", "\(fmt(frameRate)) fps frames → collaborative", frameSlow), ("frame_stop", "\(fmt(frameRate)) fps frames → stop", frameStop),
        ]
        if json {
            var fields = ["\"scene\":\"\(scene)\"", "\"trials\":\(trials)", "\"speed\":\(speed)", "\"rate_hz\":\(rate)", "\"frame_rate_hz\":\(frameRate)"]
            for row in rows {
                let s = stats(row.values)
                fields.append("\"\(row.key)_n\":\(row.values.count)")
                fields.append("\"\(row.key)_min_ms\":\(s.map { String(format: "%.3f", $0.min) } ?? "null")")
                fields.append("\"\(row.key)_median_ms\":\(s.map { String(format: "%.3f", $0.median) } ?? "null")")
                fields.append("\"\(row.key)_max_ms\":\(s.map { String(format: "%.3f", $0.max) } ?? "null")")
            }
            fields += ["\"early\":\(early)", "\"event_render_us\":\(String(format: "%.1f", micros(eventRender)))",
                       "\"event_detect_us\":\(String(format: "%.1f", micros(eventDetect)))",
                       "\"frame_render_us\":\(String(format: "%.1f", micros(frameRender)))",
                       "\"frame_detect_us\":\(String(format: "%.1f", micros(frameDetect)))",
                       "\"events_per_trial\":\(events / trials)", "\"allocations_per_frame\":\(fmt(allocations))"]
            print("{" + fields.joined(separator: ",") + "}")
            return
        }
        let camera = description.cameras.first { $0.name == "workspace" }
        print("\(scene): \(trials) trials, hand at \(fmt(speed)) m/s, arm \(hold ? "holding" : "sweeping its shoulder pan"), "
            + "camera \(camera.map { "\($0.width) x \($0.height)" } ?? "?"), zone \(zone.map { "\($0.width) x \($0.height) px at (\($0.x), \($0.y))" } ?? "?")")
        print("latency from the hand's true zone crossing to the supervisor's action (simulated time):")
        for row in rows {
            let label = row.name.padding(toLength: 34, withPad: " ", startingAt: 0)
            if let s = stats(row.values) {
                print("  \(label) min \(String(format: "%6.2f", s.min)) ms   median \(String(format: "%6.2f", s.median)) ms   max \(String(format: "%6.2f", s.max)) ms   (\(row.values.count)/\(trials) trials)")
            } else {
                print("  \(label) never")
            }
        }
        if early > 0 { print("  WARNING: \(early) actions before the crossing") }
        print("compute per camera frame (median):")
        print("  event reflex (\(fmt(rate)) Hz)   render \(String(format: "%7.1f", micros(eventRender))) µs   DVS + zones \(String(format: "%6.1f", micros(eventDetect))) µs   \(events / trials) events/trial")
        print("  frames (\(fmt(frameRate)) Hz)         render \(String(format: "%7.1f", micros(frameRender))) µs   difference  \(String(format: "%6.1f", micros(frameDetect))) µs")
        print("  allocations per frame (reflex capture + apply, steady state): \(fmt(allocations))")
    }

    /// Heap allocations per frame of the event reflex (render, DVS, zones, supervisor side) once warm,
    /// with the hand moving through the zone so every frame has events.
    func allocationsPerFrame(_ description: SceneDescription) throws -> Double {
        let world = try Scene(description)
        guard let camera = description.cameras.first(where: { $0.name == "workspace" }),
              let hand = world.model.bodies.firstIndex(where: { $0.name == "hand" }) else { return .nan }
        let settings = IntrusionTrialSettings(scene: description, speed: speed)
        let probe = CameraSensor(camera, world: world.model)
        guard let zone = intrusionZone("zone", covering: settings.zoneRegion, camera: probe, slowActivity: 1, stopActivity: 2) else { return .nan }
        let reflex = IntrusionReflex(camera: camera, world: world.model,
                                     detector: try EventIntrusionDetector(detector: IntrusionDetector(width: camera.width, height: camera.height, zones: [zone])),
                                     rate: 1000)
        let supervisor = try Supervisor(SupervisorModel(configuration: world.robotConfiguration!, kinematics: world.model.robot!,
                                                        jointNames: world.model.robot!.jointNames,
                                                        driveModes: Array(repeating: .position, count: world.model.robot!.dof), period: 1_000_000))
        let data = world.makeData()
        let frames = 200
        var counted = 0
        for k in 0..<(50 + frames) {
            data.bodyPositions[hand] = settings.handStart + settings.handVelocity * (Double(k) * 1e-3)
            let count = countAllocations {
                reflex.capture(data)
                _ = reflex.apply(to: supervisor, now: Int64(k) * 1_000_000)
            }
            if k >= 50 { counted += count }
            try step(data)
        }
        return Double(counted) / Double(frames)
    }
}
