import Foundation

/// Tick positions and labels for one axis.
///
/// Why integers inside: a tick is `index · mantissa · 10^exponent` with mantissa 1, 2 or 5, so labels are
/// produced from integers and never show binary noise such as 0.30000000000000004.
struct AxisTicks: Equatable {
    /// The axis range shown (for nice ranges, the outermost ticks).
    var lower: Double
    var upper: Double
    /// Tick values, ascending.
    var values: [Double]
    /// Their labels, formatted with one number of decimals for the whole axis.
    var labels: [String]
    var logarithmic = false

    /// Linear ticks at 1-2-5 steps. With `expand` the range grows outwards to the nearest ticks (a "nice"
    /// range); otherwise the range is kept and the ticks are the multiples of the step inside it. The step
    /// is the smallest that gives at most `maxIntervals` intervals.
    static func linear(lower: Double, upper: Double, maxIntervals: Int, expand: Bool = true) -> AxisTicks {
        precondition(lower.isFinite && upper.isFinite, "axis range must be finite")
        var lo = min(lower, upper), hi = max(lower, upper)
        if hi - lo <= max(abs(lo), abs(hi)) * 1e-12 {
            // A constant signal still gets an axis around it.
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let intervals = max(1, maxIntervals)
        var exponent = Int((log10((hi - lo) / Double(intervals))).rounded(.down)) - 1
        while true {
            for mantissa in [1, 2, 5] {
                let step = scaled(Double(mantissa), exponent)
                let first = snapped(lo / step, expand ? .down : .up)
                let last = snapped(hi / step, expand ? .up : .down)
                if last - first <= Double(intervals) {
                    let firstIndex = Int(first), lastIndex = Int(last)
                    let indices = firstIndex <= lastIndex ? Array(firstIndex...lastIndex) : []
                    let values = indices.map { scaled(Double($0 * mantissa), exponent) }
                    let labels = indices.map { format($0 * mantissa, exponent: exponent) }
                    return AxisTicks(
                        lower: expand ? values.first ?? lo : lo, upper: expand ? values.last ?? hi : hi,
                        values: values, labels: labels)
                }
            }
            exponent += 1
        }
    }

    /// Decade ticks (1, 10, 100, …) for a logarithmic axis over positive `lower...upper`. The range is
    /// widened to whole decades, and by a further half decade where data sits exactly on the edge, so
    /// that e.g. a histogram bar of count 1 stays visible above the axis.
    static func logarithmic(lower: Double, upper: Double) -> AxisTicks {
        precondition(lower > 0 && upper.isFinite, "logarithmic axis range must be positive and finite")
        let hi = max(lower, upper)
        var first = Int(snapped(log10(lower), .down)), last = Int(snapped(log10(hi), .up))
        if last == first { last += 1 }
        var lo = scaled(1, first), top = scaled(1, last)
        if lo >= lower * 0.999 { lo /= 2 }
        if top <= hi * 1.001 { top *= 2 }
        // Too many decades for the space: not an issue at report sizes (a 1 µs...1 s range is 6 decades).
        first = max(first, -300)
        let exponents = Array(first...last)
        return AxisTicks(
            lower: lo, upper: top, values: exponents.map { scaled(1, $0) },
            labels: exponents.map { format(1, exponent: $0) }, logarithmic: true)
    }

    /// `value · 10^exponent`, correctly rounded (division for negative exponents: 3 / 10 is exactly the
    /// double nearest 0.3, while 3 · 0.1 is not).
    static func scaled(_ value: Double, _ exponent: Int) -> Double {
        var power = 1.0
        for _ in 0..<abs(exponent) { power *= 10 }
        return exponent >= 0 ? value * power : value / power
    }

    /// `x` rounded in `direction`, treating values within rounding noise of an integer as that integer.
    private static func snapped(_ x: Double, _ direction: FloatingPointRoundingRule) -> Double {
        let nearest = x.rounded()
        if abs(x - nearest) <= 1e-9 * max(1, abs(x)) { return nearest }
        return x.rounded(direction)
    }

    /// `integer · 10^exponent` as text: plain decimals for moderate magnitudes ("-0.25", "1500"), and
    /// "2e-6" style beyond, all from integer arithmetic.
    static func format(_ integer: Int, exponent: Int) -> String {
        if integer == 0 { return exponent < 0 && exponent >= -4 ? "0." + String(repeating: "0", count: -exponent) : "0" }
        let sign = integer < 0 ? "-" : ""
        var digits = String(integer.magnitude)
        if exponent >= 0 && exponent + digits.count <= 7 {
            return sign + digits + String(repeating: "0", count: exponent)
        }
        if exponent < 0 && exponent >= -4 {
            let places = -exponent
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            let split = digits.index(digits.endIndex, offsetBy: -places)
            return sign + digits[..<split] + "." + digits[split...]
        }
        // Scientific: strip trailing zeros into the exponent, then one digit before the point.
        var e = exponent
        while digits.count > 1 && digits.hasSuffix("0") {
            digits.removeLast()
            e += 1
        }
        e += digits.count - 1
        let mantissa = digits.count == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
        return sign + mantissa + "e" + String(e)
    }
}
