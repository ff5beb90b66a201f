import AllocationCounter
import ArgumentParser
import Control
import Foundation
import Hardware
import Physics
import RobotModel
import Safety
import Spatial

/// `embody bench bus`: the servo bus cycle (one sync read + one sync write) against the emulated
/// chain on a pseudo-terminal, next to the wire-time floor computed from its byte counts.
struct BenchBus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bus",
        abstract: "Time the servo bus cycle against the emulator and compare it with the wire-time limit.")

    @Option(help: "Robot folder (its robot.toml names the servos).")
    var robot = "robots/so101"

    @Option(parsing: .upToNextOption, help: "Bit rates to measure (default: every rate of the servo from 115200 up).")
    var baud: [Int] = []

    @Option(help: "Timed cycles per bit rate.")
    var cycles = 2000

    @Flag(help: "Print one JSON object per bit rate instead of a table.")
    var json = false

    func validate() throws {
        guard cycles >= 10 else { throw ValidationError("--cycles must be at least 10") }
    }

    func run() throws {
        let loaded: (urdf: URDF, model: Model, configuration: RobotConfiguration)
        do { loaded = try RobotConfiguration.loadValidated(robotDirectory: robot) } catch {
            throw CommandError.badInput(error.description)
        }
        let configuration = loaded.configuration
        guard let modelName = configuration.joints.first?.servoModel, let table = ControlTable.named(modelName) else {
            throw CommandError.badInput("\(configuration.file): no servo bus with a known servo model")
        }
        let rates = baud.isEmpty ? table.baudRates.values.filter { $0 >= 115_200 }.sorted() : baud
        if !json {
            print("\(configuration.name): \(configuration.joints.count) × \(table.model), one sync read + one sync write per cycle, \(cycles) cycles against `embody emulate`")
            print("     baud  bytes  wire limit  measured p50     p99  p50/limit  achieved rate  wire-limited rate  allocations/cycle  retries")
        }
        for rate in rates {
            let result = try measure(configuration: configuration, model: loaded.model, baud: rate)
            let budget = result.budget
            if json {
                print(String(format: "{\"robot\":\"%@\",\"baud\":%d,\"bytes\":%d,\"wire_limit_us\":%.1f,\"cycle_p50_us\":%.1f,\"cycle_p99_us\":%.1f,\"ratio\":%.3f,\"rate_hz\":%.1f,\"wire_rate_hz\":%.1f,\"allocations_per_cycle\":%@,\"retries\":%d}",
                             configuration.name, rate, budget.totalBytes, Double(budget.wireTime) / 1e3, result.median / 1e3, result.p99 / 1e3,
                             result.median / Double(budget.wireTime), 1e9 / result.median, budget.maximumRate, fmt(result.allocations), result.retries))
            } else {
                print(String(format: "%9d  %5d  %7.0f µs  %9.0f µs  %5.0f µs  %9.3f  %10.0f Hz  %14.0f Hz  %17@  %7d",
                             rate, budget.totalBytes, Double(budget.wireTime) / 1e3, result.median / 1e3, result.p99 / 1e3,
                             result.median / Double(budget.wireTime), 1e9 / result.median, budget.maximumRate, fmt(result.allocations), result.retries))
            }
        }
    }

    struct Result {
        var budget: BusCycleBudget
        /// Cycle time, ns.
        var median: Double
        var p99: Double
        var allocations: Double
        /// Sync reads re-sent over the whole run (warm-up, timed and allocation-counted cycles).
        var retries: Int
    }

    private func measure(configuration: RobotConfiguration, model: Model, baud: Int) throws -> Result {
        let scene: Scene
        do {
            scene = try Scene(SceneDescription(file: configuration.file, gravity: Vec3(0, 0, -9.81), timestep: 0.001,
                                               robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: []))
        } catch { throw CommandError.badInput(error.description) }
        let emulator: ServoChainEmulator
        do { emulator = try ServoChainEmulator(configuration: configuration, scene: scene, baud: baud, seed: 1, torqueOn: true) } catch {
            throw CommandError.badInput(error.description)
        }
        let link = NSTemporaryDirectory() + "embody-bench-bus-\(getpid())"
        try emulator.open(link: link)
        emulator.start()
        defer { emulator.stop() }
        // A loaded machine can hold either thread off the CPU for milliseconds: such a cycle retries
        // (counted, reported) instead of failing the run.
        let bus = try ServoBus(configuration: configuration, model: model, port: link,
                               calibration: try emulator.matchingCalibration(), baud: baud,
                               timing: BusTiming(silenceLimit: 1_000_000_000))
        defer { bus.disconnect() }
        try bus.configure()
        try bus.activate()
        var state = JointState(joints: bus.jointNames.count)
        try bus.read(into: &state)
        // Only the supervisor makes a SafeCommand: ask it once to hold the measured pose, then
        // send that command every cycle (the bus, not the supervisor, is what is timed).
        let supervisor: Supervisor
        do {
            supervisor = Supervisor(try SupervisorModel(configuration: configuration, kinematics: model, jointNames: bus.jointNames,
                                                        driveModes: bus.commandModes, period: 1_000_000))
        } catch { throw CommandError.badInput("\(error)") }
        supervisor.activate(from: state, now: state.time)
        let hold = supervisor.filter(state, targets: state.position.map { JointTarget(position: $0) }, now: state.time, chunkTime: state.time)
        guard hold.torqueEnabled else { throw CommandError.runtime("the supervisor would not hold the arm: \(supervisor.fault.map { "\($0)" } ?? "stopped")") }
        for _ in 0..<100 {  // warm up: caches, page faults, the emulator's first physics steps
            try bus.read(into: &state)
            try bus.write(hold)
        }
        var durations = [Double](repeating: 0, count: cycles)
        var k = 0
        while k < cycles {
            let start = monotonicNanoseconds()
            try bus.read(into: &state)
            try bus.write(hold)
            durations[k] = Double(monotonicNanoseconds() - start)
            k += 1
        }
        let probe = 200
        var failure: Error?
        let allocations = countAllocations {
            var i = 0
            while i < probe {
                do {
                    try bus.read(into: &state)
                    try bus.write(hold)
                } catch {
                    failure = error
                    return
                }
                i += 1
            }
        }
        if let failure { throw CommandError.runtime("\(failure)") }
        durations.sort()
        return Result(budget: bus.cycleBudget, median: durations[cycles / 2], p99: durations[cycles * 99 / 100],
                      allocations: Double(allocations) / Double(probe), retries: bus.statistics.retries)
    }
}

