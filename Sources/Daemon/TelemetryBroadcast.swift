import Foundation

/// Fans the telemetry pump's JSON samples out to WebSocket subscribers. A slow subscriber keeps
/// only the newest few samples (it sees the latest state, late), never slowing the pump.
final class TelemetryBroadcast: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [UUID: AsyncStream<String>.Continuation] = [:]
    private var closed = false

    /// A stream of samples that ends when the daemon shuts down.
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        let id = UUID()
        let accepted = lock.withLock {
            guard !closed else { return false }
            subscribers[id] = continuation
            return true
        }
        if !accepted { continuation.finish() }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            _ = self.lock.withLock { self.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    var subscriberCount: Int { lock.withLock { subscribers.count } }

    func send(_ text: String) {
        for continuation in lock.withLock({ Array(subscribers.values) }) { continuation.yield(text) }
    }

    /// Ends every stream (shutdown) and refuses new ones.
    func finish() {
        let all = lock.withLock {
            closed = true
            defer { subscribers = [:] }
            return Array(subscribers.values)
        }
        for continuation in all { continuation.finish() }
    }
}
