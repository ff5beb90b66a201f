/// How long the bus waits and how often it retries, sized from the wire: an exchange's deadline
/// is the wire time of its bytes at the bus's baud, plus the servos' return delays, plus
/// `latencyAllowance` for the adapter (a USB serial adapter delivers bytes in bursts: 1 ms with
/// the FTDI latency timer set to 1, as LeRobot sets it; 16 ms at the factory setting).
public struct BusTiming: Sendable, Equatable {
    /// Allowance for adapter and scheduling latency per exchange, ns.
    public var latencyAllowance: UInt64
    /// Re-sends of a sync read per cycle for servos that did not answer (or answered garbled).
    public var retriesPerCycle: Int
    /// A servo silent for longer than this, and for at least `silentCycles` whole cycles (every
    /// attempt of each), is a fault, ns. Both: on a noisy bus a cycle's retries can stretch it to
    /// several milliseconds, and two unlucky cycles in a row must not stop the arm.
    public var silenceLimit: UInt64
    public var silentCycles: Int
    /// No retry starts once a cycle has taken this long, ns (or two cycles' wire time at a slow
    /// baud): a noisy bus then costs a stale reading for one cycle, not a missed control tick.
    public var retryWindow: UInt64
    /// Attempts per servo for pings and set-up reads and writes.
    public var setupAttempts: Int
    /// Wait for each set-up answer beyond its wire time, ns: generous, set-up is not timed.
    public var setupTimeout: UInt64

    public init(latencyAllowance: UInt64 = 2_000_000, retriesPerCycle: Int = 2, silenceLimit: UInt64 = 20_000_000,
                silentCycles: Int = 4, retryWindow: UInt64 = 6_000_000, setupAttempts: Int = 5, setupTimeout: UInt64 = 50_000_000) {
        self.latencyAllowance = latencyAllowance
        self.retriesPerCycle = retriesPerCycle
        self.silenceLimit = silenceLimit
        self.silentCycles = silentCycles
        self.retryWindow = retryWindow
        self.setupAttempts = setupAttempts
        self.setupTimeout = setupTimeout
    }
}
