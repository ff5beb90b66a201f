import RobotModel
import Spatial

/// The 1 kHz arm controller for position-servo arms (SO-101, OpenMANIPULATOR-X): the planner's
/// tool target becomes a smooth Cartesian reference, differential IK turns the reference into
/// joint position targets (integrated on the reference, not on the noisy measurement), and the
/// gripper gets its open or closed position — closing past the object so the servo's torque limit
/// sets the grip force. Position servos are proportional, so under gravity they hold short of
/// their target; the command carries the gravity torque as a position offset, `q* + g(q*)/kp`,
/// which makes the servo hold the reference itself. Allocation-free per tick.
public final class ManipulationController {
    public struct Configuration: Sendable {
        /// URDF link of the tool frame.
        public var toolFrame: String
        /// Point controlled, in the tool frame (e.g. the grasp centre between the jaws).
        public var graspOffset: Vec3
        /// Tool-frame axis that should point down while manipulating.
        public var approachAxis: Vec3
        /// Tool-frame axis across the jaws.
        public var jawAxis: Vec3
        /// Whether the arm can turn its jaws about the vertical independently of where it reaches
        /// (a wrist roll joint); without one a yaw target would fight the position task.
        public var controlsYaw: Bool
        public var gripperJoint: String
        public var gripperOpen: Double
        public var gripperClosed: Double
        /// Cartesian speed, acceleration and jerk limits of the reference (m/s, m/s², m/s³).
        public var speed: Double
        public var acceleration: Double
        public var jerk = 10.0
        /// Fastest a joint reference may move (rad/s): bounds the IK's corrections, e.g. when a
        /// yaw target first engages.
        public var jointSpeed = 2.0
        /// The IK's weight on pointing the tool down, against its position, with the jaws open:
        /// about to take an object, the tool must come down square, even if the point stops
        /// short (a tool that straightens on the way down sweeps a jaw into the object).
        public var orientationWeightOpen = 0.3
        /// The same with the jaws closed, carrying or pushing: low, so the point wins. An arm
        /// whose tool pitch is the sum of its pitch joints cannot point the tool down at the edge
        /// of its workspace (beside a cube far out, where a push starts); there it tilts the tool
        /// and arrives. Where both can hold, the tool still turns down within a few ticks.
        public var orientationWeightClosed = 0.01

        public init(toolFrame: String, graspOffset: Vec3, approachAxis: Vec3, jawAxis: Vec3, controlsYaw: Bool, gripperJoint: String,
                    gripperOpen: Double, gripperClosed: Double, speed: Double = 0.2, acceleration: Double = 1.0) {
            self.toolFrame = toolFrame
            self.graspOffset = graspOffset
            self.approachAxis = approachAxis
            self.jawAxis = jawAxis
            self.controlsYaw = controlsYaw
            self.gripperJoint = gripperJoint
            self.gripperOpen = gripperOpen
            self.gripperClosed = gripperClosed
            self.speed = speed
            self.acceleration = acceleration
        }
    }

    public let configuration: Configuration
    public let ik: DifferentialIK
    public let gripperIndex: Int
    /// The jaw as the scripted expert reads it from measured joints (model order).
    public var jawGauge: JawGauge { JawGauge(joint: gripperIndex, open: configuration.gripperOpen, closed: configuration.gripperClosed) }
    /// Joint position references (model order), what the joints should reach.
    public private(set) var jointTargets: [Double]
    /// Position commands for the servos: the references plus the gravity offset.
    public private(set) var servoCommands: [Double]
    /// Each servo's proportional gain (N·m/rad); 0 or infinity disables the offset for that joint.
    private let servoStiffness: [Double]
    private let arm: [Int]
    private var previous: [Double]
    private let model: Model
    private let gravityData: RobotModel.Data
    /// The Cartesian reference the IK tracks (robot base frame).
    public private(set) var reference: Vec3
    /// The planner's current tool target.
    public private(set) var target: Vec3
    /// The planner's jaw heading (NaN: free).
    public private(set) var yaw: Double = .nan
    private let trajectory: CartesianReference
    /// The last `moveJoints` move, kept after it ends so the loop never frees it.
    private var jointMove: TrajectoryGenerator?
    /// The joint references follow `jointMove` (to its end, then hold there) until the first
    /// tool target after it has arrived.
    private var followsJointMove = false

    public init(model: Model, configuration: Configuration, initial q: [Double], servoStiffness: [Double]? = nil) throws {
        guard let frame = model.frameIndex(named: configuration.toolFrame) else {
            throw ControllerError("no link \"\(configuration.toolFrame)\" in \(model.name)")
        }
        guard let gripper = model.jointIndex(named: configuration.gripperJoint) else {
            throw ControllerError("no joint \"\(configuration.gripperJoint)\" in \(model.name)")
        }
        self.configuration = configuration
        gripperIndex = gripper - 1
        // The arm joints: every movable, non-mimic joint except the gripper.
        let arm = (1..<model.joints.count).filter { $0 != gripper && model.jointInfo[$0].mimic == nil }.map { $0 - 1 }
        self.arm = arm
        previous = Array(repeating: 0, count: arm.count)
        self.model = model
        gravityData = RobotModel.Data(model)
        self.servoStiffness = servoStiffness ?? Array(repeating: 0, count: model.dof)
        servoCommands = q
        ik = try DifferentialIK(model: model, frame: frame, joints: arm, pointOffset: configuration.graspOffset,
                                toolAxis: configuration.approachAxis, jawAxis: configuration.jawAxis,
                                orientationWeight: configuration.orientationWeightOpen)
        jointTargets = q
        let start = ik.pointPosition(q)
        reference = start
        target = start
        trajectory = CartesianReference(start: start, speed: configuration.speed, acceleration: configuration.acceleration,
                                        jerk: configuration.jerk)
    }

    /// Moves every joint reference, the gripper's too, to `q` along a jerk-limited straight line
    /// in joint space (at most `speed` rad/s) and holds them there, ignoring tool targets until
    /// it has arrived; the first tool target after that starts from where the move left the
    /// tool. How an episode on a servo bus first brings the arm to its scene's ready pose from
    /// wherever it was left, so that it starts where simulated episodes start. Call it between
    /// episodes, not from the real-time loop: it allocates.
    public func moveJoints(to q: [Double], speed: Double = 0.5) {
        precondition(q.count == jointTargets.count, "\(q.count) positions for \(jointTargets.count) joints")
        let limits = JerkLimits(velocity: speed, acceleration: 4 * speed, jerk: 40 * speed)
        let move = TrajectoryGenerator(dof: q.count, limits: Array(repeating: limits, count: q.count),
                                       initialPositions: jointTargets, synchronization: .phase)
        move.setTarget(q)
        jointMove = move
        followsJointMove = true
    }

    /// Seconds the last `moveJoints` move takes, from its start to its arrival.
    public var jointMoveDuration: Double { jointMove?.duration ?? 0 }

    /// Takes the active waypoint of a chunk: a new tool target and gripper command (ignored
    /// while a `moveJoints` move has not arrived).
    public func follow(_ waypoint: Waypoint) {
        if followsJointMove, let move = jointMove {
            guard move.isFinished else { return }
            followsJointMove = false
            reference = ik.pointPosition(jointTargets)
            target = reference
            trajectory.reset(reference)
        }
        if (waypoint.position - target).squaredNorm > 1e-12 {
            target = waypoint.position
            trajectory.retarget(waypoint.position)
        }
        yaw = configuration.controlsYaw ? waypoint.yaw : .nan
        let closed = waypoint.gripper >= 0.5
        ik.orientationWeight = closed ? configuration.orientationWeightClosed : configuration.orientationWeightOpen
        jointTargets[gripperIndex] = closed ? configuration.gripperClosed : configuration.gripperOpen
        servoCommands[gripperIndex] = jointTargets[gripperIndex]
    }

    /// One control period: advance the reference, one IK step toward it (or the joint move).
    public func tick(dt: Double) {
        if followsJointMove, let move = jointMove {
            move.step(dt: dt)
            for i in 0..<jointTargets.count { jointTargets[i] = move.position[i] }
        } else {
            reference = trajectory.advance(dt: dt)
            for c in 0..<arm.count { previous[c] = jointTargets[arm[c]] }
            ik.update(&jointTargets, target: reference, approach: Vec3(0, 0, -1), yaw: yaw)
            let maxStep = configuration.jointSpeed * dt
            for c in 0..<arm.count {
                let j = arm[c]
                jointTargets[j] = previous[c] + min(max(jointTargets[j] - previous[c], -maxStep), maxStep)
            }
        }
        generalizedGravity(model, gravityData, q: jointTargets)
        for i in 0..<jointTargets.count { servoCommands[i] = jointTargets[i] }
        for c in 0..<arm.count {
            let j = arm[c]
            let kp = servoStiffness[j]
            if kp > 0, kp.isFinite { servoCommands[j] += gravityData.gravity[j] / kp }
        }
    }

    /// Where the controlled point is for measured joint positions `q`.
    public func toolPosition(_ q: [Double]) -> Vec3 { ik.pointPosition(q) }
}

/// A configuration mistake in a controller (unknown link or joint).
public struct ControllerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ message: String) { description = message }
}
