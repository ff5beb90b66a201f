/// A 3-vector of doubles: positions, directions, linear and angular parts of spatial vectors.
///
/// A plain struct (not `SIMD3<Double>`) so that it is 24 bytes, needs no generic specialisation to
/// be fast, and behaves the same in debug and release builds.
@frozen
public struct Vec3: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable @inline(__always)
    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inlinable public static var zero: Self { Vec3(0, 0, 0) }
    @inlinable public static var unitX: Self { Vec3(1, 0, 0) }
    @inlinable public static var unitY: Self { Vec3(0, 1, 0) }
    @inlinable public static var unitZ: Self { Vec3(0, 0, 1) }

    @inlinable @inline(__always)
    public static func + (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x + b.x, a.y + b.y, a.z + b.z) }

    @inlinable @inline(__always)
    public static func - (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x - b.x, a.y - b.y, a.z - b.z) }

    @inlinable @inline(__always)
    public static prefix func - (a: Vec3) -> Vec3 { Vec3(-a.x, -a.y, -a.z) }

    @inlinable @inline(__always)
    public static func * (s: Double, a: Vec3) -> Vec3 { Vec3(s * a.x, s * a.y, s * a.z) }

    @inlinable @inline(__always)
    public static func * (a: Vec3, s: Double) -> Vec3 { Vec3(s * a.x, s * a.y, s * a.z) }

    @inlinable @inline(__always)
    public static func += (a: inout Vec3, b: Vec3) { a = a + b }

    @inlinable @inline(__always)
    public static func -= (a: inout Vec3, b: Vec3) { a = a - b }

    @inlinable @inline(__always)
    public func dot(_ b: Vec3) -> Double { x * b.x + y * b.y + z * b.z }

    @inlinable @inline(__always)
    public func cross(_ b: Vec3) -> Vec3 {
        Vec3(y * b.z - z * b.y, z * b.x - x * b.z, x * b.y - y * b.x)
    }

    @inlinable
    public var squaredNorm: Double { dot(self) }

    @inlinable
    public var norm: Double { squaredNorm.squareRoot() }

    /// The unit vector along `self`; `nil` for a (near-)zero vector, which has no direction.
    @inlinable
    public var normalized: Vec3? {
        let n = norm
        guard n > 1e-12, n.isFinite else { return nil }
        return (1 / n) * self
    }

    @inlinable
    public subscript(index: Int) -> Double {
        get {
            switch index {
            case 0: return x
            case 1: return y
            default: return z
            }
        }
        set {
            switch index {
            case 0: x = newValue
            case 1: y = newValue
            default: z = newValue
            }
        }
    }

    public var description: String { "(\(x), \(y), \(z))" }
}
