/// The spatial inertia of a rigid body: mass, centre of mass, and rotational inertia about the
/// centre of mass, all expressed in the frame the inertia is attached to.
@frozen
public struct Inertia: Hashable, Sendable {
    public var mass: Double
    /// Centre of mass in the frame's coordinates.
    public var centerOfMass: Vec3
    /// Rotational inertia about the centre of mass, axes parallel to the frame's (symmetric).
    public var rotational: Mat3

    @inlinable
    public init(mass: Double, centerOfMass: Vec3, rotational: Mat3) {
        self.mass = mass
        self.centerOfMass = centerOfMass
        self.rotational = rotational
    }

    @inlinable public static var zero: Self { Inertia(mass: 0, centerOfMass: .zero, rotational: .zero) }

    /// The momentum `I · m` of the body moving with spatial velocity `m`.
    @inlinable @inline(__always)
    public static func * (inertia: Inertia, m: Motion) -> Force {
        let c = inertia.centerOfMass
        let f = inertia.mass * (m.linear - c.cross(m.angular))
        return Force(linear: f, angular: inertia.rotational * m.angular + c.cross(f))
    }

    /// The same body's inertia expressed in the parent frame of `placement` (`parent_M_self`).
    @inlinable @inline(__always)
    public func transformed(by placement: Transform) -> Inertia {
        let r = placement.rotation
        return Inertia(mass: mass,
                       centerOfMass: placement.act(point: centerOfMass),
                       rotational: rotational.rotated(by: r))
    }

    /// The inertia of two bodies rigidly joined (both expressed in the same frame).
    @inlinable
    public static func + (a: Inertia, b: Inertia) -> Inertia {
        let mass = a.mass + b.mass
        guard mass > 0 else { return Inertia(mass: 0, centerOfMass: .zero, rotational: a.rotational + b.rotational) }
        let com = (1 / mass) * (a.mass * a.centerOfMass + b.mass * b.centerOfMass)
        // Parallel-axis theorem for the pair: −(m_a m_b / m) [d]×², d the vector between the two centres.
        let d = a.centerOfMass - b.centerOfMass
        let dx = Mat3.skew(d)
        let shift = (-(a.mass * b.mass) / mass) * (dx * dx)
        return Inertia(mass: mass, centerOfMass: com, rotational: a.rotational + b.rotational + shift)
    }

    @inlinable
    public static func += (a: inout Inertia, b: Inertia) { a = a + b }
}
