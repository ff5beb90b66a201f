import Atomics

/// Sequence number and time of one publication into a ``Mailbox``.
public struct MailboxStamp: Sendable, Equatable {
    /// 1 for the first publication, +1 for each after it; 0 for the initial value (nothing published yet).
    public var sequence: UInt64
    /// Time (ns, on the publisher's timeline) the publisher attached to the value.
    public var time: Int64

    public init(sequence: UInt64, time: Int64) {
        self.sequence = sequence
        self.time = time
    }
}

/// What the reader got: the value, its stamp, and whether it is newer than the previous read.
public struct MailboxRead<Value> {
    public var value: Value
    public var stamp: MailboxStamp
    /// True when `stamp.sequence` is greater than at the reader's previous read.
    public var isNew: Bool
    /// Publications the reader never saw (overwritten before it looked); 0 when it saw each one.
    public var missed: UInt64

    /// How old the value is at `now` (same timeline as the stamp), ns.
    @inline(__always)
    public func age(at now: Int64) -> Int64 { now - stamp.time }
}

extension MailboxRead: Sendable where Value: Sendable {}

/// A single-writer/single-reader "latest value" mailbox: a wait-free triple buffer.
///
/// Three slots: the writer owns one, the reader owns one, and the third ("middle") is exchanged
/// through a single atomic byte (slot index | "fresh" bit). Publishing fills the writer's slot and
/// swaps it with the middle; reading, when the fresh bit is set, swaps the reader's slot with the
/// middle. Neither side ever waits for the other (the 1 kHz controller never blocks on the planner
/// and vice versa), a value is never torn (a slot is owned by one side at a time), and the reader
/// always gets the newest complete value. A seqlock would also avoid tearing, but its reader retries
/// while the writer writes, so its time is unbounded; the triple buffer's is not.
///
/// Allocation-free after `init` when `Value` is a fixed-size value (no class references or arrays
/// inside); with such members it is still correct, but copies retain. Exactly one thread may write
/// and one may read at a time.
public final class Mailbox<Value>: @unchecked Sendable {
    @usableFromInline
    struct Slot {
        var value: Value
        var stamp: MailboxStamp
    }

    private static var freshBit: UInt8 { 0b100 }

    private let slots: UnsafeMutablePointer<Slot>
    private let middle: ManagedAtomic<UInt8>
    // Writer-owned.
    private var writeIndex: Int = 0
    private var nextSequence: UInt64 = 1
    // Reader-owned.
    private var readIndex: Int = 2
    private var lastReadSequence: UInt64 = 0
    // Latest published sequence, for monitors (any thread).
    private let published = ManagedAtomic<UInt64>(0)

    /// All three slots start as `initial` with sequence 0.
    public init(initial: Value) {
        slots = .allocate(capacity: 3)
        slots.initialize(repeating: Slot(value: initial, stamp: MailboxStamp(sequence: 0, time: 0)), count: 3)
        middle = ManagedAtomic(1)
    }

    deinit {
        slots.deinitialize(count: 3)
        slots.deallocate()
    }

    // MARK: Writer

    /// Publishes `value` stamped with `time` and the next sequence number. Writer thread only.
    @inline(__always)
    public func publish(_ value: Value, time: Int64) {
        slots[writeIndex].value = value
        commit(time: time)
    }

    /// Publishes by filling the writer's slot in place (no copy of a large payload). The slot holds an
    /// older publication, not necessarily the previous one: `fill` must write every field it relies on.
    @inline(__always)
    public func publish(time: Int64, _ fill: (inout Value) -> Void) {
        fill(&slots[writeIndex].value)
        commit(time: time)
    }

    @inline(__always)
    private func commit(time: Int64) {
        let sequence = nextSequence
        nextSequence += 1
        slots[writeIndex].stamp = MailboxStamp(sequence: sequence, time: time)
        // Release: the slot's contents are visible to whoever takes it. Acquire: the slot handed back
        // may have just been released by the reader, and we are about to overwrite it.
        let previous = middle.exchange(UInt8(writeIndex) | Self.freshBit, ordering: .acquiringAndReleasing)
        writeIndex = Int(previous & 0b11)
        published.store(sequence, ordering: .relaxed)
    }

    // MARK: Reader

    /// Takes the newest publication if there is one, then hands the reader's slot to `body` without
    /// copying it. Reader thread only.
    @inline(__always)
    public func withLatest<R>(_ body: (borrowing Value, MailboxStamp, _ isNew: Bool) throws -> R) rethrows -> R {
        let stamp = acquireLatest()
        let isNew = stamp.sequence > lastReadSequence
        lastReadSequence = stamp.sequence
        return try body(slots[readIndex].value, stamp, isNew)
    }

    /// Copies out the newest value with its stamp. Reader thread only.
    @inline(__always)
    public func read() -> MailboxRead<Value> {
        let stamp = acquireLatest()
        let isNew = stamp.sequence > lastReadSequence
        let missed = isNew ? stamp.sequence - lastReadSequence - 1 : 0
        lastReadSequence = stamp.sequence
        return MailboxRead(value: slots[readIndex].value, stamp: stamp, isNew: isNew, missed: missed)
    }

    @inline(__always)
    private func acquireLatest() -> MailboxStamp {
        if middle.load(ordering: .relaxed) & Self.freshBit != 0 {
            let previous = middle.exchange(UInt8(readIndex), ordering: .acquiringAndReleasing)
            readIndex = Int(previous & 0b11)
        }
        return slots[readIndex].stamp
    }

    // MARK: Monitors

    /// Sequence number of the latest publication (0 if none). Any thread; a hint, not a synchronisation.
    public var latestSequence: UInt64 { published.load(ordering: .relaxed) }
}
