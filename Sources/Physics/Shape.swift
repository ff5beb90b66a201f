import Spatial

/// A collision and rendering primitive in its own frame. Capsules and cylinders lie along their
/// local z axis; a plane is the z = 0 plane of its frame with +z as its outward normal, unbounded.
public enum Shape: Sendable, Equatable {
    case plane
    case box(halfExtents: Vec3)
    case sphere(radius: Double)
    case capsule(radius: Double, halfLength: Double)
    case cylinder(radius: Double, halfLength: Double)
}

/// Surface properties of a geom; a contact combines its two geoms' materials.
public struct Material: Sendable, Equatable {
    /// Coulomb friction coefficient μ.
    public var friction: Double
    /// Coefficient of restitution in [0, 1].
    public var restitution: Double

    public init(friction: Double = 0.8, restitution: Double = 0) {
        self.friction = friction
        self.restitution = restitution
    }

    /// The pair's material: the geometric mean of frictions (as Bullet and ODE do), the larger restitution.
    public func combined(with other: Material) -> Material {
        Material(friction: (friction * other.friction).squareRoot(), restitution: max(restitution, other.restitution))
    }
}
