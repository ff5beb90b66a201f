#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one time source of the stack: `CLOCK_MONOTONIC` as integer nanoseconds.
///
/// Monotonic (never steps with NTP or the wall-clock date) and integer (timestamps are never floats,
/// see DESIGN.md "Time"). Reading it is a vDSO call: no system call, no allocation, safe on the 1 kHz thread.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary, fixed point (boot on Linux).
    @inline(__always)
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }

    /// Sleeps until the absolute monotonic time `deadline` (ns): `clock_nanosleep(TIMER_ABSTIME)`,
    /// retried on `EINTR`. An absolute sleep cannot accumulate drift the way `sleep(period)` does.
    public static func sleep(until deadline: Int64) {
        guard deadline > 0 else { return }
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        #if os(Linux)
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
        #else
        var remaining = deadline - now()
        while remaining > 0 {
            var rel = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
            nanosleep(&rel, nil)
            remaining = deadline - now()
        }
        _ = ts
        #endif
    }

    /// Waits until `deadline` precisely: sleeps in the kernel until `spinTail` ns before it, then
    /// busy-waits the rest. The kernel's wake-up latency (tens of µs, more under load) lands inside the
    /// tail instead of after the deadline; the price is `spinTail` of CPU per period.
    @inline(__always)
    public static func wait(until deadline: Int64, spinTail: Int64) {
        if spinTail > 0 {
            let wake = deadline - spinTail
            if wake > now() { sleep(until: wake) }
            while now() < deadline {}
        } else {
            sleep(until: deadline)
        }
    }
}
