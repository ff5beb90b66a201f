import Spatial

/// A candidate pair from the broad phase: geom indices with `a < b`.
@frozen
public struct GeomPair: Sendable, Equatable {
    public var a: Int32
    public var b: Int32

    @inlinable
    public init(a: Int32, b: Int32) {
        self.a = a
        self.b = b
    }
}

/// Sweep-and-prune broad phase: finds the pairs of geoms whose bounding boxes overlap.
///
/// The finite boxes are sorted by their lower bound along the axis on which their centres are most
/// spread (insertion sort over an order kept from the previous call, which is nearly sorted at 1 kHz,
/// so the sort is close to linear), then swept: each box is tested only against the boxes that start
/// before it ends. Unbounded boxes (planes) are tested against every box. Ties are broken by index, so
/// the output is a function of the boxes alone, not of the call history — the simulator stays
/// deterministic across resets. All storage is allocated in `init`; `findPairs` never allocates.
public final class Broadphase {
    public let geomCapacity: Int
    public let pairCapacity: Int
    /// Candidate pairs of the last `findPairs` call.
    public private(set) var pairCount = 0
    /// Overlapping, unfiltered pairs that did not fit `pairCapacity` in the last call.
    public private(set) var droppedPairs = 0

    private let order: UnsafeMutablePointer<Int32>
    private let keys: UnsafeMutablePointer<Double>
    private let unbounded: UnsafeMutablePointer<Int32>
    private let pairStorage: UnsafeMutablePointer<GeomPair>
    private var orderCount = 0

    public init(geomCapacity: Int, pairCapacity: Int) {
        precondition(geomCapacity > 0 && pairCapacity > 0)
        self.geomCapacity = geomCapacity
        self.pairCapacity = pairCapacity
        order = .allocate(capacity: geomCapacity)
        keys = .allocate(capacity: geomCapacity)
        unbounded = .allocate(capacity: geomCapacity)
        pairStorage = .allocate(capacity: pairCapacity)
    }

    deinit {
        order.deallocate()
        keys.deallocate()
        unbounded.deallocate()
        pairStorage.deallocate()
    }

    /// The candidate pairs found by the last call (valid until the next call).
    public var pairs: UnsafeBufferPointer<GeomPair> { UnsafeBufferPointer(start: pairStorage, count: pairCount) }

    /// Finds the pairs `(i, j)`, `i < j`, whose boxes overlap and for which `filter(i, j)` is true
    /// (the simulator's filter rejects static–static pairs and geoms on the same or adjacent links).
    /// Returns the number of pairs; read them from `pairs`.
    @discardableResult
    public func findPairs(_ boxes: UnsafeBufferPointer<AABB>, filter: (Int, Int) -> Bool) -> Int {
        let n = boxes.count
        precondition(n <= geomCapacity, "Broadphase: \(n) geoms exceed the capacity \(geomCapacity)")
        pairCount = 0
        droppedPairs = 0
        // Sweep axis: largest variance of the finite boxes' centres.
        var sum = Vec3.zero, sumSq = Vec3.zero
        var finite = 0, nUnbounded = 0
        for i in 0..<n {
            let b = boxes[i]
            if b.isUnbounded {
                unbounded[nUnbounded] = Int32(i)
                nUnbounded += 1
                continue
            }
            let c = 0.5 * (b.min + b.max)
            sum += c
            sumSq += Vec3(c.x * c.x, c.y * c.y, c.z * c.z)
            finite += 1
        }
        var axis = 0
        if finite > 0 {
            let mean = (1 / Double(finite)) * sum
            let variance = (1 / Double(finite)) * sumSq - Vec3(mean.x * mean.x, mean.y * mean.y, mean.z * mean.z)
            if variance.y > variance[axis] { axis = 1 }
            if variance.z > variance[axis] { axis = 2 }
        }

        // Keep the previous order where it is still valid (same geom count), else start from identity.
        if orderCount != n {
            for i in 0..<n { order[i] = Int32(i) }
            orderCount = n
        }
        // Move unbounded geoms to the back so the sweep covers only finite ones.
        var sweepCount = 0
        for i in 0..<n where !boxes[Int(order[i])].isUnbounded {
            order[sweepCount] = order[i]
            sweepCount += 1
        }
        for k in 0..<nUnbounded { order[sweepCount + k] = unbounded[k] }
        for i in 0..<sweepCount { keys[i] = boxes[Int(order[i])].min[axis] }
        // Insertion sort by (key, index).
        if sweepCount > 1 {
            for i in 1..<sweepCount {
                let key = keys[i], idx = order[i]
                var j = i
                while j > 0 && (keys[j - 1] > key || (keys[j - 1] == key && order[j - 1] > idx)) {
                    keys[j] = keys[j - 1]
                    order[j] = order[j - 1]
                    j -= 1
                }
                keys[j] = key
                order[j] = idx
            }
        }

        for s in 0..<sweepCount {
            let i = Int(order[s])
            let bi = boxes[i]
            let end = bi.max[axis]
            var t = s + 1
            while t < sweepCount && keys[t] <= end {
                let j = Int(order[t])
                if bi.overlaps(boxes[j]) { emit(i, j, filter) }
                t += 1
            }
        }
        // Unbounded geoms against everything, each unordered pair once.
        for k in 0..<nUnbounded {
            let u = Int(unbounded[k])
            for j in 0..<n where j != u {
                if boxes[j].isUnbounded && j < u { continue }
                if boxes[u].overlaps(boxes[j]) { emit(u, j, filter) }
            }
        }
        return pairCount
    }

    /// Convenience for callers holding an array (no copy, no allocation).
    @discardableResult
    public func findPairs(_ boxes: [AABB], filter: (Int, Int) -> Bool) -> Int {
        boxes.withUnsafeBufferPointer { findPairs($0, filter: filter) }
    }

    @inline(__always)
    private func emit(_ i: Int, _ j: Int, _ filter: (Int, Int) -> Bool) {
        let a = min(i, j), b = max(i, j)
        guard filter(a, b) else { return }
        if pairCount < pairCapacity {
            pairStorage[pairCount] = GeomPair(a: Int32(a), b: Int32(b))
            pairCount += 1
        } else {
            droppedPairs += 1
        }
    }
}
