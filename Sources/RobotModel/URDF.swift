import Spatial

/// A robot description as written in a URDF file: every link and joint with its name, kept for
/// inspection, geometry and the simulator. `Model` is the dynamics view built from it.
public struct URDF: Sendable {
    public var name: String
    public var links: [Link]
    public var joints: [Joint]
    public var materials: [String: Material]
    /// Path the description was read from (for error messages and relative mesh paths).
    public var file: String

    public struct Link: Sendable {
        public var name: String
        public var inertial: Inertial?
        public var visuals: [Visual]
        public var collisions: [Collision]
        public var line: Int
    }

    public struct Inertial: Sendable {
        /// Pose of the inertial frame (at the centre of mass) in the link frame.
        public var origin: Transform
        public var mass: Double
        /// The inertia tensor about the centre of mass in the inertial frame's axes.
        public var inertia: Mat3

        /// The same body as a spatial inertia in the link frame.
        public var spatialInertia: Inertia {
            Inertia(mass: mass, centerOfMass: origin.translation, rotational: inertia.rotated(by: origin.rotation))
        }
    }

    public enum Geometry: Sendable, Equatable {
        case box(size: Vec3)
        case cylinder(radius: Double, length: Double)
        case sphere(radius: Double)
        case mesh(filename: String, scale: Vec3)
    }

    public struct Material: Sendable, Equatable {
        public var name: String
        /// RGBA in [0, 1].
        public var color: [Double]?
        public var texture: String?
    }

    public struct Visual: Sendable {
        public var name: String?
        public var origin: Transform
        public var geometry: Geometry
        public var material: Material?
    }

    public struct Collision: Sendable {
        public var name: String?
        public var origin: Transform
        public var geometry: Geometry
    }

    public enum JointType: String, Sendable, CaseIterable {
        case revolute, continuous, prismatic, fixed, floating, planar
    }

    public struct Limit: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var effort: Double
        public var velocity: Double
    }

    public struct Mimic: Sendable, Equatable {
        public var joint: String
        public var multiplier: Double
        public var offset: Double
    }

    public struct Joint: Sendable {
        public var name: String
        public var type: JointType
        public var parent: String
        public var child: String
        /// Pose of the joint (and child link) frame in the parent link frame at zero position.
        public var origin: Transform
        /// Unit axis in the joint frame.
        public var axis: Vec3
        public var limit: Limit?
        public var damping: Double
        public var friction: Double
        public var mimic: Mimic?
        public var line: Int
    }
}
