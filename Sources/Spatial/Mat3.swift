/// A 3×3 matrix of doubles, stored row by row: rotations and rotational inertias.
@frozen
public struct Mat3: Hashable, Sendable {
    public var r0: Vec3
    public var r1: Vec3
    public var r2: Vec3

    @inlinable @inline(__always)
    public init(rows r0: Vec3, _ r1: Vec3, _ r2: Vec3) {
        self.r0 = r0
        self.r1 = r1
        self.r2 = r2
    }

    @inlinable
    public init(
        _ m00: Double, _ m01: Double, _ m02: Double,
        _ m10: Double, _ m11: Double, _ m12: Double,
        _ m20: Double, _ m21: Double, _ m22: Double
    ) {
        self.init(rows: Vec3(m00, m01, m02), Vec3(m10, m11, m12), Vec3(m20, m21, m22))
    }

    @inlinable public static var identity: Self { Mat3(rows: .unitX, .unitY, .unitZ) }
    @inlinable public static var zero: Self { Mat3(rows: .zero, .zero, .zero) }

    /// The matrix `[v]×` with `[v]× w = v × w`.
    @inlinable @inline(__always)
    public static func skew(_ v: Vec3) -> Mat3 {
        Mat3(0, -v.z, v.y, v.z, 0, -v.x, -v.y, v.x, 0)
    }

    /// `v vᵀ`.
    @inlinable @inline(__always)
    public static func outer(_ a: Vec3, _ b: Vec3) -> Mat3 {
        Mat3(rows: a.x * b, a.y * b, a.z * b)
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get {
            switch row {
            case 0: return r0[column]
            case 1: return r1[column]
            default: return r2[column]
            }
        }
        set {
            switch row {
            case 0: r0[column] = newValue
            case 1: r1[column] = newValue
            default: r2[column] = newValue
            }
        }
    }

    @inlinable @inline(__always)
    public var c0: Vec3 { Vec3(r0.x, r1.x, r2.x) }
    @inlinable @inline(__always)
    public var c1: Vec3 { Vec3(r0.y, r1.y, r2.y) }
    @inlinable @inline(__always)
    public var c2: Vec3 { Vec3(r0.z, r1.z, r2.z) }

    @inlinable @inline(__always)
    public var transposed: Mat3 { Mat3(rows: c0, c1, c2) }

    @inlinable
    public var trace: Double { r0.x + r1.y + r2.z }

    @inlinable
    public var determinant: Double { r0.dot(r1.cross(r2)) }

    /// The inverse by the adjugate; callers ensure the matrix is invertible (an inertia, a rotation).
    @inlinable
    public var inverse: Mat3 {
        let c0 = r1.cross(r2), c1 = r2.cross(r0), c2 = r0.cross(r1)
        let invDet = 1 / r0.dot(c0)
        return Mat3(rows: Vec3(c0.x, c1.x, c2.x) * invDet, Vec3(c0.y, c1.y, c2.y) * invDet, Vec3(c0.z, c1.z, c2.z) * invDet)
    }

    @inlinable @inline(__always)
    public static func * (m: Mat3, v: Vec3) -> Vec3 { Vec3(m.r0.dot(v), m.r1.dot(v), m.r2.dot(v)) }

    /// `mᵀ v` without forming the transpose.
    @inlinable @inline(__always)
    public func transposedTimes(_ v: Vec3) -> Vec3 { v.x * r0 + v.y * r1 + v.z * r2 }

    @inlinable @inline(__always)
    public static func * (a: Mat3, b: Mat3) -> Mat3 {
        Mat3(rows: b.transposedTimes(a.r0), b.transposedTimes(a.r1), b.transposedTimes(a.r2))
    }

    /// `aᵀ b` without forming the transpose.
    @inlinable @inline(__always)
    public func transposedTimes(_ b: Mat3) -> Mat3 {
        Mat3(rows: r0.x * b.r0 + r1.x * b.r1 + r2.x * b.r2,
             r0.y * b.r0 + r1.y * b.r1 + r2.y * b.r2,
             r0.z * b.r0 + r1.z * b.r1 + r2.z * b.r2)
    }

    /// `a bᵀ` without forming the transpose.
    @inlinable @inline(__always)
    public func timesTransposed(_ b: Mat3) -> Mat3 {
        Mat3(rows: Vec3(r0.dot(b.r0), r0.dot(b.r1), r0.dot(b.r2)),
             Vec3(r1.dot(b.r0), r1.dot(b.r1), r1.dot(b.r2)),
             Vec3(r2.dot(b.r0), r2.dot(b.r1), r2.dot(b.r2)))
    }

    /// `r · self · rᵀ`: a tensor given in a rotated frame, expressed in the original frame.
    @inlinable @inline(__always)
    public func rotated(by r: Mat3) -> Mat3 { r * timesTransposed(r) }

    @inlinable @inline(__always)
    public static func + (a: Mat3, b: Mat3) -> Mat3 { Mat3(rows: a.r0 + b.r0, a.r1 + b.r1, a.r2 + b.r2) }

    @inlinable @inline(__always)
    public static func - (a: Mat3, b: Mat3) -> Mat3 { Mat3(rows: a.r0 - b.r0, a.r1 - b.r1, a.r2 - b.r2) }

    @inlinable @inline(__always)
    public static func * (s: Double, a: Mat3) -> Mat3 { Mat3(rows: s * a.r0, s * a.r1, s * a.r2) }

    @inlinable @inline(__always)
    public static func += (a: inout Mat3, b: Mat3) { a = a + b }

    @inlinable @inline(__always)
    public static func -= (a: inout Mat3, b: Mat3) { a = a - b }
}
