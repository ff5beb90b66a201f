#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The photoreceptor's response to an 8-bit pixel value: natural log of the value, except below
/// `linearBelow` where it is the straight line through the origin that meets the log there
/// (v2e's `lin_log`, Hu et al. 2021, §3.1).
///
/// Why linear near black: ln(0) is −∞ and ln of the smallest codes jumps by whole thresholds per
/// quantisation step, so a pure log would turn sensor noise in dark regions into floods of
/// events that no real DVS emits. The map is continuous at `linearBelow` (both sides equal
/// ln(linearBelow)) and monotonic, so contrast is still measured in log units everywhere else.
public func linLog(_ value: Double, linearBelow: Double) -> Double {
    if value <= linearBelow { return value * (log(linearBelow) / linearBelow) }
    return log(value)
}
