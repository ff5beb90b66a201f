import RobotModel
import Spatial

/// The constant description of a simulated world: at most one fixed-base articulated robot, free
/// rigid bodies, static geometry, and the geoms that collide and render. Built once; stepping
/// writes only into a `WorldData`.
public struct WorldModel: Sendable {
    public var gravity: Vec3
    /// Step length in seconds (1 ms by default, the control rate).
    public var timestep: Double
    /// The robot's dynamics model; its gravity is expressed in the robot base frame.
    public let robot: Model?
    /// World pose of the robot's base frame.
    public let robotBase: Transform
    /// One entry per robot degree of freedom, in model order (adjustable before a `WorldData` is made).
    public var joints: [SimulatedJoint]
    public let bodies: [FreeBody]
    public let geoms: [Geom]
    /// Contact parameters shared by all contacts.
    public var contact = ContactParameters()

    public init(gravity: Vec3 = Vec3(0, 0, -9.81), timestep: Double = 0.001, robot: Model? = nil,
                robotBase: Transform = .identity, joints: [SimulatedJoint] = [], bodies: [FreeBody] = [],
                geoms: [Geom] = []) {
        precondition(joints.count == (robot?.dof ?? 0), "one SimulatedJoint per robot degree of freedom")
        self.gravity = gravity
        self.timestep = timestep
        var robot = robot
        robot?.gravity = robotBase.rotation.transposedTimes(gravity)
        self.robot = robot
        self.robotBase = robotBase
        self.joints = joints
        self.bodies = bodies
        self.geoms = geoms
    }

    /// Degrees of freedom of the robot.
    public var robotDOF: Int { robot?.dof ?? 0 }
    /// Size of the generalized velocity: robot joints, then 6 per free body (linear, angular).
    public var velocityCount: Int { robotDOF + 6 * bodies.count }
}

/// A free rigid body: a cube, a ball, a tool on the table.
public struct FreeBody: Sendable {
    public var name: String
    public var mass: Double
    /// Rotational inertia about the centre of mass in body axes.
    public var inertia: Mat3

    public init(name: String, mass: Double, inertia: Mat3) {
        self.name = name
        self.mass = mass
        self.inertia = inertia
    }

    /// A solid body of uniform density filling `shape` (the body frame at its centre).
    public init(name: String, mass: Double, filling shape: Shape) {
        let m = mass
        let inertia: Mat3
        switch shape {
        case .box(let h):
            let (x2, y2, z2) = (4 * h.x * h.x, 4 * h.y * h.y, 4 * h.z * h.z)
            inertia = Mat3(m * (y2 + z2) / 12, 0, 0, 0, m * (x2 + z2) / 12, 0, 0, 0, m * (x2 + y2) / 12)
        case .sphere(let r):
            let i = 0.4 * m * r * r
            inertia = Mat3(i, 0, 0, 0, i, 0, 0, 0, i)
        case .cylinder(let r, let h):
            let l = 2 * h
            let side = m * (3 * r * r + l * l) / 12
            inertia = Mat3(side, 0, 0, 0, side, 0, 0, 0, 0.5 * m * r * r)
        case .capsule(let r, let h):
            // Cylinder plus two hemispheres, masses split by volume.
            let l = 2 * h
            let vCyl = Double.pi * r * r * l, vSph = 4.0 / 3.0 * Double.pi * r * r * r
            let mc = m * vCyl / (vCyl + vSph), ms = m - mc
            let axial = 0.5 * mc * r * r + 0.4 * ms * r * r
            let side = mc * (3 * r * r + l * l) / 12
                + ms * (0.4 * r * r + 0.25 * l * l + 0.375 * r * l)
            inertia = Mat3(side, 0, 0, 0, side, 0, 0, 0, axial)
        case .plane:
            inertia = Mat3(m, 0, 0, 0, m, 0, 0, 0, m)
        }
        self.init(name: name, mass: mass, inertia: inertia)
    }
}

/// What a geom is attached to.
public enum GeomOwner: Sendable, Equatable {
    /// Static geometry, placed in world coordinates.
    case world
    /// A free body (index into `WorldModel.bodies`), placed in its centre-of-mass frame.
    case body(Int)
    /// A robot joint's moving body (0 = the fixed base), placed in the joint frame.
    case robot(joint: Int)
}

/// A shape that collides and renders.
public struct Geom: Sendable {
    public var name: String
    public var shape: Shape
    public var owner: GeomOwner
    /// Pose in the owner's frame.
    public var placement: Transform
    public var material: Material
    /// RGB in [0, 1].
    public var color: Vec3

    public init(name: String, shape: Shape, owner: GeomOwner, placement: Transform = .identity,
                material: Material = Material(), color: Vec3 = Vec3(0.6, 0.6, 0.6)) {
        self.name = name
        self.shape = shape
        self.owner = owner
        self.placement = placement
        self.material = material
        self.color = color
    }
}

/// How a simulated robot joint is driven and what resists it.
public struct SimulatedJoint: Sendable {
    public var actuator: ActuatorModel
    /// Viscous damping, N·m·s/rad (applied implicitly, so large values stay stable).
    public var damping: Double
    /// Coulomb friction torque, N·m (a bounded constraint, so a joint at rest sticks).
    public var friction: Double
    /// Reflected rotor inertia added to the mass matrix diagonal, kg·m².
    public var armature: Double
    /// Position limits enforced as unilateral constraints; nil for an unlimited joint.
    public var limits: ClosedRange<Double>?
    /// Standard deviation of the encoder's noise (rad or m), added after quantisation; 0 = none.
    public var encoderNoise: Double
    /// A URDF mimic joint driven by its own actuator to follow its master's command
    /// (`multiplier · command + offset`), as a second gripper finger on one servo does.
    public var mimic: MimicCoupling?

    public init(actuator: ActuatorModel = .passive, damping: Double = 0, friction: Double = 0, armature: Double = 0,
                limits: ClosedRange<Double>? = nil, encoderNoise: Double = 0) {
        self.actuator = actuator
        self.damping = damping
        self.friction = friction
        self.armature = armature
        self.limits = limits
        self.encoderNoise = encoderNoise
    }
}

/// How a mimic joint's command follows its master joint's.
public struct MimicCoupling: Sendable, Equatable {
    /// Index of the master joint (robot degree of freedom, model order).
    public var master: Int
    public var multiplier: Double
    public var offset: Double

    public init(master: Int, multiplier: Double, offset: Double) {
        self.master = master
        self.multiplier = multiplier
        self.offset = offset
    }
}

/// Contact softness and solver settings.
public struct ContactParameters: Sendable {
    /// Gap below which contacts are generated (speculative contacts stop fast bodies before they touch).
    public var margin = 0.002
    /// Penetration tolerated without correction, so resting contacts do not jitter.
    public var slop = 0.0005
    /// Fraction of the remaining penetration removed per step (drift correction).
    public var correction = 0.2
    /// Normal approach speed below which restitution is ignored (resting contacts do not bounce).
    public var restitutionThreshold = 0.1
    /// Most projected Gauss–Seidel sweeps per step.
    public var iterations = 30
    /// Sweeps stop when no constraint velocity changed by more than this (m/s or rad/s).
    public var tolerance = 1e-6
    /// Penetration (m) beyond which the run stops as diverged.
    public var maximumPenetration = 0.02
    /// Speed (m/s) beyond which a free body or robot link is considered diverged.
    public var maximumSpeed = 100.0

    public init() {}
}
