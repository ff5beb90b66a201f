import Foundation

/// A joint actuator as the real ones behave: the servo reads its own quantised encoder, runs a
/// proportional-derivative loop, and its motor can give less torque the faster it turns.
public struct ActuatorModel: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// No actuator: the joint swings freely.
        case passive
        /// A position servo (STS3215, Dynamixel in position mode): τ = kp (q* − q̂) + kd (q̇* − q̇),
        /// q̂ the servo's own encoder reading.
        case positionServo
        /// Velocity mode: τ = kp (q̇* − q̇).
        case velocity
        /// Torque (current) mode: τ = τ*.
        case torque
    }

    public var kind: Kind
    public var kp: Double
    public var kd: Double
    /// Stall torque, N·m.
    public var maxTorque: Double
    /// No-load speed, rad/s: the available torque falls linearly to zero at this speed.
    public var maxVelocity: Double
    /// Encoder resolution seen by the servo loop and the joint sensor; 0 for an ideal encoder.
    public var encoderTicksPerTurn: Int

    public init(kind: Kind, kp: Double = 0, kd: Double = 0, maxTorque: Double = .infinity,
                maxVelocity: Double = .infinity, encoderTicksPerTurn: Int = 0) {
        self.kind = kind
        self.kp = kp
        self.kd = kd
        self.maxTorque = maxTorque
        self.maxVelocity = maxVelocity
        self.encoderTicksPerTurn = encoderTicksPerTurn
    }

    public static let passive = ActuatorModel(kind: .passive)

    /// The position the encoder reports for true position `q`.
    @inline(__always)
    public func quantised(_ q: Double) -> Double {
        guard encoderTicksPerTurn > 0 else { return q }
        let tick = 2 * Double.pi / Double(encoderTicksPerTurn)
        return (q / tick).rounded() * tick
    }

    /// The torque the actuator applies for a command, given the position its encoder measures
    /// (`measured`, already quantised and noisy) and the joint velocity.
    @inline(__always)
    public func torque(measured: Double, v: Double, command: JointCommand) -> Double {
        let demanded: Double
        switch kind {
        case .passive: return 0
        case .positionServo: demanded = kp * (command.position - measured) + kd * (command.velocity - v)
        case .velocity: demanded = kp * (command.velocity - v)
        case .torque: demanded = command.torque
        }
        return saturated(demanded, v: v)
    }

    /// Clamps to the motor's torque–speed line: full stall torque at rest, none at no-load speed
    /// when driving with the motion; braking against the motion is limited by stall torque only.
    @inline(__always)
    func saturated(_ tau: Double, v: Double) -> Double {
        var limit = maxTorque
        if maxVelocity.isFinite, tau * v > 0 {
            limit *= max(0, 1 - abs(v) / maxVelocity)
        }
        return min(max(tau, -limit), limit)
    }
}

/// What the controller asks of one joint; which fields matter depends on the actuator kind.
@frozen
public struct JointCommand: Sendable, Equatable {
    public var position: Double
    public var velocity: Double
    public var torque: Double

    @inlinable
    public init(position: Double = 0, velocity: Double = 0, torque: Double = 0) {
        self.position = position
        self.velocity = velocity
        self.torque = torque
    }
}
