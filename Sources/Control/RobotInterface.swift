import RobotModel

/// What the controller may ask of each joint (as ros2_control's command interfaces): the same
/// set `robot.toml` declares per joint.
public typealias CommandModes = RobotConfiguration.CommandModes

/// One joint's command, for whichever mode the joint is driven in.
@frozen
public struct JointTarget: Sendable, Equatable {
    public var position: Double
    public var velocity: Double
    /// Feed-forward torque (torque and impedance modes).
    public var torque: Double
    public var kp: Double
    public var kd: Double

    @inlinable
    public init(position: Double = 0, velocity: Double = 0, torque: Double = 0, kp: Double = 0, kd: Double = 0) {
        self.position = position
        self.velocity = velocity
        self.torque = torque
        self.kp = kp
        self.kd = kd
    }
}

/// Measured joint state, written in place by `read` (no allocation per tick).
public struct JointState: Sendable {
    /// Monotonic or simulated time of the measurement, nanoseconds.
    public var time: Int64 = 0
    public var position: [Double]
    public var velocity: [Double]
    public var effort: [Double]

    public init(joints: Int) {
        position = Array(repeating: 0, count: joints)
        velocity = Array(repeating: 0, count: joints)
        effort = Array(repeating: 0, count: joints)
    }
}

/// Lifecycle of a robot interface (ros2_control's hardware lifecycle, reduced to what the loop
/// needs): commands are accepted only when active; any fault moves to `.error`, which forces a
/// stop until the interface is configured again.
public enum RobotLifecycle: Sendable, Equatable {
    case unconfigured, inactive, active, error(String)
}

/// A robot as the real-time loop sees it: the simulator, a Feetech bus, a Dynamixel bus.
/// Hardware and controllers meet only through these declared state and command interfaces.
public protocol RobotInterface: AnyObject {
    var jointNames: [String] { get }
    /// The command modes each joint accepts, in `jointNames` order.
    var commandModes: [CommandModes] { get }
    var lifecycle: RobotLifecycle { get }
    /// Opens the connection and checks the robot matches its description.
    func configure() throws
    /// Starts accepting commands; the held command starts at the measured state, so activation
    /// never makes the robot jump to a stale target.
    func activate() throws
    /// Stops accepting commands; the robot holds where it is.
    func deactivate()
    /// Reads the latest joint state into `state`.
    func read(into state: inout JointState) throws
    /// Sends one command per joint, in the given mode per joint.
    func write(_ targets: [JointTarget], modes: [CommandModes]) throws
}

/// A command the robot cannot take in its current state (not active, wrong mode, wrong size).
public struct RobotInterfaceError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
