import Spatial

/// A rigid body's inertia about the frame origin: mass, first moment `m c` and the rotational
/// inertia about the origin. Bodies expressed in one frame add component by component, which is
/// what accumulating composite bodies needs.
struct OriginInertia {
    var mass: Double
    var firstMoment: Vec3
    var rotational: Mat3

    @inline(__always)
    init(_ inertia: Inertia) {
        let m = inertia.mass, c = inertia.centerOfMass
        mass = m
        firstMoment = m * c
        // Parallel-axis theorem: I_O = I_c + m (|c|² 1 − c cᵀ).
        let mc2 = m * c.squaredNorm
        var r = inertia.rotational - m * Mat3.outer(c, c)
        r.r0.x += mc2
        r.r1.y += mc2
        r.r2.z += mc2
        rotational = r
    }

    @inline(__always)
    mutating func add(_ other: OriginInertia) {
        mass += other.mass
        firstMoment += other.firstMoment
        rotational += other.rotational
    }

    /// The momentum of the body moving with `m` (both about the origin).
    @inline(__always)
    static func * (inertia: OriginInertia, m: Motion) -> Force {
        let h = inertia.firstMoment
        return Force(linear: inertia.mass * m.linear - h.cross(m.angular),
                     angular: h.cross(m.linear) + inertia.rotational * m.angular)
    }
}
