import Foundation
import Histogram
import Safety

/// Success rate and timing over a set of episodes: the summary JSON of `embody sim --task` and
/// its printed table. Timing comes from the episodes' HDR histograms, merged (not from sorted
/// samples), so percentiles over a million ticks cost nothing to keep.
public struct EpisodeReport: Sendable {
    public var episodes = 0
    public var successes = 0
    public var realtime = false
    public var controllerTicks: Int64 = 0
    public var deadlineMisses: Int64 = 0
    public var skippedPeriods: Int64 = 0
    /// Tick start − deadline, ns (0 in lockstep).
    public var periodError = Histograms.nanoseconds()
    /// Controller tick alone, ns.
    public var compute = Histograms.nanoseconds()
    /// Whole executive tick (controller, simulator step, mailboxes), ns.
    public var tick = Histograms.nanoseconds()
    /// Simulator step, ns.
    public var step = Histograms.nanoseconds()
    public var plannerTicks: Int64 = 0
    public var plannerLatency = Histograms.nanoseconds()
    public var lateChunks: Int64 = 0
    public var limitViolations = 0
    public var interventions = InterventionCounts()
    /// "episode k: fault" for each episode that ended in a latched fault.
    public var faults: [String] = []
    /// The worst steady-state count over the episodes.
    public var allocationsPerTick = 0.0
    /// What the real-time thread was granted (wall-clock runs), e.g. "SCHED_FIFO 80, memory locked".
    public var realTimeSettings: String?
    /// Controller period, ns (1 ms in simulation; a bus cycle's worth on hardware).
    public var controllerPeriod: Int64 = 1_000_000
    /// What the robot's side of the tick is: the simulator step, or the bus write on hardware.
    public var robotStep = "sim step"
    /// Bus counters (cycles, retries, corrupted packets, timeouts) on hardware; in the JSON as "bus".
    public var bus: [String: Int]?
    /// Robot interface errors (a silent servo, a vanished port) and the stops they caused.
    public var robotFaults: [RobotFaultRecord] = []

    /// One robot interface error: which episode, what the interface said, how long the stop took
    /// from the latched fault to every command at rest, and (when the fault's onset is known, as
    /// with the emulator's injected faults) how long the loop took to notice it.
    public struct RobotFaultRecord: Sendable {
        public var episode: Int
        public var error: String
        public var stopSeconds: Double?
        public var detectionSeconds: Double?

        public init(episode: Int, error: String, stopSeconds: Double?, detectionSeconds: Double?) {
            self.episode = episode
            self.error = error
            self.stopSeconds = stopSeconds
            self.detectionSeconds = detectionSeconds
        }

        var json: String {
            "{\"episode\":\(episode),\"error\":\(jsonString(error)),\"stop_ms\":\(number((stopSeconds ?? .nan) * 1e3)),"
                + "\"detection_ms\":\(number((detectionSeconds ?? .nan) * 1e3))}"
        }

        public var line: String {
            var text = "episode \(episode): \(error)"
            if let detectionSeconds { text += String(format: "; detected %.1f ms after it began", detectionSeconds * 1e3) }
            if let stopSeconds { text += String(format: "; controlled stop, commands at rest %.1f ms later", stopSeconds * 1e3) }
            return text
        }
    }

    /// The JSON key of the robot's side of the tick.
    private var robotStepKey: String { robotStep.replacingOccurrences(of: " ", with: "_") + "_us" }

    public init(_ results: [EpisodeResult], realtime: Bool) {
        self.realtime = realtime
        for r in results {
            episodes += 1
            if r.success { successes += 1 }
            controllerTicks += Int64(r.controllerTicks)
            deadlineMisses += r.executive.deadlineMisses
            skippedPeriods += r.executive.skippedPeriods
            periodError.add(r.executive.controllerTelemetry.periodError)
            tick.add(r.executive.controllerTelemetry.compute)
            compute.add(r.controllerCompute)
            step.add(r.stepCompute)
            plannerTicks += r.executive.plannerTicks
            plannerLatency.add(r.plannerLatency)
            lateChunks += r.executive.lateChunks
            limitViolations += r.limitViolations
            interventions.add(r.interventions)
            if let fault = r.fault { faults.append("episode \(episodes - 1): \(fault)") }
            allocationsPerTick = max(allocationsPerTick, r.allocationsPerTick)
            if let status = r.executive.status { realTimeSettings = "\(status)" }
            controllerPeriod = r.executive.controllerPeriod
        }
    }

    public var successRate: Double { Double(successes) / Double(max(episodes, 1)) }

    /// The summary of the command-line contract (plus the simulator step and whole-tick times).
    public var json: String {
        func triple(_ h: Histogram<UInt64>, _ unit: Double) -> String {
            let d = DistributionSummary(h, nanosecondsPerUnit: unit, unit: "")
            return "{\"p50\":\(number(d.p50)),\"p99\":\(number(d.p99)),\"max\":\(number(d.max))}"
        }
        return "{\"episodes\":\(episodes),\"successes\":\(successes),\"success_rate\":\(number(successRate)),"
            + "\"mode\":\"\(realtime ? "wall-clock" : "lockstep")\","
            + "\"control\":{\"rate_hz\":\(number(1e9 / Double(controllerPeriod))),\"ticks\":\(controllerTicks),\"deadline_misses\":\(deadlineMisses),\"skipped_periods\":\(skippedPeriods),"
            + "\"period_error_us\":\(triple(periodError, 1e3)),\"compute_us\":\(triple(compute, 1e3)),"
            + "\"tick_us\":\(triple(tick, 1e3)),\"\(robotStepKey)\":\(triple(step, 1e3)),"
            + "\"allocations_per_tick\":\(number(allocationsPerTick))},"
            + "\"planner\":{\"ticks\":\(plannerTicks),\"latency_ms\":\(triple(plannerLatency, 1e6)),\"late_chunks\":\(lateChunks)},"
            + "\"safety\":{\"interventions\":\(interventions.total),\"by_reason\":{\(byReason)},\"violations\":\(limitViolations),"
            + "\"faults\":[\(faults.map(jsonString).joined(separator: ","))],"
            + "\"robot_faults\":[\(robotFaults.map(\.json).joined(separator: ","))]}"
            + (bus.map { b in ",\"bus\":{" + b.keys.sorted().map { "\"\($0)\":\(b[$0]!)" }.joined(separator: ",") + "}" } ?? "") + "}\n"
    }

    /// `"reason":{"onsets":n,"ticks":n}` for each reason that occurred.
    private var byReason: String {
        InterventionReason.allCases.filter { interventions.onsets($0) > 0 }
            .map { "\"\($0.name)\":{\"onsets\":\(interventions.onsets($0)),\"ticks\":\(interventions.ticks($0))}" }
            .joined(separator: ",")
    }

    public func table(instruction: String) -> String {
        func row(_ name: String, _ h: Histogram<UInt64>, _ unit: Double, _ label: String) -> String {
            let d = DistributionSummary(h, nanosecondsPerUnit: unit, unit: label)
            func f(_ x: Double) -> String { String(format: "%9.3f", x) }
            return "  \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) p50 \(f(d.p50))  p99 \(f(d.p99))  max \(f(d.max)) \(label)"
        }
        var lines = ["\"\(instruction)\": \(successes)/\(episodes) succeeded (\(String(format: "%.1f", 100 * successRate))%), "
            + (realtime ? "wall clock" + (realTimeSettings.map { " (\($0))" } ?? "") : "lockstep")
            + (controllerPeriod == 1_000_000 ? "" : ", controller at \(number(1e9 / Double(controllerPeriod))) Hz")]
        lines.append(row("controller compute", compute, 1e3, "µs"))
        lines.append(row(robotStep, step, 1e3, "µs"))
        if realtime {
            lines.append(row("controller period error", periodError, 1e3, "µs")
                + "  (\(deadlineMisses) deadline misses, \(skippedPeriods) periods skipped)")
        }
        lines.append(row("planner latency", plannerLatency, 1e6, "ms") + "  (\(lateChunks) late chunks)")
        lines.append("  controller allocations: \(number(allocationsPerTick)) per tick (steady state)")
        let reasons = InterventionReason.allCases.filter { interventions.onsets($0) > 0 }
            .map { "\($0.name) \(interventions.onsets($0))" }.joined(separator: ", ")
        lines.append("  supervisor interventions: \(interventions.total)\(reasons.isEmpty ? "" : " (\(reasons))")")
        if !faults.isEmpty { lines.append("  faults: \(faults.joined(separator: "; "))") }
        for fault in robotFaults { lines.append("  robot fault: \(fault.line)") }
        lines.append("  joint-limit violations: \(limitViolations) ticks")
        if let bus {
            lines.append("  bus: " + bus.keys.sorted().map { "\($0.replacingOccurrences(of: "_", with: " ")) \(bus[$0]!)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

/// A JSON string literal (Foundation's encoder does the escaping).
private func jsonString(_ text: String) -> String {
    (try? JSONEncoder().encode(text)).flatMap { String(data: $0, encoding: .utf8) } ?? "\"\""
}

/// A JSON number with up to 4 decimals (no exponent, no trailing noise).
private func number(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    var text = String(format: "%.4f", x)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
