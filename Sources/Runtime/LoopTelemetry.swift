import Histogram

/// p50/p99/max (and count) of one distribution, in a display unit (µs or ms).
public struct DistributionSummary: Sendable, Equatable, CustomStringConvertible {
    public var count: UInt64
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public var unit: String

    public init(_ histogram: Histogram<UInt64>, nanosecondsPerUnit: Double, unit: String) {
        let n = histogram.totalCount
        func value(_ p: Double) -> Double { n == 0 ? 0 : Double(histogram.valueAtPercentile(p)) / nanosecondsPerUnit }
        count = n
        p50 = value(50)
        p90 = value(90)
        p99 = value(99)
        p999 = value(99.9)
        max = n == 0 ? 0 : Double(histogram.max) / nanosecondsPerUnit
        self.unit = unit
    }

    public var description: String {
        func f(_ x: Double) -> String { formatFixed(x, decimals: unit == "ms" ? 3 : 1) }
        return "p50 \(f(p50)) \(unit), p99 \(f(p99)) \(unit), max \(f(max)) \(unit) (n=\(count))"
    }
}

/// Histograms of nanosecond durations with a fixed, preallocated range: recording never allocates.
///
/// `Histogram` is a value type over an array; as long as one owner mutates it in place (the loop thread
/// holds it in a local `var`) the array is uniquely referenced and `record` writes a counter. The range
/// is fixed (`autoResize` off) and out-of-range values are clamped to it, so no record ever resizes.
public enum Histograms {
    /// 1 ns resolution up to 2048 ns, 3 significant digits beyond, up to one minute.
    public static let highestTrackable: UInt64 = 60_000_000_000

    public static func nanoseconds() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: highestTrackable, numberOfSignificantValueDigits: .three)
    }

    @inline(__always)
    public static func record(_ value: Int64, into histogram: inout Histogram<UInt64>) {
        let clamped = value < 0 ? 0 : (UInt64(value) > highestTrackable ? highestTrackable : UInt64(value))
        histogram.record(clamped)
    }
}

/// What a periodic loop measured: owned and written by the loop's own thread only, handed to others
/// after the thread has been joined (the join orders the memory). No lock is ever shared.
public struct LoopTelemetry: Sendable {
    /// Ticks executed.
    public var ticks: Int64 = 0
    /// Ticks that finished after the next deadline.
    public var deadlineMisses: Int64 = 0
    /// Grid periods skipped after those misses.
    public var skippedPeriods: Int64 = 0
    /// Actual start − deadline, ns.
    public var periodError = Histograms.nanoseconds()
    /// Body run time, ns.
    public var compute = Histograms.nanoseconds()

    public init() {}

    public var periodErrorMicroseconds: DistributionSummary { DistributionSummary(periodError, nanosecondsPerUnit: 1_000, unit: "µs") }
    public var computeMicroseconds: DistributionSummary { DistributionSummary(compute, nanosecondsPerUnit: 1_000, unit: "µs") }
}

/// One tick as it crosses to a slower thread through an ``SPSCRing`` (recording, live plots).
public struct TickSample: Sendable, Equatable {
    public var index: Int64
    public var deadline: Int64
    public var start: Int64
    public var finish: Int64

    public init(index: Int64, deadline: Int64, start: Int64, finish: Int64) {
        self.index = index
        self.deadline = deadline
        self.start = start
        self.finish = finish
    }
}

/// `x` with a fixed number of decimals, without Foundation's `String(format:)`.
func formatFixed(_ x: Double, decimals: Int) -> String {
    guard x.isFinite else { return "\(x)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(x) * scale).rounded()
    let whole = Int64(scaled / scale)
    let frac = Int64(scaled - Double(whole) * scale)
    var fracText = String(frac)
    while fracText.count < decimals { fracText = "0" + fracText }
    return (x < 0 && scaled != 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + fracText : "")
}

extension Histograms {
    /// The recorded values, each repeated by its count and converted to a display unit, for plots
    /// that bin raw samples. At most about `limit` values: larger counts are scaled down evenly.
    public static func values(_ histogram: Histogram<UInt64>, nanosecondsPerUnit: Double, limit: Int = 100_000) -> [Double] {
        let total = histogram.totalCount
        guard total > 0 else { return [] }
        let scale = min(1, Double(limit) / Double(total))
        var result: [Double] = []
        for bucket in histogram.recordedValues() {
            let repeats = max(1, Int((Double(bucket.count) * scale).rounded()))
            result.append(contentsOf: repeatElement(Double(bucket.value) / nanosecondsPerUnit, count: repeats))
        }
        return result
    }
}
