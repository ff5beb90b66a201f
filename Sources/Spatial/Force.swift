/// A spatial force vector (wrench): linear force and moment about a frame's origin.
@frozen
public struct Force: Hashable, Sendable {
    public var linear: Vec3
    public var angular: Vec3

    @inlinable @inline(__always)
    public init(linear: Vec3, angular: Vec3) {
        self.linear = linear
        self.angular = angular
    }

    @inlinable public static var zero: Self { Force(linear: .zero, angular: .zero) }

    @inlinable @inline(__always)
    public static func + (a: Force, b: Force) -> Force {
        Force(linear: a.linear + b.linear, angular: a.angular + b.angular)
    }

    @inlinable @inline(__always)
    public static func - (a: Force, b: Force) -> Force {
        Force(linear: a.linear - b.linear, angular: a.angular - b.angular)
    }

    @inlinable @inline(__always)
    public static func * (s: Double, f: Force) -> Force { Force(linear: s * f.linear, angular: s * f.angular) }

    @inlinable @inline(__always)
    public static func += (a: inout Force, b: Force) { a = a + b }
}
