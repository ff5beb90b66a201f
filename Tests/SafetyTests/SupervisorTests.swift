import AllocationCounter
import Control
import Foundation
import RobotModel
import Spatial
@testable import Safety
import XCTest

/// The supervisor on the SO-101's real limits: passthrough of feasible commands, the envelope at
/// the limits, each watchdog and stop category, reset, the Cartesian zones, and no allocation.
final class SupervisorTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let period: Int64 = 1_000_000
    let dt = 0.001

    func makeSupervisor(_ edit: (inout RobotConfiguration) -> Void = { _ in }) throws -> (Supervisor, JointState) {
        var configuration = try RobotConfiguration.load(contentsOf: Self.root.appendingPathComponent("robots/so101/robot.toml").path)
        // No Cartesian zones unless a test asks for them: these tests drive joints to their limits.
        configuration.safety.workspace = nil
        configuration.safety.tableHeight = nil
        configuration.safety.baseColumn = nil
        edit(&configuration)
        let model = Model(try URDF.load(contentsOf: configuration.urdf))
        let supervisor = Supervisor(try SupervisorModel(configuration: configuration, kinematics: model, jointNames: model.jointNames,
                                                        driveModes: Array(repeating: .position, count: 6), period: period))
        var state = JointState(joints: 6)
        state.position = [0, -0.5, 0.5, 1.0, 0, 0.3]
        supervisor.activate(from: state, now: 0)
        return (supervisor, state)
    }

    /// Runs ticks with the measured state following the command exactly (an ideal servo).
    @discardableResult
    func run(_ supervisor: Supervisor, _ state: inout JointState, ticks: Int, from start: Int64 = 0, chunkTime: Int64? = nil,
             target: (Int, Int) -> Double) -> [SafeCommand] {
        var out: [SafeCommand] = []
        var targets = Array(repeating: JointTarget(), count: 6)
        for k in 0..<ticks {
            let now = start + Int64(k) * period
            state.time = now
            for j in 0..<6 { targets[j].position = target(k, j) }
            let command = supervisor.filter(state, targets: targets, now: now, chunkTime: chunkTime ?? now)
            for j in 0..<6 { state.position[j] = command[j].position; state.velocity[j] = command[j].velocity }
            out.append(command)
        }
        return out
    }

    func testFeasibleCommandsPassUnchanged() throws {
        var (supervisor, state) = try makeSupervisor()
        let start = state.position
        let commands = run(supervisor, &state, ticks: 3000) { k, j in start[j] + 0.2 * (1 - cos(Double(k) * 0.002)) }
        for (k, command) in commands.enumerated() {
            for j in 0..<6 { XCTAssertEqual(command[j].position, start[j] + 0.2 * (1 - cos(Double(k) * 0.002)), accuracy: 1e-9) }
        }
        XCTAssertEqual(supervisor.interventions.total, 0)
        XCTAssertNil(supervisor.fault)
    }

    func testTargetsPastALimitStopInsideTheEnvelopeAndRespectTheBounds() throws {
        var (supervisor, state) = try makeSupervisor()
        let commands = run(supervisor, &state, ticks: 10000) { k, j in k < 5000 ? 10 : -10 }  // far past both limits
        for (k, command) in commands.enumerated() {
            for j in 0..<6 {
                let e = supervisor.model.envelopes[j]
                XCTAssertTrue(isInsideEnvelope(e, TrajectoryState(position: command[j].position, velocity: command[j].velocity)), "tick \(k) joint \(j)")
                XCTAssertLessThanOrEqual(abs(command[j].velocity), e.velocity)
                if k > 0 {
                    XCTAssertLessThanOrEqual(abs(command[j].velocity - commands[k - 1][j].velocity), e.acceleration * dt * (1 + 1e-9))
                }
            }
        }
        for j in 0..<6 {
            XCTAssertEqual(commands[4999][j].position, supervisor.model.envelopes[j].upper, accuracy: 0.01, "closes in on the upper limit")
            XCTAssertLessThan(abs(commands[4999][j].velocity), 0.05, "slowing to a stop there")
            XCTAssertEqual(commands[9999][j].position, supervisor.model.envelopes[j].lower, accuracy: 0.01, "and on the lower one")
        }
        XCTAssertGreaterThan(supervisor.interventions.onsets(.envelope), 0)
    }

    /// A stop begins on the tick of the fault and the command is at rest within |v|/b + one period.
    func assertStops(_ supervisor: Supervisor, commands: [SafeCommand], faultTick: Int, line: UInt = #line) {
        let e = supervisor.model.envelopes
        let speed = (0..<6).map { abs(commands[faultTick - 1][$0].velocity) }
        for j in 0..<6 where speed[j] > 0 {
            XCTAssertLessThanOrEqual(abs(commands[faultTick][j].velocity), max(speed[j] - e[j].braking * dt, 0) + 1e-12,
                                     "joint \(j) brakes on the fault's tick", line: line)
            let bound = Int((speed[j] / e[j].braking / dt).rounded(.up)) + 1
            XCTAssertEqual(commands[faultTick + bound][j].velocity, 0, "joint \(j) at rest within the proven bound", line: line)
        }
    }

    func movingTarget(_ start: [Double]) -> (Int, Int) -> Double {
        { k, j in start[j] + 0.001 * Double(k) * (j % 2 == 0 ? 1 : -1) }  // 1 rad/s
    }

    func testStaleChunkBrakesHoldsAndResumes() throws {
        var (supervisor, state) = try makeSupervisor()
        let target = movingTarget(state.position)
        // Chunks stop arriving at t = 0; the timeout is 0.5 s.
        let commands = run(supervisor, &state, ticks: 1500, chunkTime: 0, target: target)
        assertStops(supervisor, commands: commands, faultTick: 501)
        XCTAssertTrue(commands[1400].torqueEnabled, "category 2 holds")
        XCTAssertNil(supervisor.fault, "a stale chunk is not latched")
        XCTAssertEqual(supervisor.interventions.onsets(.staleChunk), 1)
        // A fresh chunk: tracking resumes without a reset.
        let resumed = run(supervisor, &state, ticks: 500, from: 1500 * period, target: target)
        XCTAssertNotEqual(resumed.last![0].velocity, 0)
    }

    func testEveryFaultStopsInItsCategoryAndLatches() throws {
        let cases: [(String, InterventionReason, StopCategory, (Supervisor, inout JointState, Int64) -> Void)] = [
            ("e-stop", .eStop, .zero, { s, _, now in s.eStop(now: now) }),
            ("NaN sensor", .sensorInvalid, .one, { _, state, _ in state.position[2] = .nan }),
            ("out of range", .sensorRange, .one, { _, state, _ in state.position[2] = 3 }),
            ("encoder jump", .encoderJump, .one, { _, state, _ in state.position[2] += 0.2 }),
            ("stop request", .stopRequest, .two, { s, _, now in s.requestStop(now: now) }),
        ]
        for (name, reason, category, inject) in cases {
            var (supervisor, state) = try makeSupervisor()
            let target = movingTarget(state.position)
            var commands = run(supervisor, &state, ticks: 300, target: target)
            inject(supervisor, &state, 300 * period)
            commands += run(supervisor, &state, ticks: 600, from: 300 * period, target: target)
            XCTAssertEqual(supervisor.fault?.reason, reason, name)
            if category == .zero {
                XCTAssertFalse(commands[300].torqueEnabled, "\(name): torque off on the fault's tick")
            } else {
                assertStops(supervisor, commands: commands, faultTick: 300)
                XCTAssertEqual(commands.last!.torqueEnabled, category == .two, "\(name): category \(category.rawValue) ends \(category == .two ? "holding" : "off")")
            }
            XCTAssertEqual(supervisor.mode, .stopped(category), name)
            // Latched: fresh targets do not restart it; a reset (on a sane state) does.
            if !state.position[2].isFinite || abs(state.position[2]) > 2 { state.position[2] = 0.5 }
            XCTAssertNil(supervisor.reset(state, now: 900 * period), name)
            XCTAssertEqual(supervisor.mode, .running, name)
            XCTAssertEqual(supervisor.commands[2].position, state.position[2], accuracy: 1e-12, "\(name): restarts at the measured state")
        }
    }

    func testMissedTickAndStaleStateAreFaults() throws {
        var (supervisor, state) = try makeSupervisor()
        let target = movingTarget(state.position)
        run(supervisor, &state, ticks: 100, target: target)
        _ = supervisor.filter(state, targets: Array(repeating: JointTarget(position: 0), count: 6), now: 200 * period, chunkTime: 200 * period)
        XCTAssertEqual(supervisor.fault?.reason, .missedTick, "100 ms without a tick")

        (supervisor, state) = try makeSupervisor()
        var targets = Array(repeating: JointTarget(), count: 6)
        for j in 0..<6 { targets[j].position = state.position[j] }
        for k in 0..<40 { _ = supervisor.filter(state, targets: targets, now: Int64(k) * period, chunkTime: Int64(k) * period) }  // state.time never moves
        XCTAssertEqual(supervisor.fault?.reason, .staleState)
    }

    func testNaNCommandIsRefused() throws {
        var (supervisor, state) = try makeSupervisor()
        let start = state.position
        let commands = run(supervisor, &state, ticks: 200) { k, j in k == 100 && j == 1 ? .nan : start[j] }
        XCTAssertEqual(supervisor.fault?.reason, .invalidCommand)
        XCTAssertTrue(commands.allSatisfy { c in (0..<6).allSatisfy { c[$0].position.isFinite } }, "no NaN ever reaches the robot")
    }

    func testToolStaysInTheWorkspaceAndUnderTheCollaborativeSpeed() throws {
        var (supervisor, state) = try makeSupervisor { c in
            c.safety.workspace = (min: .init(-0.5, -0.5, 0.05), max: .init(0.5, 0.5, 0.5))
        }
        supervisor.collaborative = true
        let data = RobotModel.Data(supervisor.model.kinematics)
        var previous: Vec3?
        let start = state.position
        let commands = run(supervisor, &state, ticks: 3000) { k, j in j == 1 ? 1.5 : (j == 2 ? -1.5 : start[j]) }
        for command in commands {
            forwardKinematics(supervisor.model.kinematics, data, q: (0..<6).map { command[$0].position })
            let tool = data.framePoses[supervisor.model.toolFrame].translation
            XCTAssertGreaterThanOrEqual(tool.z, 0.05 - 1e-6, "tool stays above the workspace floor")
            if let previous { XCTAssertLessThanOrEqual((tool - previous).norm / dt, 0.25 * (1 + 1e-6), "collaborative tool speed") }
            previous = tool
        }
        XCTAssertGreaterThan(supervisor.interventions.onsets(.toolSpeed), 0)
    }

    func testTorqueLimitPullsTheTargetIn() throws {
        // A target far from the measured position would make the servo push with kp·error: the
        // command stays within limits.torque / kp (2.35 / 10 rad) of the measured position.
        var (supervisor, state) = try makeSupervisor()
        var targets = Array(repeating: JointTarget(), count: 6)
        for j in 0..<6 { targets[j].position = state.position[j] }
        targets[5].position = state.position[5] + 1.2  // gripper closing on something that holds it
        for k in 0..<2000 {
            state.time = Int64(k) * period
            let command = supervisor.filter(state, targets: targets, now: state.time, chunkTime: state.time)
            XCTAssertLessThanOrEqual(command[5].position - state.position[5], 1.02 * 1.47 / 10, "gripper limit 1.47 N·m at kp 10 (the jerk-limited approach may overshoot by a little)")
        }
        XCTAssertGreaterThan(supervisor.interventions.onsets(.torque), 0)
    }

    func testATorqueLimitedStepSettlesWithoutOscillating() throws {
        // The gripper opening: a 1 rad step, far beyond limits.torque / kp, on a servo that lags
        // (kp = 10, kd = 0.5, max_torque 2.94 N·m, armature plus jaw 0.0125 kg·m²). The target
        // is held in near the measured position while the jaw moves; its motion must not be fed
        // forward as the controller's, which once kept the jaw swinging 0.55–1.47 rad about an
        // open target of 1.
        var (supervisor, state) = try makeSupervisor()
        let start = state.position[5], goal = start + 1.0
        var targets = Array(repeating: JointTarget(), count: 6)
        for j in 0..<6 { targets[j].position = state.position[j] }
        targets[5].position = goal
        var peak = -Double.infinity, lateError = 0.0
        for k in 0..<3000 {
            state.time = Int64(k) * period
            let command = supervisor.filter(state, targets: targets, now: state.time, chunkTime: state.time)
            let torque = min(max(10 * (command[5].position - state.position[5]) - 0.5 * state.velocity[5], -2.94), 2.94)
            state.velocity[5] += torque / 0.0125 * dt
            state.position[5] += state.velocity[5] * dt
            for j in 0..<5 { state.position[j] = command[j].position }
            peak = max(peak, state.position[5])
            if k >= 2000 { lateError = max(lateError, abs(state.position[5] - goal)) }
        }
        XCTAssertLessThan(peak - goal, 0.1, "overshoot")
        XCTAssertLessThan(lateError, 0.01, "settled within 2 s")
    }

    func testSustainedOverloadIsAFault() throws {
        var (supervisor, state) = try makeSupervisor()
        var targets = Array(repeating: JointTarget(), count: 6)
        for j in 0..<6 { targets[j].position = state.position[j] }
        state.effort[1] = 2 * 2.35  // something forces the shoulder
        for k in 0..<300 {
            state.time = Int64(k) * period
            _ = supervisor.filter(state, targets: targets, now: state.time, chunkTime: state.time)
            if k < 199 { XCTAssertNil(supervisor.fault, "tolerated for 0.2 s") }
        }
        XCTAssertEqual(supervisor.fault?.reason, .overload)
        XCTAssertEqual(supervisor.fault?.joint, 1)
    }

    func testTheTickDoesNotAllocate() throws {
        var (supervisor, state) = try makeSupervisor { c in c.safety.workspace = (min: .init(-0.5, -0.5, 0.0), max: .init(0.5, 0.5, 0.5)) }
        let start = state.position
        run(supervisor, &state, ticks: 10) { _, j in start[j] }
        var targets = Array(repeating: JointTarget(), count: 6)
        var now: Int64 = 10 * period
        let allocations = countAllocations {
            for k in 0..<1000 {
                state.time = now
                for j in 0..<6 { targets[j].position = start[j] + 0.3 * sin(Double(k) * 0.01) }
                let command = supervisor.filter(state, targets: targets, now: now, chunkTime: now)
                for j in 0..<6 { state.position[j] = command[j].position }
                now += period
            }
        }
        XCTAssertEqual(allocations, 0)
    }
}
