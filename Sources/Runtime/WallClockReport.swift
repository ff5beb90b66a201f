import Histogram

/// Runs an empty body on a ``RealTimeThread`` at `rateHz` for `seconds` of wall-clock time and returns
/// a text report of the period error (start − deadline): real-time settings granted, ticks, deadline
/// misses, percentiles and a coarse ASCII histogram. For BENCHMARKS.md (`embody bench` and the like);
/// not a test assertion. Prints nothing itself.
public func wallClockReport(
    seconds: Double, rateHz: Int = 1_000, priority: Int32? = 80, lockMemory: Bool = true, cpu: Int? = nil,
    spinTail: Int64 = 80_000
) -> String {
    let period = Int64(1_000_000_000 / rateHz)
    let thread = RealTimeThread(.init(name: "embody-bench", period: period, priority: priority, lockMemory: lockMemory,
                                      cpu: cpu, spinTail: spinTail)) { _ in .continue }
    let status = thread.start()
    MonotonicClock.sleep(until: MonotonicClock.now() + Int64(seconds * 1e9))
    thread.requestStop()
    let telemetry = thread.join()
    var lines: [String] = []
    lines.append("periodic thread, \(rateHz) Hz, \(formatFixed(seconds, decimals: 1)) s, spin tail \(spinTail / 1_000) µs")
    lines.append("real-time settings: \(status)")
    lines.append("ticks: \(telemetry.ticks) (expected ≈ \(Int64(seconds * Double(rateHz)))), deadline misses: \(telemetry.deadlineMisses), periods skipped: \(telemetry.skippedPeriods)")
    lines.append(percentileTable(telemetry.periodError, title: "period error (start − deadline)"))
    lines.append(asciiHistogram(telemetry.periodError))
    lines.append("compute (empty body): \(telemetry.computeMicroseconds)")
    return lines.joined(separator: "\n")
}

/// Percentiles of a nanosecond histogram, in µs, one per line.
public func percentileTable(_ histogram: Histogram<UInt64>, title: String) -> String {
    var lines = ["\(title), µs (n=\(histogram.totalCount)):"]
    guard histogram.totalCount > 0 else { return lines[0] + " no samples" }
    for (label, p) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("p99.9", 99.9), ("p99.99", 99.99)] {
        lines.append("  \(pad(label, 7)) \(pad(formatFixed(Double(histogram.valueAtPercentile(p)) / 1_000, decimals: 1), 10, left: true))")
    }
    lines.append("  \(pad("max", 7)) \(pad(formatFixed(Double(histogram.max) / 1_000, decimals: 1), 10, left: true))")
    return lines.joined(separator: "\n")
}

/// Counts of a nanosecond histogram in coarse µs buckets (1-2-5 steps) with bars scaled to `width`.
public func asciiHistogram(_ histogram: Histogram<UInt64>, width: Int = 50) -> String {
    let edgesMicros: [UInt64] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000]
    var rows: [(String, UInt64)] = []
    var lower: UInt64 = 0
    for edge in edgesMicros {
        let upper = edge * 1_000
        let n = histogram.count(within: lower...(upper - 1))
        rows.append(("\(lower / 1_000)–\(edge) µs", n))
        lower = upper
    }
    rows.append(("≥ \(edgesMicros.last!) µs", histogram.count(within: lower...Histograms.highestTrackable)))
    // Trim empty rows at both ends.
    while let last = rows.last, last.1 == 0, rows.count > 1 { rows.removeLast() }
    while let first = rows.first, first.1 == 0, rows.count > 1 { rows.removeFirst() }
    let peak = rows.map(\.1).max() ?? 1
    var lines: [String] = []
    for (label, n) in rows {
        var bar = n == 0 ? 0 : Int((Double(n) / Double(max(peak, 1)) * Double(width)).rounded(.up))
        bar = min(bar, width)
        lines.append("  \(pad(label, 14)) \(pad(String(n), 8, left: true)) \(String(repeating: "#", count: bar))")
    }
    return lines.joined(separator: "\n")
}

private func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, n - s.count))
    return left ? fill + s : s + fill
}
