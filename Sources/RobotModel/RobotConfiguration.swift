import Foundation

/// Everything about a robot that its URDF cannot say, read from `robots/<name>/robot.toml`
/// (schema: `robots/README.md`): the bus, each actuated joint's servo, actuator type, command
/// modes, gains, datasheet capabilities and the software limits the supervisor enforces.
///
/// A value is only produced by `load(contentsOf:)`, which checks every rule that needs the file
/// alone; `validate(against:)` then checks it against the URDF it names. Use
/// `loadValidated(robotDirectory:)` to get both files, checked, in one call.
public struct RobotConfiguration: Sendable {
    /// Robot name, equal to the folder name.
    public var name: String
    /// Path of the `robot.toml` this was read from (for error messages).
    public var file: String
    /// Path of the URDF, already resolved against the `robot.toml`'s folder.
    public var urdf: String
    /// Root link of the URDF (the fixed base).
    public var baseLink: String
    /// URDF link used as the tool centre point.
    public var toolFrame: String
    public var bus: Bus
    /// One entry per movable, non-mimic URDF joint, in servo order on the bus.
    public var joints: [ActuatedJoint]
    /// What the safety supervisor enforces beyond the joint limits (`[safety]`, all optional).
    public var safety: Safety = .defaults
    /// Where each table and key is in the file, so that checks made after loading can name a line.
    var sourceLines: TOMLSourceLines

    public func joint(named name: String) -> ActuatedJoint? {
        joints.first { $0.name == name }
    }

    /// The serial bus the servos share, or none for a simulated robot.
    public struct Bus: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case feetech, dynamixel, none
        }

        /// The wire protocol; each bus kind speaks exactly one of these today, but the file names
        /// it so that, say, Dynamixel protocol 1.0 can be added without changing the meaning of
        /// existing files.
        public enum WireProtocol: String, Sendable, CaseIterable {
            /// Feetech SMS/STS.
            case sts
            /// Dynamixel protocol 2.0.
            case dynamixel2 = "2.0"

            /// The bus kind whose servos speak this protocol.
            public var busKind: Kind {
                switch self {
                case .sts: .feetech
                case .dynamixel2: .dynamixel
                }
            }

            /// IDs a servo may have: the rest are broadcast (254 on both) or reserved (253 on
            /// Dynamixel 2.0, where it starts the packet header).
            public var servoIDs: ClosedRange<Int> {
                switch self {
                case .sts: 0...253
                case .dynamixel2: 0...252
                }
            }
        }

        public var kind: Kind
        /// nil exactly when `kind` is `.none`.
        public var wireProtocol: WireProtocol?
        /// Bit/s; nil exactly when `kind` is `.none`.
        public var baud: Int?
        /// Default serial device; the command line overrides it.
        public var port: String?
    }

    /// What an actuator natively controls.
    public enum Actuator: String, Sendable, CaseIterable {
        /// A hobby or smart servo with its own position loop.
        case positionServo = "position_servo"
        case velocity
        /// An ideal torque source (simulation).
        case torque
    }

    /// The command modes a `RobotInterface` may accept for a joint. A bit set rather than a
    /// `Set` so that the 1 kHz loop can test membership without touching reference counts.
    public struct CommandModes: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let position = CommandModes(rawValue: 1 << 0)
        public static let velocity = CommandModes(rawValue: 1 << 1)
        public static let torque = CommandModes(rawValue: 1 << 2)
        /// `q*, q̇*, kp, kd, τff`.
        public static let impedance = CommandModes(rawValue: 1 << 3)

        /// The spelling of each mode in `robot.toml`.
        public static let names: [(name: String, mode: CommandModes)] = [
            ("position", .position), ("velocity", .velocity), ("torque", .torque), ("impedance", .impedance),
        ]
    }

    /// One `[[joints]]` entry. For a prismatic joint every torque is a force (N) and every angle
    /// a length (m).
    public struct ActuatedJoint: Sendable, Equatable {
        /// URDF joint name.
        public var name: String
        /// Bus ID; nil exactly when the bus is `.none`.
        public var servoID: Int?
        /// e.g. `"STS3215"`; nil exactly when the bus is `.none`.
        public var servoModel: String?
        public var actuator: Actuator
        public var commandModes: CommandModes
        /// Stiffness of the simulated servo and of the impedance mode, N·m/rad (N/m).
        public var kp: Double
        /// Damping, same use, N·m·s/rad (N·s/m). On a servo bus kd/kp is the lead the goal
        /// position takes on the commanded velocity (`ServoBus.velocityLead`).
        public var kd: Double
        /// Datasheet stall torque, N·m (N).
        public var maxTorque: Double
        /// Datasheet no-load speed, rad/s (m/s).
        public var maxVelocity: Double
        /// Servo position resolution; nil exactly when the bus is `.none`.
        public var encoderTicksPerTurn: Int?
        /// Reflected rotor inertia added to the joint's diagonal of M, kg·m² (kg).
        public var armature: Double
        /// Raw register values of the servo's own position loop, written at configure.
        public var servoGains: ServoGains?
        public var limits: Limits
    }

    /// Raw register values, in the servo's own units (not SI).
    public struct ServoGains: Sendable, Equatable {
        public var p: Int
        public var i: Int
        public var d: Int
    }

    /// Software limits the supervisor and trajectory generator enforce.
    public struct Limits: Sendable, Equatable {
        /// Position limits, equal to the URDF's.
        public var lower: Double
        public var upper: Double
        /// ≤ `maxVelocity`.
        public var velocity: Double
        public var acceleration: Double
        public var jerk: Double
        /// Commanded effort limit, ≤ `maxTorque`.
        public var torque: Double
    }
}

// MARK: - Agreement with the URDF

extension RobotConfiguration {
    /// How far a position limit may be from the URDF's: both files are written by hand with the
    /// same decimal digits, so anything larger is a real disagreement, not rounding.
    public static let limitTolerance = 1e-9

    /// Checks that this configuration describes `urdf`: `base_link` is its root and `tool_frame`
    /// one of its links; every entry names a movable, non-mimic joint and every such joint has an
    /// entry; position limits equal the URDF's; velocity and torque limits stay within the
    /// URDF's `<limit velocity effort>`.
    ///
    /// Kept apart from `load` so that a configuration can be read (and its own mistakes reported)
    /// even when its URDF is broken or absent.
    public func validate(against urdf: URDF) throws(RobotConfigurationError) {
        let urdfName = (urdf.file as NSString).lastPathComponent
        let links = Set(urdf.links.map(\.name))
        let childLinks = Set(urdf.joints.map(\.child))
        guard links.contains(baseLink) else {
            throw error(.robot, "base_link", "no link \"\(baseLink)\" in \(urdfName)")
        }
        if childLinks.contains(baseLink), let root = urdf.links.first(where: { !childLinks.contains($0.name) }) {
            throw error(.robot, "base_link", "expected the URDF's root link \"\(root.name)\", found \"\(baseLink)\", which has a parent joint")
        }
        guard links.contains(toolFrame) else {
            throw error(.robot, "tool_frame", "no link \"\(toolFrame)\" in \(urdfName)")
        }

        let urdfJoints = Dictionary(urdf.joints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, joint) in joints.enumerated() {
            let entry = ConfigurationTable.joint(index, joint.name)
            guard let u = urdfJoints[joint.name] else {
                let movable = urdf.joints.filter(\.isActuatable).map { "\"\($0.name)\"" }.joined(separator: ", ")
                throw error(entry, "name", "no joint \"\(joint.name)\" in \(urdfName); its actuated joints are \(movable)")
            }
            if u.type == .fixed {
                throw error(entry, "name", "\(urdfName):\(u.line) joint \"\(u.name)\" is fixed and cannot be actuated")
            }
            if let mimic = u.mimic {
                throw error(entry, "name", "\(urdfName):\(u.line) joint \"\(u.name)\" mimics \"\(mimic.joint)\"; it is driven through that joint and has no entry")
            }
            // `URDF.load` guarantees a <limit> on every revolute and prismatic joint.
            guard let limit = u.limit else { continue }
            // A continuous joint has no position limits in the URDF; any software range will do.
            if u.type != .continuous {
                for (key, mine, theirs) in [("lower", joint.limits.lower, limit.lower), ("upper", joint.limits.upper, limit.upper)]
                where abs(mine - theirs) > Self.limitTolerance {
                    throw error(entry, "limits.\(key)", "\(mine) differs from the URDF's \(theirs) (\(urdfName):\(u.line))")
                }
            }
            if joint.limits.velocity > limit.velocity {
                throw error(entry, "limits.velocity", "\(joint.limits.velocity) exceeds the URDF's <limit velocity=\"\(limit.velocity)\"> (\(urdfName):\(u.line))")
            }
            if joint.limits.torque > limit.effort {
                throw error(entry, "limits.torque", "\(joint.limits.torque) exceeds the URDF's <limit effort=\"\(limit.effort)\"> (\(urdfName):\(u.line))")
            }
        }

        let listed = Set(joints.map(\.name))
        if let missing = urdf.joints.first(where: { $0.isActuatable && !listed.contains($0.name) }) {
            throw RobotConfigurationError(
                file: file, key: "[[joints]]",
                message: "the URDF's \(missing.type.rawValue) joint \"\(missing.name)\" (\(urdfName):\(missing.line)) has no entry; every movable, non-mimic joint needs one")
        }
    }

    /// Loads `robots/<name>/robot.toml`, the URDF it names and the model built from it, checked
    /// against each other: the one call a command-line tool or a test needs to get a robot it can
    /// trust.
    public static func loadValidated(robotDirectory: String) throws(RobotConfigurationError)
        -> (urdf: URDF, model: Model, configuration: RobotConfiguration)
    {
        try loadValidated(contentsOf: (robotDirectory as NSString).appendingPathComponent("robot.toml"))
    }

    /// Loads the `robot.toml` at `path`, the URDF it names and the model built from it; checks
    /// them against each other, and the robot's name against the name of the folder that holds
    /// `path` (a robot is addressed by its folder, so the two must not drift apart).
    ///
    /// A URDF that fails to load is reported as an error of the `[robot] urdf` key with the
    /// URDF's own one-line error inside, so that callers handle one error type.
    public static func loadValidated(contentsOf path: String) throws(RobotConfigurationError)
        -> (urdf: URDF, model: Model, configuration: RobotConfiguration)
    {
        let configuration = try load(contentsOf: path)
        let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().lastPathComponent
        guard configuration.name == folder else {
            throw configuration.error(.robot, "name", "expected \"\(folder)\" (the folder name), found \"\(configuration.name)\"")
        }
        let urdf: URDF
        do {
            urdf = try URDF.load(contentsOf: configuration.urdf)
        } catch {
            throw configuration.error(.robot, "urdf", "the URDF does not load: \(error.description)")
        }
        try configuration.validate(against: urdf)
        return (urdf, Model(urdf), configuration)
    }

    /// An error at `key` of `table`, on the line where the file has it.
    func error(_ table: ConfigurationTable, _ key: String?, _ message: String) -> RobotConfigurationError {
        ConfigurationFileError(file: file, lines: sourceLines, table, key, message)
    }
}

extension URDF.Joint {
    /// Movable and not a mimic: the joints that need a `[[joints]]` entry.
    var isActuatable: Bool { type != .fixed && mimic == nil }
}
