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
