import Atomics

/// A bounded single-producer/single-consumer queue: the producer (the 1 kHz thread) never blocks and
/// never allocates; when the consumer falls behind, new elements are dropped and counted, not queued.
///
/// Storage is allocated once in `init`. `head` is written only by the consumer and `tail` only by the
/// producer; each publishes with release and reads the other's with acquire.
public final class SPSCRing<Element>: @unchecked Sendable {
    private let buffer: UnsafeMutablePointer<Element?>
    private let mask: Int
    public let capacity: Int
    private let head = ManagedAtomic<Int>(0)  // next slot to pop (consumer-owned)
    private let tail = ManagedAtomic<Int>(0)  // next slot to push (producer-owned)
    private let droppedCount = ManagedAtomic<Int>(0)

    /// `capacity` is rounded up to a power of two.
    public init(capacity: Int) {
        precondition(capacity > 0)
        var size = 1
        while size < capacity { size <<= 1 }
        self.capacity = size
        mask = size - 1
        buffer = .allocate(capacity: size)
        buffer.initialize(repeating: nil, count: size)
    }

    deinit {
        buffer.deinitialize(count: capacity)
        buffer.deallocate()
    }

    /// Producer side. Returns false (and counts a drop) when full.
    @discardableResult
    public func push(_ element: Element) -> Bool {
        let t = tail.load(ordering: .relaxed)
        if t - head.load(ordering: .acquiring) >= capacity {
            droppedCount.wrappingIncrement(ordering: .relaxed)
            return false
        }
        buffer[t & mask] = element
        tail.store(t + 1, ordering: .releasing)
        return true
    }

    /// Consumer side. Nil when empty.
    public func pop() -> Element? {
        let h = head.load(ordering: .relaxed)
        if h == tail.load(ordering: .acquiring) { return nil }
        let element = buffer[h & mask].take()
        head.store(h + 1, ordering: .releasing)
        return element
    }

    /// Elements dropped because the ring was full.
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }
}
