/// A rigid transform (an element of SE(3)): `p ↦ rotation · p + translation`.
///
/// Read `aMb` as "the pose of frame b expressed in frame a": it maps coordinates in b to
/// coordinates in a, and `aMb * bMc == aMc`.
@frozen
public struct Transform: Hashable, Sendable {
    public var rotation: Mat3
    public var translation: Vec3

    @inlinable @inline(__always)
    public init(rotation: Mat3 = .identity, translation: Vec3 = .zero) {
        self.rotation = rotation
        self.translation = translation
    }

    @inlinable public static var identity: Self { Transform() }

    @inlinable @inline(__always)
    public static func * (a: Transform, b: Transform) -> Transform {
        Transform(rotation: a.rotation * b.rotation, translation: a.rotation * b.translation + a.translation)
    }

    @inlinable
    public var inverse: Transform {
        let rt = rotation.transposed
        return Transform(rotation: rt, translation: -(rt * translation))
    }

    /// `self⁻¹ * b` without forming the inverse.
    @inlinable @inline(__always)
    public func inverseTimes(_ b: Transform) -> Transform {
        Transform(rotation: rotation.transposedTimes(b.rotation),
                  translation: rotation.transposedTimes(b.translation - translation))
    }

    @inlinable @inline(__always)
    public func act(point p: Vec3) -> Vec3 { rotation * p + translation }

    @inlinable @inline(__always)
    public func actInverse(point p: Vec3) -> Vec3 { rotation.transposedTimes(p - translation) }

    /// Expresses a motion given in the child frame in the parent frame.
    @inlinable @inline(__always)
    public func act(_ m: Motion) -> Motion {
        let w = rotation * m.angular
        return Motion(linear: rotation * m.linear + translation.cross(w), angular: w)
    }

    /// Expresses a motion given in the parent frame in the child frame.
    @inlinable @inline(__always)
    public func actInverse(_ m: Motion) -> Motion {
        Motion(linear: rotation.transposedTimes(m.linear - translation.cross(m.angular)),
               angular: rotation.transposedTimes(m.angular))
    }

    /// Expresses a force given in the child frame in the parent frame.
    @inlinable @inline(__always)
    public func act(_ f: Force) -> Force {
        let lin = rotation * f.linear
        return Force(linear: lin, angular: rotation * f.angular + translation.cross(lin))
    }

    /// Expresses a force given in the parent frame in the child frame.
    @inlinable @inline(__always)
    public func actInverse(_ f: Force) -> Force {
        Force(linear: rotation.transposedTimes(f.linear),
              angular: rotation.transposedTimes(f.angular - translation.cross(f.linear)))
    }
}
