import Control
import Foundation
import Physics
import RobotModel
import Runtime
import Safety
import Spatial
import XCTest

/// Stops on the simulated SO-101 through the whole path (supervisor → SafeCommand →
/// SimulatedRobot): the arm itself, not just the command, comes to rest within the proven bound
/// plus the servo's settling time, and category 0 cuts the drives on the fault's tick.
final class SupervisedStopTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(stop: (Supervisor, Int64) -> Void) throws -> (supervisor: Supervisor, speeds: [Double], drives: [Bool], faultTick: Int) {
        let directory = Self.root.appendingPathComponent("robots/so101").path
        let configuration = try RobotConfiguration.loadValidated(robotDirectory: directory).configuration
        let scene = try Scene(SceneDescription(file: "stop test", gravity: Vec3(0, 0, -9.81), timestep: 0.001,
                                               robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: []))
        let data = scene.makeData()
        let robot = SimulatedRobot(data)
        try robot.configure()
        try robot.activate()
        let supervisor = Supervisor(try SupervisorModel(configuration: configuration, kinematics: scene.model.robot!,
                                                        jointNames: robot.jointNames, driveModes: Array(repeating: .position, count: 6),
                                                        period: 1_000_000))
        var state = JointState(joints: 6)
        try robot.read(into: &state)
        supervisor.activate(from: state, now: 0)
        let start = state.position
        var targets = Array(repeating: JointTarget(), count: 6)
        var speeds: [Double] = [], drives: [Bool] = []
        let faultTick = 700
        for k in 0..<2000 {
            let now = Int64(k) * 1_000_000
            if k == faultTick { stop(supervisor, now) }
            // Shoulder pan sweeps at up to 1.5 rad/s (it carries no gravity load).
            targets[0].position = start[0] + 0.8 * (1 - cos(Double(k) * 0.002))
            for j in 1..<6 { targets[j].position = start[j] }
            try robot.read(into: &state)
            let command = supervisor.filter(state, targets: targets, now: now, chunkTime: now)
            try robot.write(command)
            try robot.advance()
            speeds.append(abs(data.v[0]))
            drives.append(command.torqueEnabled)
        }
        return (supervisor, speeds, drives, faultTick)
    }

    func testCategoryTwoBringsTheArmToRestWithinTheBound() throws {
        let r = try run { s, now in s.requestStop(now: now) }
        let e = r.supervisor.model.envelopes[0]
        XCTAssertGreaterThan(r.speeds[r.faultTick - 1], 1, "moving fast when the stop comes")
        let bound = Int((e.velocity / e.braking + r.supervisor.model.dt) * 1000) + 1  // ticks, for the fastest possible joint
        // The servo's own settling once its command is at rest: the simulated STS3215 (kp 10,
        // kd 0.5 on 0.012 kg·m² of armature) rings for about 0.3 s after a hard stop.
        let settle = 300
        XCTAssertLessThan(r.speeds[r.faultTick + bound + settle], 0.02, "the arm itself is at rest")
        XCTAssertTrue(r.drives.last!, "category 2 holds with the drives on")
        XCTAssertEqual(r.supervisor.mode, .stopped(.two))
    }

    func testCategoryZeroCutsTheDrivesAtOnce() throws {
        let r = try run { s, now in s.eStop(now: now) }
        XCTAssertTrue(r.drives[r.faultTick - 1])
        XCTAssertFalse(r.drives[r.faultTick], "drives off on the fault's tick")
        XCTAssertEqual(r.supervisor.fault?.reason, .eStop)
    }

    func testCategoryOneBrakesThenCutsTheDrives() throws {
        let r = try run { s, now in s.reportFault(.robotFault, now: now) }
        let e = r.supervisor.model.envelopes[0]
        let bound = Int((e.velocity / e.braking + r.supervisor.model.dt) * 1000) + 1
        XCTAssertTrue(r.drives[r.faultTick + 5], "braking under power first")
        XCTAssertFalse(r.drives[r.faultTick + bound + 1], "then off once the command is at rest")
        XCTAssertEqual(r.supervisor.mode, .stopped(.one))
    }
}
