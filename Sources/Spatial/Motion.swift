/// A spatial motion vector (twist or spatial acceleration) in Plücker coordinates at a frame's origin.
@frozen
public struct Motion: Hashable, Sendable {
    public var linear: Vec3
    public var angular: Vec3

    @inlinable @inline(__always)
    public init(linear: Vec3, angular: Vec3) {
        self.linear = linear
        self.angular = angular
    }

    @inlinable public static var zero: Self { Motion(linear: .zero, angular: .zero) }

    @inlinable @inline(__always)
    public static func + (a: Motion, b: Motion) -> Motion {
        Motion(linear: a.linear + b.linear, angular: a.angular + b.angular)
    }

    @inlinable @inline(__always)
    public static func - (a: Motion, b: Motion) -> Motion {
        Motion(linear: a.linear - b.linear, angular: a.angular - b.angular)
    }

    @inlinable @inline(__always)
    public static func * (s: Double, m: Motion) -> Motion { Motion(linear: s * m.linear, angular: s * m.angular) }

    @inlinable @inline(__always)
    public static func += (a: inout Motion, b: Motion) { a = a + b }

    /// The motion cross product `self × m` (how `m` changes when carried by a frame moving with `self`).
    @inlinable @inline(__always)
    public func cross(_ m: Motion) -> Motion {
        Motion(linear: angular.cross(m.linear) + linear.cross(m.angular), angular: angular.cross(m.angular))
    }

    /// The dual cross product `self ×* f`.
    @inlinable @inline(__always)
    public func cross(_ f: Force) -> Force {
        Force(linear: angular.cross(f.linear), angular: angular.cross(f.angular) + linear.cross(f.linear))
    }

    /// The power `f · self`.
    @inlinable @inline(__always)
    public func dot(_ f: Force) -> Double { linear.dot(f.linear) + angular.dot(f.angular) }
}
