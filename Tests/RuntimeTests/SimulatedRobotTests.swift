import AllocationCounter
import Control
import Foundation
import Physics
import RobotModel
import Runtime
@testable import Safety
import Spatial
import XCTest

/// The simulator behind the RobotInterface contract, and the impedance controller through it.
final class SimulatedRobotTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testLifecycleAndActivationFromTheMeasuredState() throws {
        let scene = try Scene.load(contentsOf: Self.root.appendingPathComponent("sim/scenes/so101_pick_place.toml").path)
        let data = scene.makeData()
        let robot = SimulatedRobot(data)
        XCTAssertEqual(robot.lifecycle, .unconfigured)
        XCTAssertEqual(robot.commandModes.count, 6)
        XCTAssertTrue(robot.commandModes.allSatisfy { $0 == [.position] }, "STS3215 servos take position commands")
        let targets = Array(repeating: JointTarget(), count: 6)
        XCTAssertThrowsError(try robot.write(unfiltered(targets, modes: Array(repeating: .position, count: 6))), "not active yet")
        try robot.configure()
        // Move the arm away from its old command, then activate: the command must start where the arm is.
        data.q[1] += 0.2
        try robot.activate()
        XCTAssertEqual(robot.lifecycle, .active)
        var state = JointState(joints: 6)
        try robot.read(into: &state)
        for _ in 0..<500 { try robot.advance() }
        try robot.read(into: &state)
        XCTAssertEqual(state.position[1], data.q[1], accuracy: 0.002)
        XCTAssertEqual(data.q[1], scene.description.robot!.initial["shoulder_lift"]! + 0.2, accuracy: 0.03, "no jump back to the stale command")
        XCTAssertThrowsError(try robot.write(unfiltered(targets, modes: Array(repeating: .torque, count: 6))), "servos do not take torque")
        robot.deactivate()
        XCTAssertEqual(robot.lifecycle, .inactive)
    }

    func testImpedanceControlTracksASinusoidOnATorqueJoint() throws {
        // The pendulum's joint is a torque actuator (robots/pendulum/robot.toml).
        let urdf = Self.root.appendingPathComponent("robots/pendulum/robot.urdf").path
        let scene = try Scene(SceneDescription(file: "pendulum", gravity: Vec3(0, 0, -9.81), timestep: 0.001,
                                               robot: RobotPlacement(urdf: urdf), bodies: [], cameras: []))
        let data = scene.makeData()
        data.v[0] = 1  // start on the reference (q = 0, q̇ = 1), so only tracking is measured
        let robot = SimulatedRobot(data)
        try robot.configure()
        try robot.activate()
        let model = scene.model.robot!
        let controller = JointImpedanceController(model: model, kp: [5], kd: [0.5])
        var state = JointState(joints: 1)
        var worst = 0.0
        var targets = [JointTarget()]
        let modes: [CommandModes] = [.torque]
        var reference = [0.0], velocity = [0.0], acceleration = [0.0]
        var allocations = 0
        for k in 0..<3000 {
            let t = Double(k) * 0.001
            reference[0] = 0.5 * sin(2 * t)
            velocity[0] = cos(2 * t)
            acceleration[0] = -2 * sin(2 * t)
            try robot.read(into: &state)
            if k >= 1000, k < 1100 {
                allocations += countAllocations {
                    controller.tick(q: state.position, v: state.velocity, reference: reference, velocity: velocity, acceleration: acceleration)
                }
            } else {
                controller.tick(q: state.position, v: state.velocity, reference: reference, velocity: velocity, acceleration: acceleration)
            }
            targets[0].torque = controller.torque[0]
            try robot.write(unfiltered(targets, modes: modes))
            try robot.advance()
            if k > 0 { worst = max(worst, abs(data.q[0] - 0.5 * sin(2 * (t + 0.001)))) }
        }
        XCTAssertLessThan(worst, 0.002, "feed-forward plus compliant feedback tracks within 2 mrad")
        XCTAssertEqual(allocations, 0)
    }

    /// The interface's own checks, seen without a supervisor in front (tests only: `@testable`).
    private func unfiltered(_ targets: [JointTarget], modes: [CommandModes]) -> SafeCommand {
        var command = SafeCommand(count: targets.count, time: 0, torqueEnabled: true)
        for i in targets.indices { command.set(targets[i], mode: modes[i], at: i) }
        return command
    }
}
