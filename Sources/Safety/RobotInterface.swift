import Control

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
    /// Sends one command per joint, in the mode the command names per joint. Only the supervisor
    /// makes a ``SafeCommand``, so nothing reaches the robot without passing it.
    func write(_ command: SafeCommand) throws
}

/// A command the robot cannot take in its current state (not active, wrong mode, wrong size).
public struct RobotInterfaceError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
