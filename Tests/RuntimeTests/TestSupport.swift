#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A fixed-capacity log that one thread writes and another reads after a join (tests only).
final class TickLog: @unchecked Sendable {
    let capacity: Int
    private let storage: UnsafeMutablePointer<Int64>
    let fields: Int
    private(set) var count = 0

    init(capacity: Int, fields: Int) {
        self.capacity = capacity
        self.fields = fields
        storage = .allocate(capacity: capacity * fields)
        storage.initialize(repeating: 0, count: capacity * fields)
    }

    deinit { storage.deallocate() }

    /// Appends one row (no allocation). Drops rows beyond capacity.
    @inline(__always)
    func append(_ a: Int64, _ b: Int64 = 0, _ c: Int64 = 0, _ d: Int64 = 0, _ e: Int64 = 0) {
        guard count < capacity else { return }
        let row = storage + count * fields
        let values = (a, b, c, d, e)
        if fields > 0 { row[0] = values.0 }
        if fields > 1 { row[1] = values.1 }
        if fields > 2 { row[2] = values.2 }
        if fields > 3 { row[3] = values.3 }
        if fields > 4 { row[4] = values.4 }
        count += 1
    }

    subscript(row: Int, field: Int) -> Int64 { storage[row * fields + field] }
}

/// A mutable box shared with a thread body (tests only; the test orders accesses by joins).
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
