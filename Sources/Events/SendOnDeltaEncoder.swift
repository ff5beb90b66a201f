/// Send-on-delta (level-crossing) encoding of several scalar streams: a channel reports only
/// when its signal has moved at least one threshold away from the value it last reported, so a
/// still joint costs nothing and a moving one reports at a rate proportional to its speed.
///
/// After every sample each channel's reconstruction `level × threshold` is within one threshold
/// of the signal (within half a threshold right after an event, which rounds to the nearest
/// level). Allocation-free: the per-channel state is allocated in `init`, events go to a closure.
public struct SendOnDeltaEncoder: Sendable {
    /// Per-channel threshold, in the channel's unit (rad, rad/s, N·m, N).
    public let thresholds: [Double]
    /// Last reported level per channel.
    @usableFromInline var levels: [Int32]
    @usableFromInline var started = false

    /// One threshold per channel; each must be positive and finite.
    public init(thresholds: [Double]) {
        precondition(!thresholds.isEmpty && thresholds.count <= Int(UInt16.max) + 1, "1...65536 channels")
        precondition(thresholds.allSatisfy { $0 > 0 && $0.isFinite }, "thresholds must be positive")
        self.thresholds = thresholds
        levels = [Int32](repeating: 0, count: thresholds.count)
    }

    /// Encodes one sample of every channel taken at `timestamp` (µs). The first sample reports
    /// every channel (the receiver's starting point); later ones only channels that moved by a
    /// threshold or more. Non-finite values are skipped (a glitch must not look like motion).
    @inlinable
    public mutating func encode(_ values: UnsafeBufferPointer<Double>, at timestamp: Int64, emit: (ScalarEvent) -> Void) {
        precondition(values.count == thresholds.count, "\(values.count) values for \(thresholds.count) channels")
        let first = !started
        started = true
        var c = 0
        while c < values.count {
            let x = values[c]
            if x.isFinite {
                let threshold = thresholds[c]
                if first || abs(x - Double(levels[c]) * threshold) >= threshold {
                    let nearest = (x / threshold).rounded()
                    let level = Int32(max(Double(Int32.min), min(Double(Int32.max), nearest)))
                    levels[c] = level
                    emit(ScalarEvent(timestamp: timestamp, channel: UInt16(c), level: level))
                }
            }
            c += 1
        }
    }

    /// `encode` for an array of values.
    @inlinable
    public mutating func encode(_ values: [Double], at timestamp: Int64, emit: (ScalarEvent) -> Void) {
        values.withUnsafeBufferPointer { encode($0, at: timestamp, emit: emit) }
    }
}
