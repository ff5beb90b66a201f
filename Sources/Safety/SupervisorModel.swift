import Control
import RobotModel

/// Everything constant about a supervisor: per joint its envelope, drive mode and sensor checks,
/// and the kinematics for the Cartesian zones. Built once from `robot.toml` and the URDF model.
public struct SupervisorModel: Sendable {
    /// Joints in the robot interface's order.
    public let jointNames: [String]
    /// Control period, ns and s.
    public let period: Int64
    public let dt: Double
    /// One envelope per joint. A mimic joint (no `robot.toml` entry) gets its master's, mapped.
    public let envelopes: [JointEnvelope]
    /// For a mimic joint: its master's index and the URDF's multiplier and offset.
    public let followers: [Follower?]
    /// The one mode each joint is driven in.
    public let driveModes: [CommandModes]
    /// A measured position outside this (URDF limits widened by `sensorTolerance`) is a sensor fault.
    public let sensorRange: [ClosedRange<Double>]
    /// A measured position moving more than this in one tick is an encoder jump.
    public let jumpThreshold: [Double]
    /// Stiffness of each revolute position servo's own loop (N·m/rad), 0 for other joints: its
    /// torque is about kp·(command − measured), so the command is kept within limits.torque/kp of
    /// the measured position. Prismatic fingers are left to their actuator's own force limit: a
    /// millimetre of lead (1 N at 500 N/m on the OpenMANIPULATOR-X) stalls the gripper's opening.
    public let servoStiffness: [Double]
    public let safety: RobotConfiguration.Safety
    public let kinematics: Model
    /// The tool frame, and the frames whose origins keep clear of the table.
    public let toolFrame: Int
    public let clearanceFrames: [Int]
    /// Each interface joint's index in `kinematics` (the bus may order joints differently).
    public let kinematicsIndex: [Int]

    public struct Follower: Sendable {
        public var master: Int
        public var multiplier: Double
        public var offset: Double
    }

    /// How far outside its URDF limits a measured joint may read before it is a sensor fault
    /// (rad or m): a servo pushed against its end stop can read a little beyond it.
    public static let sensorTolerance = 0.1

    public init(configuration: RobotConfiguration, kinematics: Model, jointNames: [String], driveModes: [CommandModes],
                period: Int64) throws(SafetyConfigurationError) {
        guard jointNames.count <= SafeCommand.capacity else {
            throw SafetyConfigurationError("\(jointNames.count) joints; the supervisor handles at most \(SafeCommand.capacity)")
        }
        guard driveModes.count == jointNames.count, period > 0 else {
            throw SafetyConfigurationError("one drive mode per joint and a positive period are required")
        }
        let dt = Double(period) * 1e-9
        let s = configuration.safety
        var kinematicsIndex: [Int] = []
        var stiffness: [Double] = []
        var envelopes: [JointEnvelope] = [], followers: [Follower?] = [], ranges: [ClosedRange<Double>] = [], jumps: [Double] = []
        for name in jointNames {
            guard let index = kinematics.jointNames.firstIndex(of: name) else {
                throw SafetyConfigurationError("joint \"\(name)\" is not in \(configuration.name)'s URDF")
            }
            kinematicsIndex.append(index)
            let info = kinematics.jointInfo[index + 1]
            let range = info.positionRange
            ranges.append((range.lowerBound - Self.sensorTolerance)...(range.upperBound + Self.sensorTolerance))
            let joint: RobotConfiguration.ActuatedJoint
            if let own = configuration.joint(named: name) {
                joint = own
                followers.append(nil)
            } else if let mimic = info.mimic, let master = configuration.joint(named: mimic.joint),
                      let masterIndex = jointNames.firstIndex(of: mimic.joint) {
                joint = master
                followers.append(Follower(master: masterIndex, multiplier: mimic.multiplier, offset: mimic.offset))
            } else {
                throw SafetyConfigurationError("joint \"\(name)\" has no [[joints]] entry in \(configuration.file)")
            }
            let l = joint.limits
            let margin = info.type == .prismatic ? s.prismaticMargin : s.positionMargin
            guard l.upper - l.lower > 2 * margin else {
                throw SafetyConfigurationError("joint \"\(name)\": [safety] \(info.type == .prismatic ? "prismatic_margin" : "position_margin") \(margin) leaves no range inside \(l.lower)...\(l.upper)")
            }
            envelopes.append(JointEnvelope(lower: l.lower + margin, upper: l.upper - margin, velocity: l.velocity,
                                           acceleration: l.acceleration, jerk: l.jerk, braking: s.braking * l.acceleration,
                                           torque: l.torque))
            // Fastest the joint can physically move in a tick, three times over, plus a few encoder ticks.
            let tick = joint.encoderTicksPerTurn.map { 2 * Double.pi / Double($0) } ?? 0
            jumps.append(3 * joint.maxVelocity * dt + 5 * tick + 0.01)
            stiffness.append(joint.actuator == .positionServo && info.type != .prismatic ? joint.kp : 0)
        }
        guard let tool = kinematics.frameIndex(named: configuration.toolFrame) else {
            throw SafetyConfigurationError("tool frame \"\(configuration.toolFrame)\" is not in the URDF")
        }
        self.jointNames = jointNames
        self.period = period
        self.dt = dt
        self.envelopes = envelopes
        self.followers = followers
        self.driveModes = driveModes
        sensorRange = ranges
        jumpThreshold = jumps
        servoStiffness = stiffness
        safety = s
        self.kinematics = kinematics
        self.kinematicsIndex = kinematicsIndex
        toolFrame = tool
        // Link origins from the third joint on: the first two sit on the base, on the table by design.
        clearanceFrames = kinematics.frames.indices.filter { kinematics.frames[$0].parentJoint >= 3 && $0 != tool }
    }
}

public struct SafetyConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
