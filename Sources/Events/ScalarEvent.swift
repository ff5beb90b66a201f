/// One send-on-delta event of a scalar stream (a joint position, velocity, torque, a force
/// axis): at `timestamp` (µs) the signal of `channel` is within one threshold of
/// `level × threshold`. Levels are absolute and signed, so a receiver needs only the channel's
/// threshold to reconstruct the value, and a lost event costs accuracy only until the next one.
@frozen
public struct ScalarEvent: Sendable, Equatable, BitwiseCopyable {
    /// Microseconds.
    public var timestamp: Int64
    public var channel: UInt16
    /// The signal is about `level × threshold` (within one threshold).
    public var level: Int32

    @inlinable
    public init(timestamp: Int64, channel: UInt16, level: Int32) {
        self.timestamp = timestamp
        self.channel = channel
        self.level = level
    }

    /// The value this event stands for, given its channel's threshold.
    @inlinable
    public func value(threshold: Double) -> Double { Double(level) * threshold }
}
