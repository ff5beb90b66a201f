/// A general symmetric 6×6 spatial inertia in block form, as articulated-body algorithms need it:
/// `force.linear = A·v + B·ω`, `force.angular = Bᵀ·v + C·ω` for a motion `(v, ω)`.
@frozen
public struct ArticulatedInertia: Hashable, Sendable {
    public var a: Mat3
    public var b: Mat3
    public var c: Mat3

    @inlinable @inline(__always)
    public init(a: Mat3, b: Mat3, c: Mat3) {
        self.a = a
        self.b = b
        self.c = c
    }

    @inlinable public static var zero: Self { ArticulatedInertia(a: .zero, b: .zero, c: .zero) }

    /// The 6×6 form of a rigid body's inertia.
    @inlinable @inline(__always)
    public init(_ inertia: Inertia) {
        let m = inertia.mass
        let c = inertia.centerOfMass
        // C = I_c − m [c]×², with [c]×² = c cᵀ − |c|² 1 written out to skip a matrix product.
        let mc2 = m * c.squaredNorm
        var cc = inertia.rotational - m * Mat3.outer(c, c)
        cc.r0.x += mc2
        cc.r1.y += mc2
        cc.r2.z += mc2
        self.init(a: Mat3(m, 0, 0, 0, m, 0, 0, 0, m), b: Mat3.skew(-m * c), c: cc)
    }

    @inlinable @inline(__always)
    public static func * (inertia: ArticulatedInertia, m: Motion) -> Force {
        Force(linear: inertia.a * m.linear + inertia.b * m.angular,
              angular: inertia.b.transposedTimes(m.linear) + inertia.c * m.angular)
    }

    /// The same inertia expressed in the parent frame of `placement` (`parent_M_self`):
    /// `X* · I · X⁻¹` written out block by block.
    @inlinable @inline(__always)
    public func transformed(by placement: Transform) -> ArticulatedInertia {
        let r = placement.rotation
        let a1 = a.rotated(by: r)
        let b1 = b.rotated(by: r)
        let c1 = c.rotated(by: r)
        let px = Mat3.skew(placement.translation)
        let a1px = a1 * px
        let newB = b1 - a1px
        let c2 = c1 - b1.transposedTimes(px) + px * b1 - px * a1px
        return ArticulatedInertia(a: a1, b: newB, c: c2)
    }

    /// `self − (u_f, u_n)(u_f, u_n)ᵀ / d`: removes the direction a joint lets move freely.
    @inlinable @inline(__always)
    public mutating func subtractOuterProduct(_ u: Force, scaledBy s: Double) {
        a -= s * Mat3.outer(u.linear, u.linear)
        b -= s * Mat3.outer(u.linear, u.angular)
        c -= s * Mat3.outer(u.angular, u.angular)
    }

    @inlinable @inline(__always)
    public static func + (x: ArticulatedInertia, y: ArticulatedInertia) -> ArticulatedInertia {
        ArticulatedInertia(a: x.a + y.a, b: x.b + y.b, c: x.c + y.c)
    }

    @inlinable @inline(__always)
    public static func += (x: inout ArticulatedInertia, y: ArticulatedInertia) { x = x + y }
}
