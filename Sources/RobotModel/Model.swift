import Spatial

/// The constant description of a fixed-base robot for kinematics and dynamics: a tree of 1-DoF
/// joints (index 0 is the fixed "universe"), the rigid body each joint moves (links joined by
/// fixed joints merged into one body, as Pinocchio does), and a named frame for every URDF link.
///
/// Built once; the algorithms read it and write only into a `Data`.
public struct Model: Sendable {
    /// Per-joint constants the algorithms read every tick. `joints[0]` is the universe.
    public let joints: [Joint]
    /// Per-joint names, limits and URDF details, same indexing as `joints`.
    public let jointInfo: [JointInfo]
    /// One frame per URDF link, in tree order.
    public let frames: [Frame]
    /// For each joint, the joints from the root down to it (inclusive, universe excluded).
    public let supports: [[Int]]
    /// Gravity in the world frame.
    public var gravity = Vec3(0, 0, -9.81)
    public let name: String

    /// Number of degrees of freedom (every movable joint has one).
    public var dof: Int { joints.count - 1 }

    /// Names of the movable joints in model order (the order of `q`, `v`, `tau`).
    public var jointNames: [String] { jointInfo.dropFirst().map(\.name) }

    init(name: String, joints: [Joint], jointInfo: [JointInfo], frames: [Frame]) {
        self.name = name
        self.joints = joints
        self.jointInfo = jointInfo
        self.frames = frames
        var supports: [[Int]] = [[]]
        for i in 1..<joints.count { supports.append(supports[joints[i].parent] + [i]) }
        self.supports = supports
    }

    /// Index into `joints` (so `q[index - 1]`), or nil.
    public func jointIndex(named name: String) -> Int? {
        jointInfo.indices.dropFirst().first { jointInfo[$0].name == name }
    }

    public func frameIndex(named name: String) -> Int? {
        frames.firstIndex { $0.name == name }
    }
}

/// How a joint moves its child: about or along `axis` in the joint frame.
public enum JointKind: UInt8, Sendable {
    case universe, revolute, prismatic
}

/// The constant part of a joint that the dynamics algorithms need, free of reference-counted
/// fields so reading it in a 1 kHz loop costs nothing but memory.
@frozen
public struct Joint: Sendable {
    public var kind: JointKind
    /// Parent joint index (0 for joints attached to the base).
    public var parent: Int
    /// Unit axis in the joint frame.
    public var axis: Vec3
    /// 0, 1 or 2 when `axis` is exactly +x, +y or +z (a cheaper joint transform, as Pinocchio's
    /// RX/RY/RZ joints), −1 otherwise.
    public var alignedAxis: Int8
    /// Pose of this joint's frame in the parent joint's frame at zero position.
    public var placement: Transform
    /// Inertia of everything this joint moves rigidly, in the joint frame.
    public var body: Inertia
}

/// Names and limits of a joint, as the URDF gave them.
public struct JointInfo: Sendable {
    public var name: String
    /// The URDF type (`continuous` is kept apart from `revolute`: it has no position limits).
    public var type: URDF.JointType
    public var childLink: String
    public var limit: URDF.Limit?
    public var damping: Double
    public var friction: Double
    /// Parsed and kept; the dynamics treat a mimic joint as an independent DoF, as Pinocchio does by default.
    public var mimic: URDF.Mimic?

    /// Position bounds for sampling and checks: the URDF limits, or ±π for continuous joints.
    public var positionRange: ClosedRange<Double> {
        if type == .continuous || limit == nil { return -Double.pi...Double.pi }
        return limit!.lower...limit!.upper
    }
}

/// A named frame rigidly attached to a joint: every URDF link has one.
public struct Frame: Sendable {
    public var name: String
    /// The joint that moves this frame.
    public var parentJoint: Int
    /// Pose of the frame in the joint frame.
    public var placement: Transform
    /// The link's own mass, for inspection (its inertia is merged into the joint's body).
    public var mass: Double
}
