import AllocationCounter
import ArgumentParser
import Control
import Foundation
import Runtime
import Safety

/// `embody bench safety`: the supervisor's tick (sensor checks, watchdogs, the joint filter, the
/// Cartesian zones) on a robot's real limits, per tick: median, p99, worst, and heap allocations.
struct BenchSafety: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safety", abstract: "Time the supervisor's tick and count its heap allocations.")

    @Option(help: "Robot folder, e.g. robots/so101.")
    var robot = "robots/so101"

    @Option(help: "Ticks to time.")
    var ticks = 200_000

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        guard ticks > 0 else { throw CommandError.badInput("--ticks \(ticks): expected a positive count") }
        let supervisor = Supervisor(try SafetyCommand.supervisorModel(robot))
        let n = supervisor.model.jointNames.count
        var state = JointState(joints: n)
        for i in 0..<n { state.position[i] = (supervisor.model.envelopes[i].lower + supervisor.model.envelopes[i].upper) / 2 }
        supervisor.activate(from: state, now: 0)
        let period = supervisor.model.period
        var targets = Array(repeating: JointTarget(), count: n)
        var samples = [Int64](repeating: 0, count: ticks)
        let centre = state.position
        var now: Int64 = 0
        // A feasible sinusoid, with a jump every second that makes the filter and zones act.
        func tick(_ k: Int) {
            now += period
            state.time = now
            let t = Double(k) * 1e-3
            for i in 0..<n { targets[i].position = centre[i] + 0.4 * sin(t + Double(i)) + (k % 1000 < 20 ? 0.5 : 0) }
            let start = MonotonicClock.now()
            let command = supervisor.filter(state, targets: targets, now: now, chunkTime: now)
            samples[k] = MonotonicClock.now() - start
            for i in 0..<n { state.position[i] = command[i].position; state.velocity[i] = command[i].velocity }
        }
        for k in 0..<min(100, ticks) { tick(k) }  // warm-up: one-time runtime metadata
        let allocations = countAllocations {
            var k = 0
            while k < ticks {
                tick(k)
                k += 1
            }
        }
        samples.sort()
        func us(_ q: Double) -> Double { Double(samples[min(samples.count - 1, Int(q * Double(samples.count - 1)))]) / 1e3 }
        let perTick = Double(allocations) / Double(ticks)
        if json {
            print("{\"robot\":\"\(robot)\",\"joints\":\(n),\"ticks\":\(ticks),\"median_us\":\(us(0.5)),\"p99_us\":\(us(0.99)),"
                + "\"max_us\":\(us(1)),\"allocations_per_tick\":\(perTick),\"interventions\":\(supervisor.interventions.total)}")
        } else {
            print("supervisor tick, \(robot) (\(n) joints), \(ticks) ticks: median \(String(format: "%.2f", us(0.5))) µs, "
                + "p99 \(String(format: "%.2f", us(0.99))) µs, max \(String(format: "%.1f", us(1))) µs, "
                + "\(perTick) allocations per tick, \(supervisor.interventions.total) interventions")
        }
    }
}
