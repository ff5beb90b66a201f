import Foundation
import Runtime
import Safety
import ServiceLifecycle

/// Drains the running episode's telemetry ring at the configured rate (the controller thread only
/// pushes): every tick goes to the loop statistics, the metrics and a running recording; the
/// newest goes to WebSocket subscribers as one JSON sample.
final class TelemetryPump: Service, @unchecked Sendable {  // `previous`/`draining`: the pump's task only
    private let tasks: TaskController
    private let statistics: LoopStatistics
    private let metrics: DaemonMetrics
    private let recordings: RecordingControl
    let broadcast: TelemetryBroadcast
    private let interval: Duration
    private let jointNames: [String]
    private var draining: EpisodeOperator?
    private var dropped = 0
    private var previous: OperatorSample?
    private var samples: [OperatorSample] = []

    init(tasks: TaskController, statistics: LoopStatistics, metrics: DaemonMetrics, recordings: RecordingControl,
         broadcast: TelemetryBroadcast, rate: Double, jointNames: [String]) {
        self.tasks = tasks
        self.statistics = statistics
        self.metrics = metrics
        self.recordings = recordings
        self.broadcast = broadcast
        interval = .nanoseconds(Int64(1e9 / rate))
        self.jointNames = jointNames
        samples.reserveCapacity(4096)
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                self.pump()
                try? await Task.sleep(for: self.interval)
            }
        }
        pump()
        recordings.close()
        broadcast.finish()
    }

    /// One drain of the ring (and of the previous episode's, once, when a new one has started).
    func pump() {
        let latest = tasks.latestHooks
        if let old = draining, old !== latest { drain(old) }
        if draining !== latest {
            draining = latest
            dropped = 0
            previous = nil
        }
        if let latest { drain(latest) }
    }

    private func drain(_ hooks: EpisodeOperator) {
        samples.removeAll(keepingCapacity: true)
        while let s = hooks.telemetry.pop() { samples.append(s) }
        let newlyDropped = hooks.telemetry.dropped - dropped
        dropped = hooks.telemetry.dropped
        guard !samples.isEmpty || newlyDropped > 0 else { return }
        statistics.record(samples, dropped: newlyDropped)
        metrics.dropped(newlyDropped)
        var before = previous
        for s in samples {
            metrics.record(s, previous: before)
            before = s
        }
        recordings.record(samples, previous: previous)
        previous = samples.last ?? previous
        if let last = samples.last, broadcast.subscriberCount > 0 {
            broadcast.send(Self.json(last, task: tasks.snapshot.current?.id, jointNames: jointNames))
        }
    }

    /// One telemetry message (the schema is `TelemetrySample` in api/openapi.yaml).
    static func json(_ s: OperatorSample, task: Int?, jointNames: [String]) -> String {
        func list(_ values: InlineArray<8, Double>) -> String {
            (0..<s.jointCount).map { String(values[$0]) }.joined(separator: ",")
        }
        let names = (0..<s.jointCount).map { "\"\($0 < jointNames.count ? jointNames[$0] : "joint\($0)")\"" }.joined(separator: ",")
        var interventions: [String] = []
        for reason in InterventionReason.allCases where s.interventions.onsets(reason) > 0 {
            interventions.append("\"\(reason.name)\":\(s.interventions.onsets(reason))")
        }
        let fault = s.fault >= 0 ? InterventionReason(rawValue: s.fault).map { "\"\($0.name)\"" } ?? "null" : "null"
        return "{\"time_ns\":\(s.time),\"tick\":\(s.index),\"task_id\":\(task.map(String.init) ?? "null"),"
            + "\"joint_names\":[\(names)],\"positions\":[\(list(s.positions))],\"commands\":[\(list(s.commands))],"
            + "\"command_velocities\":[\(list(s.commandVelocities))],\"supervisor_mode\":\"\(s.mode.name)\","
            + "\"fault\":\(fault),\"interventions\":{\(interventions.joined(separator: ","))},"
            + "\"interventions_total\":\(s.interventions.total),\"period_error_us\":\(Double(s.periodError) / 1000),"
            + "\"compute_us\":\(Double(s.compute) / 1000)}"
    }
}
