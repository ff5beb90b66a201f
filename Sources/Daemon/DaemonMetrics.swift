import Foundation
import Prometheus
import Runtime
import Safety

/// The Prometheus metrics of `GET /metrics`: loop timing (from every controller tick the
/// telemetry pump drains), supervisor interventions by reason, planner latency, bus counters and
/// episodes by outcome (at each episode's end).
final class DaemonMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let periodError: DurationHistogram
    private let compute: DurationHistogram
    private let deadlineMisses: Counter
    private let plannerLatency: DurationHistogram
    private let interventions: [Counter]
    private let busRetries: Counter
    private let busErrors: [String: Counter]
    private let droppedSamples: Counter

    init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        let fine: [Duration] = [5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000].map { .microseconds($0) }
        periodError = registry.makeDurationHistogram(descriptor: Self.metric("embody_loop_period_error_seconds", "Controller tick start minus its deadline"), buckets: fine)
        compute = registry.makeDurationHistogram(descriptor: Self.metric("embody_loop_compute_seconds", "Controller tick: sensor read, controller and supervisor"), buckets: fine)
        deadlineMisses = registry.makeCounter(descriptor: Self.metric("embody_loop_deadline_misses_total", "Controller ticks that started after skipped periods"))
        plannerLatency = registry.makeDurationHistogram(descriptor: Self.metric("embody_planner_latency_seconds", "Planner tick start to chunk published"), buckets: [0.01, 0.1, 1, 5, 10, 25, 50, 100, 150].map { .microseconds(Int64($0 * 1000)) })
        interventions = InterventionReason.allCases.map {
            registry.makeCounter(descriptor: Self.metric("embody_supervisor_interventions_total", "Supervisor interventions (onsets) by reason"), labels: [("reason", $0.name)])
        }
        busRetries = registry.makeCounter(descriptor: Self.metric("embody_bus_retries_total", "Servo bus requests asked again"))
        busErrors = Dictionary(uniqueKeysWithValues: ["corrupted_packet", "timeout", "implausible_reading"].map {
            ($0, registry.makeCounter(descriptor: Self.metric("embody_bus_errors_total", "Servo bus errors by kind"), labels: [("kind", $0)]))
        })
        droppedSamples = registry.makeCounter(descriptor: Self.metric("embody_telemetry_dropped_total", "Controller ticks the telemetry ring dropped (the daemon fell behind)"))
        for outcome in Self.outcomes { _ = registry.makeCounter(descriptor: Self.metric("embody_episodes_total", "Episodes by outcome"), labels: [("outcome", outcome)]) }
    }

    private static func metric(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Outcome labels of `embody_episodes_total`.
    static let outcomes = ["success", "failure", "cancelled", "stopped", "error"]

    private func episodeCounter(_ outcome: String) -> Counter {
        registry.makeCounter(descriptor: Self.metric("embody_episodes_total", "Episodes by outcome"), labels: [("outcome", outcome)])
    }

    /// One drained controller tick; `previous` is the episode's previous tick (for intervention onsets).
    func record(_ sample: OperatorSample, previous: OperatorSample?) {
        periodError.recordNanoseconds(max(0, sample.periodError))
        compute.recordNanoseconds(sample.compute)
        if sample.skipped > 0 { deadlineMisses.increment() }
        for reason in InterventionReason.allCases {
            let now = sample.interventions.onsets(reason), before = previous?.interventions.onsets(reason) ?? 0
            if now > before { interventions[reason.rawValue].increment(by: now - before) }
        }
    }

    func dropped(_ count: Int) { if count > 0 { droppedSamples.increment(by: Int64(count)) } }

    func episodeEnded(_ result: EpisodeResult?, _ record: TaskController.EpisodeRecord, bus: DaemonArm.BusCounters?) {
        let outcome: String
        if result == nil { outcome = "error" }
        else if record.outcome == "cancelled" { outcome = "cancelled" }
        else if record.fault != nil || record.outcome.hasPrefix("stopped") { outcome = "stopped" }
        else { outcome = record.success ? "success" : "failure" }
        episodeCounter(outcome).increment()
        if let result {
            for bucket in result.plannerLatency.recordedValues() {
                for _ in 0..<min(bucket.count, 10_000) { plannerLatency.recordNanoseconds(Int64(bucket.value)) }
            }
        }
        if let bus {
            busRetries.increment(by: Int64(bus.retries))
            busErrors["corrupted_packet"]!.increment(by: Int64(bus.corruptedPackets))
            busErrors["timeout"]!.increment(by: Int64(bus.timeouts))
            busErrors["implausible_reading"]!.increment(by: Int64(bus.implausibleReadings))
        }
    }

    /// The text exposition format.
    func text() -> String { registry.emitToString() }
}
