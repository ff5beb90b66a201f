import Spatial

/// A simulator scene as written in `sim/scenes/*.toml` (schema: `sim/README.md`): the world
/// settings, at most one robot placed in the world, free and static rigid bodies, and cameras.
///
/// A value is only produced by `load(contentsOf:)` or `parse(_:file:)`, which check every rule of
/// the schema, load the robot's URDF to check the joint and link names the scene uses, and turn
/// the file's conventions (full sizes, roll-pitch-yaw, look-at cameras, paths relative to the
/// scene) into the simulator's (half extents, rotation matrices, camera poses, resolved paths).
/// Building a `World` from it cannot fail for reasons the file could have avoided.
public struct SceneDescription: Sendable, Equatable {
    /// Path of the scene file as given to the loader (for error messages).
    public var file: String
    /// Gravitational acceleration in the world frame, m/s².
    public var gravity: Vec3
    /// Integration step, s; in (0, 0.01].
    public var timestep: Double
    /// The articulated robot, if the scene has one.
    public var robot: RobotPlacement?
    /// Rigid bodies in file order; planes are always static.
    public var bodies: [BodyDescription]
    /// Cameras in file order.
    public var cameras: [CameraDescription]

    public init(file: String, gravity: Vec3, timestep: Double, robot: RobotPlacement?,
                bodies: [BodyDescription], cameras: [CameraDescription]) {
        self.file = file
        self.gravity = gravity
        self.timestep = timestep
        self.robot = robot
        self.bodies = bodies
        self.cameras = cameras
    }

    public func body(named name: String) -> BodyDescription? {
        bodies.first { $0.name == name }
    }

    public func camera(named name: String) -> CameraDescription? {
        cameras.first { $0.name == name }
    }
}

/// Where the scene's robot comes from and how it starts.
public struct RobotPlacement: Sendable, Equatable {
    /// Absolute, standardized path of the URDF (the file gives it relative to the scene file).
    public var urdf: String
    /// Pose of the robot's root link in the world.
    public var pose: Transform
    /// Initial joint positions by URDF joint name (rad, or m for prismatic joints); joints not
    /// listed start at 0. Only movable, non-mimic joints appear (a mimic follows its master).
    public var initial: [String: Double]
    /// Colours (RGB in [0, 1]) by URDF material name, replacing the URDF's own in camera images
    /// only: a robot printed in another filament than its URDF says, or one whose parts would
    /// otherwise look like an object the cameras must tell apart.
    public var colors: [String: Vec3]

    public init(urdf: String, pose: Transform = .identity, initial: [String: Double] = [:],
                colors: [String: Vec3] = [:]) {
        self.urdf = urdf
        self.pose = pose
        self.initial = initial
        self.colors = colors
    }
}

/// One `[[body]]`: a rigid body with one primitive shape, its origin at the shape's centre.
public struct BodyDescription: Sendable, Equatable {
    public var name: String
    /// In the simulator's convention: half extents for a box, half the length of the cylindrical
    /// part for capsules and cylinders (along the body's local z).
    public var shape: Shape
    /// kg; 0 for a static body (the file's `mass` is ignored there).
    public var mass: Double
    /// Static bodies never move (infinite mass); planes are always static.
    public var isStatic: Bool
    /// Pose of the body (its shape's centre) in the world.
    public var pose: Transform
    /// Initial linear velocity of the centre, world frame, m/s; zero for static bodies.
    public var linearVelocity: Vec3
    /// Initial angular velocity, world frame, rad/s; zero for static bodies.
    public var angularVelocity: Vec3
    public var material: Material
    /// Linear RGB in [0, 1], for the camera renderer.
    public var color: Vec3

    public init(name: String, shape: Shape, mass: Double, isStatic: Bool, pose: Transform,
                linearVelocity: Vec3 = .zero, angularVelocity: Vec3 = .zero,
                material: Material = Material(), color: Vec3 = BodyDescription.defaultColor) {
        self.name = name
        self.shape = shape
        self.mass = mass
        self.isStatic = isStatic
        self.pose = pose
        self.linearVelocity = linearVelocity
        self.angularVelocity = angularVelocity
        self.material = material
        self.color = color
    }

    /// The colour of a body whose file gives none: a mid grey.
    public static let defaultColor = Vec3(0.5, 0.5, 0.5)
}

/// One `[[camera]]`: a pinhole camera. The camera frame follows OpenCV: x to the right of the
/// image, y down the image, z forward along the optical axis.
public struct CameraDescription: Sendable, Equatable {
    public var name: String
    /// Image size in pixels, 1...4096 each.
    public var width: Int
    public var height: Int
    /// Vertical field of view in degrees, in (0, 180).
    public var fovYDegrees: Double
    public var mount: Mount

    /// Where the camera is fixed.
    public enum Mount: Sendable, Equatable {
        /// Fixed in the world; the pose of the (OpenCV) camera frame in the world.
        case fixed(worldFromCamera: Transform)
        /// Carried by a robot link; the pose of the camera frame in that link's frame.
        case link(name: String, linkFromCamera: Transform)
    }

    public init(name: String, width: Int, height: Int, fovYDegrees: Double, mount: Mount) {
        self.name = name
        self.width = width
        self.height = height
        self.fovYDegrees = fovYDegrees
        self.mount = mount
    }
}
