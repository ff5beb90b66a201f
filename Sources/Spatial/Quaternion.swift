import Foundation

/// A unit quaternion `(w, x, y, z)` for the orientation of free bodies, where a rotation matrix
/// would drift away from orthogonality under integration.
@frozen
public struct Quaternion: Hashable, Sendable {
    public var w: Double
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable @inline(__always)
    public init(w: Double, x: Double, y: Double, z: Double) {
        self.w = w
        self.x = x
        self.y = y
        self.z = z
    }

    @inlinable public static var identity: Self { Quaternion(w: 1, x: 0, y: 0, z: 0) }

    /// The rotation by `angle` about the unit vector `axis`.
    @inlinable
    public init(axis: Vec3, angle: Double) {
        let s = sin(angle / 2)
        self.init(w: cos(angle / 2), x: s * axis.x, y: s * axis.y, z: s * axis.z)
    }

    /// The quaternion of a rotation matrix (Shepperd's method: the largest pivot keeps it accurate).
    public init(_ r: Mat3) {
        let trace = r.trace
        if trace > 0 {
            let s = 2 * (trace + 1).squareRoot()
            self.init(w: s / 4, x: (r[2, 1] - r[1, 2]) / s, y: (r[0, 2] - r[2, 0]) / s, z: (r[1, 0] - r[0, 1]) / s)
        } else if r[0, 0] > r[1, 1], r[0, 0] > r[2, 2] {
            let s = 2 * (1 + r[0, 0] - r[1, 1] - r[2, 2]).squareRoot()
            self.init(w: (r[2, 1] - r[1, 2]) / s, x: s / 4, y: (r[0, 1] + r[1, 0]) / s, z: (r[0, 2] + r[2, 0]) / s)
        } else if r[1, 1] > r[2, 2] {
            let s = 2 * (1 + r[1, 1] - r[0, 0] - r[2, 2]).squareRoot()
            self.init(w: (r[0, 2] - r[2, 0]) / s, x: (r[0, 1] + r[1, 0]) / s, y: s / 4, z: (r[1, 2] + r[2, 1]) / s)
        } else {
            let s = 2 * (1 + r[2, 2] - r[0, 0] - r[1, 1]).squareRoot()
            self.init(w: (r[1, 0] - r[0, 1]) / s, x: (r[0, 2] + r[2, 0]) / s, y: (r[1, 2] + r[2, 1]) / s, z: s / 4)
        }
        // One sign convention (w ≥ 0) so that traces are comparable.
        if w < 0 { self = Quaternion(w: -w, x: -x, y: -y, z: -z) }
    }

    /// The rotation matrix.
    @inlinable
    public var matrix: Mat3 {
        let (xx, yy, zz) = (x * x, y * y, z * z)
        let (xy, xz, yz) = (x * y, x * z, y * z)
        let (wx, wy, wz) = (w * x, w * y, w * z)
        return Mat3(1 - 2 * (yy + zz), 2 * (xy - wz), 2 * (xz + wy),
                    2 * (xy + wz), 1 - 2 * (xx + zz), 2 * (yz - wx),
                    2 * (xz - wy), 2 * (yz + wx), 1 - 2 * (xx + yy))
    }

    @inlinable @inline(__always)
    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
                   x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
                   y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
                   z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    @inlinable
    public var normalized: Quaternion {
        let n = (w * w + x * x + y * y + z * z).squareRoot()
        return Quaternion(w: w / n, x: x / n, y: y / n, z: z / n)
    }

    /// The orientation after rotating for `dt` at world-frame angular velocity `omega`
    /// (exact exponential map, so constant spin integrates without error).
    @inlinable
    public func integrated(worldAngularVelocity omega: Vec3, dt: Double) -> Quaternion {
        let speed = omega.norm
        guard speed * dt > 1e-12 else { return self }
        return (Quaternion(axis: (1 / speed) * omega, angle: speed * dt) * self).normalized
    }
}
