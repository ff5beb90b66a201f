import Control
import Physics
import Safety

/// The simulator behind the `RobotInterface` contract: the same loop that drives a servo bus
/// drives the world. Each `write` applies the commands; `advance()` steps the world one period.
public final class SimulatedRobot: RobotInterface {
    public let data: WorldData
    public let jointNames: [String]
    public let commandModes: [CommandModes]
    public private(set) var lifecycle: RobotLifecycle = .unconfigured

    public init(_ data: WorldData) {
        self.data = data
        jointNames = data.model.robot?.jointNames ?? []
        commandModes = data.model.joints.map { joint in
            switch joint.actuator.kind {
            case .positionServo: return [.position]
            case .velocity: return [.velocity]
            case .torque: return [.position, .velocity, .torque, .impedance]
            case .passive: return []
            }
        }
    }

    public func configure() throws {
        guard data.model.robot != nil else { throw RobotInterfaceError("the world has no robot") }
        lifecycle = .inactive
    }

    public func activate() throws {
        guard lifecycle == .inactive else { throw RobotInterfaceError("activate from \(lifecycle), expected inactive") }
        data.holdCurrentPositions()  // start from the measured state
        lifecycle = .active
    }

    public func deactivate() {
        if lifecycle == .active {
            data.holdCurrentPositions()
            lifecycle = .inactive
        }
    }

    public func read(into state: inout JointState) throws {
        guard lifecycle != .unconfigured else { throw RobotInterfaceError("read before configure") }
        state.time = data.timeNanoseconds
        for i in 0..<jointNames.count {
            state.position[i] = data.model.joints[i].actuator.quantised(data.q[i])  // what the encoder reports
            state.velocity[i] = data.v[i]
            state.effort[i] = data.actuatorTorques[i]
        }
    }

    public func write(_ command: SafeCommand) throws {
        guard lifecycle == .active else { throw RobotInterfaceError("write while \(lifecycle): commands need an active interface") }
        guard command.count == jointNames.count else {
            throw RobotInterfaceError("\(command.count) targets for \(jointNames.count) joints")
        }
        for i in 0..<command.count {
            let mode = command.mode(i)
            guard commandModes[i].contains(mode), mode.rawValue.nonzeroBitCount == 1 else {
                throw RobotInterfaceError("joint \"\(jointNames[i])\" does not accept mode \(mode.rawValue)")
            }
            let t = command[i]
            if !command.torqueEnabled {
                data.commands[i] = JointCommand(position: data.q[i], velocity: 0, torque: 0)
                data.torqueEnabled[i] = false
                continue
            }
            data.torqueEnabled[i] = true
            switch mode {
            case .impedance:
                // Evaluated here at the command rate: τ = τff + kp (q* − q) + kd (q̇* − q̇).
                let torque = t.torque + t.kp * (t.position - data.q[i]) + t.kd * (t.velocity - data.v[i])
                data.commands[i] = JointCommand(position: t.position, velocity: t.velocity, torque: torque)
            default:
                data.commands[i] = JointCommand(position: t.position, velocity: t.velocity, torque: t.torque)
            }
        }
    }

    /// Steps the world one timestep (lockstep); a divergence moves the interface to `.error`.
    public func advance() throws {
        do { try step(data) } catch {
            lifecycle = .error(error.description)
            throw error
        }
    }
}
