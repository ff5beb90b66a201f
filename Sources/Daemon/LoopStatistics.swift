import Foundation
import Histogram
import Runtime

/// Loop timing over every controller tick since the daemon started, for `GET /v1/status`: HDR
/// histograms fed by the telemetry pump (never by the controller thread), read under a lock the
/// controller thread never takes. The percentiles are computed at most once per batch of ticks
/// (the pump's 50 Hz), not per request: at 1,000 status requests/s recomputing them was two thirds
/// of the daemon's CPU, all of it inside the lock the pump needs.
final class LoopStatistics: @unchecked Sendable {
    private let lock = NSLock()
    private var periodError = Histograms.nanoseconds()
    private var compute = Histograms.nanoseconds()
    private var ticks: Int64 = 0
    private var deadlineMisses: Int64 = 0
    private var dropped: Int64 = 0
    /// The last summary, valid while no tick has been recorded since.
    private var cached: Summary?

    func record(_ samples: [OperatorSample], dropped newlyDropped: Int) {
        lock.withLock {
            for s in samples {
                Histograms.record(s.periodError, into: &periodError)
                Histograms.record(s.compute, into: &compute)
                if s.skipped > 0 { deadlineMisses += 1 }
            }
            ticks += Int64(samples.count)
            dropped += Int64(newlyDropped)
            if !samples.isEmpty || newlyDropped > 0 { cached = nil }
        }
    }

    struct Distribution: Codable, Sendable {
        var p50: Double
        var p99: Double
        var max: Double
    }

    struct Summary: Codable, Sendable {
        var ticks: Int64
        var deadlineMisses: Int64
        var droppedSamples: Int64
        var periodErrorUs: Distribution
        var computeUs: Distribution
    }

    var summary: Summary {
        lock.withLock {
            if let cached { return cached }
            func us(_ h: Histogram<UInt64>) -> Distribution {
                let d = DistributionSummary(h, nanosecondsPerUnit: 1000, unit: "µs")
                return Distribution(p50: d.p50, p99: d.p99, max: d.max)
            }
            let fresh = Summary(ticks: ticks, deadlineMisses: deadlineMisses, droppedSamples: dropped,
                                periodErrorUs: us(periodError), computeUs: us(compute))
            cached = fresh
            return fresh
        }
    }
}
