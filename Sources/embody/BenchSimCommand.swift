import AllocationCounter
import ArgumentParser
import Foundation
import Physics

/// `embody bench sim`: time per step, contacts per step, real-time factor, render time per frame.
struct BenchSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Time simulator steps and camera renders on a scene (after 0.5 s of settling).")

    @Option(help: "Scene file (sim/scenes/*.toml).")
    var scene: String

    @Option(help: "Simulated seconds per timed batch.")
    var seconds: Double = 1

    @Option(help: "Timed batches; the median batch is reported.")
    var batches = 5

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard seconds > 0, batches > 0 else { throw ValidationError("--seconds and --batches must be positive") }
    }

    func run() throws {
        let world: Scene
        do { world = try Scene.load(contentsOf: scene) } catch { throw CommandError.badInput(error.description) }
        let data = world.makeData()
        let dt = world.model.timestep
        do {
            for _ in 0..<Int(0.5 / dt) { try step(data) }
            let steps = Int((seconds / dt).rounded())
            var perStep: [Double] = []
            var contacts = 0
            for _ in 0..<batches {
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<steps {
                    try step(data)
                    contacts += data.contacts.count
                }
                perStep.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(steps) / 1000)
            }
            perStep.sort()
            let stepMicros = perStep[perStep.count / 2]
            var failure: SimulationError?
            let probe = 1000
            let allocations = countAllocations {
                for _ in 0..<probe { do { try step(data) } catch { failure = error as? SimulationError } }
            }
            if let failure { throw failure }
            var renderMicros = Double.nan
            if let camera = world.description.cameras.first {
                let sensor = CameraSensor(camera, world: world.model)
                sensor.capture(data)
                let frames = 500
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<frames { sensor.capture(data) }
                renderMicros = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(frames) / 1000
            }
            let contactsPerStep = Double(contacts) / Double(steps * batches)
            let realtime = dt * 1e6 / stepMicros
            let perStepAllocations = Double(allocations) / Double(probe)
            if json {
                print("{\"step_us\":\(String(format: "%.3f", stepMicros)),\"contacts_per_step\":\(String(format: "%.2f", contactsPerStep)),"
                      + "\"realtime_factor\":\(String(format: "%.1f", realtime)),\"render_us\":\(renderMicros.isFinite ? String(format: "%.1f", renderMicros) : "null"),"
                      + "\"allocations_per_step\":\(fmt(perStepAllocations))}")
            } else {
                print("\(scene): \(world.model.bodies.count) free bodies, \(world.model.geoms.count) geoms, \(world.model.robotDOF) robot DoF, timestep \(fmt(dt * 1000)) ms")
                print("  step            \(String(format: "%8.2f", stepMicros)) µs  (\(String(format: "%.1f", realtime))× real time)")
                print("  contacts/step   \(String(format: "%8.2f", contactsPerStep))")
                print("  render          \(renderMicros.isFinite ? String(format: "%8.1f", renderMicros) + " µs/frame" : "no camera")")
                print("  allocations     \(fmt(perStepAllocations)) per step")
            }
        } catch let error as SimulationError {
            throw CommandError.runtime(error.description)
        }
    }
}
