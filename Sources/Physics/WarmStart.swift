import Spatial

/// Last step's contact impulses, matched to this step's contacts by geom pair and position, so
/// that projected Gauss–Seidel starts near the answer: resting stacks converge in a few sweeps
/// instead of sinking while the impulses build up again.
final class WarmStartCache {
    struct Entry {
        var a: Int32
        var b: Int32
        var position: Vec3
        var impulses: (normal: Double, tangent1: Double, tangent2: Double)
    }

    let capacity: Int
    private(set) var count = 0
    private let entries: UnsafeMutablePointer<Entry>
    /// Farthest a contact point may move between steps and still count as the same contact.
    let matchDistance = 0.005

    init(capacity: Int) {
        self.capacity = capacity
        entries = .allocate(capacity: capacity)
    }

    deinit { entries.deallocate() }

    func removeAll() { count = 0 }

    func store(_ entry: Entry) {
        guard count < capacity else { return }
        entries[count] = entry
        count += 1
    }

    /// The impulses of the nearest stored contact of the same pair, or zeros.
    func impulses(a: Int32, b: Int32, position: Vec3) -> (normal: Double, tangent1: Double, tangent2: Double) {
        var best = matchDistance * matchDistance
        var found: (Double, Double, Double) = (0, 0, 0)
        for i in 0..<count where entries[i].a == a && entries[i].b == b {
            let d = (entries[i].position - position).squaredNorm
            if d < best {
                best = d
                found = entries[i].impulses
            }
        }
        return found
    }
}
