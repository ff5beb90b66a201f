import Spatial

/// A world-space axis-aligned bounding box, the broad phase's currency. Unbounded directions (planes)
/// use ±infinity, which the overlap test handles without special cases.
@frozen
public struct AABB: Sendable, Equatable {
    public var min: Vec3
    public var max: Vec3

    @inlinable
    public init(min: Vec3, max: Vec3) {
        self.min = min
        self.max = max
    }

    /// Whether the boxes share a point (touching counts, so resting contacts stay candidates).
    @inlinable @inline(__always)
    public func overlaps(_ other: AABB) -> Bool {
        min.x <= other.max.x && other.min.x <= max.x
            && min.y <= other.max.y && other.min.y <= max.y
            && min.z <= other.max.z && other.min.z <= max.z
    }

    /// True when some side is at infinity (a plane): the sweep treats it as overlapping along its axis.
    @inlinable
    public var isUnbounded: Bool {
        !(min.x.isFinite && min.y.isFinite && min.z.isFinite && max.x.isFinite && max.y.isFinite && max.z.isFinite)
    }
}

/// World-space axis-aligned bounding box of `shape` at `pose` (planes: infinite), enlarged by `margin`.
///
/// A plane is a half-space (everything below it is inside), so a plane whose normal is a world axis
/// is bounded on one side — a floor at z = 0 gets `max.z = margin` — and any other plane is infinite.
public func boundingBox(_ shape: Shape, _ pose: Transform, margin: Double) -> AABB {
    let c = pose.translation
    let r = pose.rotation
    let extent: Vec3
    switch shape {
    case .plane:
        let n = r.c2
        let inf = Double.infinity
        var lo = Vec3(-inf, -inf, -inf), hi = Vec3(inf, inf, inf)
        for k in 0..<3 {
            var axis = Vec3.zero
            axis[k] = 1
            if abs(n.dot(axis)) >= 1 - 1e-12 {
                if n[k] > 0 { hi[k] = c[k] + margin } else { lo[k] = c[k] - margin }
            }
        }
        return AABB(min: lo, max: hi)
    case let .sphere(radius):
        extent = Vec3(radius, radius, radius)
    case let .box(h):
        // Row i of |R| · h: the half-width of the rotated box along world axis i.
        extent = Vec3(abs(r.r0.x) * h.x + abs(r.r0.y) * h.y + abs(r.r0.z) * h.z,
                      abs(r.r1.x) * h.x + abs(r.r1.y) * h.y + abs(r.r1.z) * h.z,
                      abs(r.r2.x) * h.x + abs(r.r2.y) * h.y + abs(r.r2.z) * h.z)
    case let .capsule(radius, hl):
        let a = r.c2
        extent = Vec3(hl * abs(a.x) + radius, hl * abs(a.y) + radius, hl * abs(a.z) + radius)
    case let .cylinder(radius, hl):
        // A disc of radius ρ with unit normal a spans ρ·√(1 − a_i²) along world axis i.
        let a = r.c2
        extent = Vec3(hl * abs(a.x) + radius * Swift.max(0, 1 - a.x * a.x).squareRoot(),
                      hl * abs(a.y) + radius * Swift.max(0, 1 - a.y * a.y).squareRoot(),
                      hl * abs(a.z) + radius * Swift.max(0, 1 - a.z * a.z).squareRoot())
    }
    let e = extent + Vec3(margin, margin, margin)
    return AABB(min: c - e, max: c + e)
}
