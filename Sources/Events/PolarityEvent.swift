/// One event-camera event: a pixel's log intensity moved by a contrast threshold. Microsecond
/// timestamps and (x, y, polarity), as AEDAT4 and Prophesee's EVT formats store them.
@frozen
public struct PolarityEvent: Sendable, Equatable, BitwiseCopyable {
    /// Microseconds.
    public var timestamp: Int64
    public var x: UInt16
    public var y: UInt16
    /// True for ON (brighter), false for OFF (darker).
    public var polarity: Bool

    @inlinable
    public init(timestamp: Int64, x: UInt16, y: UInt16, polarity: Bool) {
        self.timestamp = timestamp
        self.x = x
        self.y = y
        self.polarity = polarity
    }
}
