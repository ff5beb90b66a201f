#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MallocInterposerSwift

/// Counts the heap allocations the calling thread makes while `body` runs.
///
/// The interposer replaces `malloc` and friends for the whole process; its per-allocation hook
/// runs on the allocating thread, so counting only where `pthread_self()` is the measuring thread
/// keeps other threads (test runners, loggers) out of the figure. One measurement at a time.
public func countAllocations(_ body: () throws -> Void) rethrows -> Int {
    measuredThread = pthread_self()
    threadAllocations = 0
    MallocInterposerSwift.setAllocationHook(countIfMeasuredThread)
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    defer {
        MallocInterposerSwift.unhook()
        MallocInterposerSwift.setAllocationHook(nil)
    }
    try body()
    return threadAllocations
}

// Written only by the measured thread (the hook checks), read after the window closes.
nonisolated(unsafe) private var measuredThread = pthread_self()
nonisolated(unsafe) private var threadAllocations = 0

private let countIfMeasuredThread: MallocInterposerSwift.AllocationHook = { _ in
    if pthread_equal(pthread_self(), measuredThread) != 0 { threadAllocations += 1 }
}
