import Glibc

/// CLOCK_MONOTONIC in nanoseconds: chunk ages and producer-side timings, unaffected by wall-clock steps.
func monotonicNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}
