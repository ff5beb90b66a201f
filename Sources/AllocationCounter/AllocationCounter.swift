import MallocInterposerSwift

/// Counts heap allocations made while `body` runs.
///
/// The interposer replaces `malloc` and friends for the whole process, so the count includes
/// allocations from other threads that happen during `body`; callers measure quiet regions.
public func countAllocations(_ body: () throws -> Void) rethrows -> Int {
    MallocInterposerSwift.initialize()
    MallocInterposerSwift.hook()
    defer { MallocInterposerSwift.unhook() }
    try body()
    return Int(MallocInterposerSwift.getStatistics().mallocCount)
}
