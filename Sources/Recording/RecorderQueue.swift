import Glibc

/// One thing handed to the recorder, kept as the producer's value until the writer thread encodes it.
enum RecorderItem: Sendable {
    case sample(RecordedSample)
    case actionChunk(RecordedActionChunk)
    case intervention(RecordedIntervention)
    case events(RecordedEventFrame)
    case camera(RecordedCameraFrame)
}

/// A bounded many-producer, one-consumer queue between `record` callers and the writer thread.
///
/// Why it never blocks a producer for long: slots are allocated once; `push` holds the mutex only to
/// copy one value into a slot (no allocation, no I/O, no waiting for space: when full it counts a
/// drop and returns). The writer takes everything queued in one lock hold and encodes outside it.
/// It wakes on a timer, or early when the queue is half full, so producers rarely make a syscall.
/// The 1 kHz thread does not call this directly: it goes through Runtime's lock-free ring.
final class RecorderQueue: @unchecked Sendable {
    let capacity: Int
    private let slots: UnsafeMutablePointer<RecorderItem?>
    private var head = 0
    private var count = 0
    private var closed = false
    private(set) var pushed = 0
    private var droppedCount = 0
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let ready = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(capacity: Int) {
        precondition(capacity > 0, "queue capacity must be positive")
        self.capacity = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(ready, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        slots.deinitialize(count: capacity)
        slots.deallocate()
        pthread_cond_destroy(ready)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        ready.deallocate()
    }

    /// Producer side: false (and one more drop counted) when the queue is full or closed.
    func push(_ item: RecorderItem) -> Bool {
        pthread_mutex_lock(mutex)
        guard count < capacity, !closed else {
            droppedCount += 1
            pthread_mutex_unlock(mutex)
            return false
        }
        slots[(head + count) % capacity] = item
        count += 1
        pushed += 1
        let wake = count == capacity / 2 + 1
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(ready) }
        return true
    }

    /// Items refused because the queue was full.
    var dropped: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return droppedCount
    }

    /// Consumer side: moves every queued item into `items` (which it empties first), waiting up to
    /// `timeout` nanoseconds when the queue is empty. Returns false once closed and drained.
    func take(into items: inout [RecorderItem], timeout: Int64) -> Bool {
        items.removeAll(keepingCapacity: true)
        pthread_mutex_lock(mutex)
        if count == 0 && !closed {
            var deadline = timespec()
            clock_gettime(CLOCK_MONOTONIC, &deadline)
            let total = Int64(deadline.tv_nsec) + timeout
            deadline.tv_sec += Int(total / 1_000_000_000)
            deadline.tv_nsec = Int(total % 1_000_000_000)
            pthread_cond_timedwait(ready, mutex, &deadline)
        }
        while count > 0 {
            items.append(slots[head].take()!)
            head = (head + 1) % capacity
            count -= 1
        }
        let open = !closed
        pthread_mutex_unlock(mutex)
        return open || !items.isEmpty
    }

    /// Refuses further items and wakes the consumer to drain the rest.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(ready)
    }
}
