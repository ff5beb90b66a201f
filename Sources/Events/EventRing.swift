/// A fixed-capacity ring of events (polarity or scalar) for one thread: the sensor side appends,
/// consumers read the recent past or drain it. When full, the oldest event is overwritten and
/// counted in `overwritten`: a controller wants the latest motion, not a stalled queue.
///
/// Storage is allocated once in `init`; nothing allocates afterwards. To hand events between
/// threads, use the runtime's lock-free SPSC ring instead.
public final class EventRing<Element: BitwiseCopyable> {
    public let capacity: Int
    /// Events held, oldest first at index 0.
    public var count: Int { held }
    /// Events lost because the ring was full when they arrived.
    public var overwritten: Int { lost }
    @usableFromInline var held = 0
    @usableFromInline var lost = 0
    @usableFromInline let storage: UnsafeMutablePointer<Element>
    /// Index of the oldest event in `storage`.
    @usableFromInline var head = 0

    public init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    public var isEmpty: Bool { count == 0 }

    /// The `index`-th oldest event held.
    @inlinable
    public subscript(index: Int) -> Element {
        precondition(index >= 0 && index < held, "index \(index) outside 0..<\(held)")
        var slot = head + index
        if slot >= capacity { slot -= capacity }
        return storage[slot]
    }

    @inlinable
    public func append(_ element: Element) {
        var slot = head + held
        if slot >= capacity { slot -= capacity }
        storage[slot] = element
        if held == capacity {
            head += 1
            if head == capacity { head = 0 }
            lost += 1
        } else {
            held += 1
        }
    }

    @inlinable
    public func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        var i = 0
        while i < elements.count {
            append(elements[i])
            i += 1
        }
    }

    /// Removes and returns the oldest event.
    @inlinable
    public func removeFirst() -> Element? {
        guard held > 0 else { return nil }
        let element = storage[head]
        head += 1
        if head == capacity { head = 0 }
        held -= 1
        return element
    }

    /// Drops the `k` oldest events (all of them if fewer are held).
    @inlinable
    public func removeFirst(_ k: Int) {
        let n = min(max(k, 0), held)
        head += n
        if head >= capacity { head -= capacity }
        held -= n
    }

    public func removeAll() {
        head = 0
        held = 0
    }
}

extension EventRing where Element == PolarityEvent {
    /// Drops events older than `time` (µs); events are assumed appended in time order.
    @inlinable
    public func removeEvents(before time: Int64) {
        var k = 0
        while k < count && self[k].timestamp < time { k += 1 }
        removeFirst(k)
    }
}

extension EventRing where Element == ScalarEvent {
    /// Drops events older than `time` (µs); events are assumed appended in time order.
    @inlinable
    public func removeEvents(before time: Int64) {
        var k = 0
        while k < count && self[k].timestamp < time { k += 1 }
        removeFirst(k)
    }
}
