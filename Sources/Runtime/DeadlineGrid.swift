/// The absolute-deadline schedule of a periodic loop and its overrun policy.
///
/// Deadlines lie on a fixed grid, `origin + k·period`, never `lastStart + period`: jitter in one tick
/// does not shift the ones after it (no drift). When tick `k` finishes after deadline `k+1`, the loop
/// has missed a deadline: it counts one miss and moves to the first grid point strictly after the
/// finish time, skipping the periods in between rather than running them back-to-back to "catch up"
/// (a burst of stale control ticks is worse than a skipped one). A pure value, shared by the real-time
/// thread, the planner thread and lockstep mode, and testable without threads.
public struct DeadlineGrid: Sendable, Equatable {
    public let origin: Int64
    public let period: Int64
    /// Index of the next tick to run.
    public private(set) var index: Int64 = 0
    /// Ticks that finished after the following deadline.
    public private(set) var misses: Int64 = 0
    /// Grid periods skipped because of those misses (never executed).
    public private(set) var skippedPeriods: Int64 = 0

    public init(origin: Int64, period: Int64) {
        precondition(period > 0, "period must be positive")
        self.origin = origin
        self.period = period
    }

    /// Deadline of the next tick to run.
    @inline(__always)
    public var deadline: Int64 { origin + index * period }

    /// Records that the current tick finished at `finish`, moves to the next tick to run and returns
    /// how many grid periods were skipped (0 when the tick met its budget).
    @discardableResult
    @inline(__always)
    public mutating func advance(finishedAt finish: Int64) -> Int64 {
        let next = index + 1
        if finish > origin + next * period {
            // First grid index whose deadline is strictly in the future.
            let first = (finish - origin) / period + 1
            let skipped = first - next
            misses += 1
            skippedPeriods += skipped
            index = first
            return skipped
        }
        index = next
        return 0
    }
}
