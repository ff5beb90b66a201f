#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds on the monotonic clock: the time base of every serial deadline, so a wall-clock
/// step (NTP, a user changing the date) can neither cut a bus timeout short nor stretch it.
@inline(__always)
public func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
}

/// Waits until `deadline` (monotonic ns): sleeps for all but the last `spin` ns, then spins.
/// Why: `nanosleep` overshoots by 50–100 µs, which at 1 Mbit/s is 5–10 bytes of wire time; the
/// emulator and the benchmark need byte-exact timing, the spin costs a fraction of a millisecond.
public func waitUntil(_ deadline: UInt64, spin: UInt64 = 150_000) {
    while true {
        let now = monotonicNanoseconds()
        if now >= deadline { return }
        let remaining = deadline - now
        if remaining > spin {
            var request = timespec(tv_sec: Int((remaining - spin) / 1_000_000_000),
                                   tv_nsec: Int((remaining - spin) % 1_000_000_000))
            nanosleep(&request, nil)
        }
    }
}
