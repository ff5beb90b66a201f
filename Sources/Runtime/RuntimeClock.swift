/// The executive's view of time: integer nanoseconds on one timeline, and a way to wait for a deadline.
///
/// Named `RuntimeClock` rather than `Clock` so it does not collide with the standard library's
/// `Swift.Clock` in modules that import `Runtime`.
///
/// Two implementations: ``WallClock`` (paced: waiting takes real time) and ``LockstepClock`` (simulated:
/// waiting advances the time instantly, so a simulation runs deterministically and as fast as possible).
public protocol RuntimeClock: AnyObject {
    /// Current time, ns, on this clock's timeline.
    var now: Int64 { get }
    /// Returns once `now >= deadline`. A deadline in the past returns at once.
    func wait(until deadline: Int64)
    /// True when waiting costs real time (wall clock); false for simulated time.
    var isPaced: Bool { get }
}

/// Real time: `CLOCK_MONOTONIC`, relative to the moment the clock was made (so timelines start near 0
/// in both modes). Waits sleep in the kernel and spin the last `spinTail` ns.
public final class WallClock: RuntimeClock, @unchecked Sendable {
    /// Monotonic time (ns) that this clock calls 0.
    public let epoch: Int64
    public let spinTail: Int64

    public init(epoch: Int64 = MonotonicClock.now(), spinTail: Int64 = 0) {
        self.epoch = epoch
        self.spinTail = spinTail
    }

    public var now: Int64 { MonotonicClock.now() - epoch }
    public func wait(until deadline: Int64) { MonotonicClock.wait(until: deadline + epoch, spinTail: spinTail) }
    public var isPaced: Bool { true }
}

/// Simulated time advanced only by the executive: `wait(until:)` jumps to the deadline. Deterministic
/// (no dependence on the machine's speed or load) and used by a single thread.
public final class LockstepClock: RuntimeClock {
    public private(set) var now: Int64

    public init(start: Int64 = 0) { now = start }

    public func wait(until deadline: Int64) { if deadline > now { now = deadline } }
    /// Moves time forward by `nanoseconds` (simulated work that "takes" time).
    public func advance(by nanoseconds: Int64) { precondition(nanoseconds >= 0); now += nanoseconds }
    public var isPaced: Bool { false }
}
