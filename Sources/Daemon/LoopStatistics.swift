import Foundation
import Histogram
import Runtime

/// Loop timing over every controller tick since the daemon started, for `GET /v1/status`: HDR
/// histograms fed by the telemetry pump (never by the controller thread), read under a lock the
/// controller thread never takes.
final class LoopStatistics: @unchecked Sendable {
    private let lock = NSLock()
    private var periodError = Histograms.nanoseconds()
    private var compute = Histograms.nanoseconds()
    private var ticks: Int64 = 0
    private var deadlineMisses: Int64 = 0
    private var dropped: Int64 = 0

    func record(_ samples: [OperatorSample], dropped newlyDropped: Int) {
        lock.withLock {
            for s in samples {
                Histograms.record(s.periodError, into: &periodError)
                Histograms.record(s.compute, into: &compute)
                if s.skipped > 0 { deadlineMisses += 1 }
            }
            ticks += Int64(samples.count)
            dropped += Int64(newlyDropped)
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
            func us(_ h: Histogram<UInt64>) -> Distribution {
                let d = DistributionSummary(h, nanosecondsPerUnit: 1000, unit: "µs")
                return Distribution(p50: d.p50, p99: d.p99, max: d.max)
            }
            return Summary(ticks: ticks, deadlineMisses: deadlineMisses, droppedSamples: dropped,
                           periodErrorUs: us(periodError), computeUs: us(compute))
        }
    }
}
