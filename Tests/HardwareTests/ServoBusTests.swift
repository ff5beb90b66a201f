import AllocationCounter
import Control
import Foundation
import Physics
import RobotModel
import Spatial
import XCTest

@testable import Hardware
@testable import Safety

/// Hardware in the loop: the bus driver through the real serial code on a real pseudo-terminal,
/// against the emulated servo chain whose arm is the simulator.
final class ServoBusTests: XCTestCase {
    var emulator: ServoChainEmulator?

    override func tearDown() {
        emulator?.stop()
        emulator = nil
    }

    struct Rig {
        let emulator: ServoChainEmulator
        let bus: ServoBus
        let model: Model
        let configuration: RobotConfiguration
        let link: String
    }

    /// Starts the emulated chain of `robot` and a bus on it (configured, not activated).
    func rig(_ robot: String, faults: String = "", gravity: Bool = false, timing: BusTiming = BusTiming()) throws -> Rig {
        let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/" + robot)
        let scene = try Scene(SceneDescription(
            file: "\(robot) test", gravity: gravity ? Vec3(0, 0, -9.81) : Vec3(0, 0, 0), timestep: 0.001,
            robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: []))
        let emulator = try ServoChainEmulator(configuration: configuration, scene: scene, faults: try FaultSpec(parsing: faults), seed: 3)
        let link = NSTemporaryDirectory() + "embody-bus-\(UUID().uuidString.prefix(8))"
        try emulator.open(link: link)
        emulator.start()
        self.emulator = emulator
        let bus = try ServoBus(configuration: configuration, model: model, port: link,
                               calibration: try emulator.matchingCalibration(), timing: timing)
        return Rig(emulator: emulator, bus: bus, model: model, configuration: configuration, link: link)
    }

    func command(_ positions: [Double], torque: Bool = true, stopping: Bool = false) -> SafeCommand {
        var command = SafeCommand(count: positions.count, time: 0, torqueEnabled: torque, stopping: stopping)
        for (i, q) in positions.enumerated() { command.set(JointTarget(position: q), mode: .position, at: i) }
        return command
    }

    /// Runs bus cycles (read, then write `target`) for `seconds`.
    func cycles(_ bus: ServoBus, _ state: inout JointState, target: [Double], seconds: Double) throws {
        let end = monotonicNanoseconds() + UInt64(seconds * 1e9)
        let goal = command(target)
        while monotonicNanoseconds() < end {
            try bus.read(into: &state)
            try bus.write(goal)
        }
    }

    func testFeetechArmFollowsCommandsAndReadsBack() throws {
        let rig = try rig("so101")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        try rig.bus.read(into: &state)
        for i in 0..<6 { XCTAssertEqual(state.position[i], 0, accuracy: 0.01, "starts at the calibration pose: \(rig.bus.jointNames[i])") }

        let target = [0.3, -0.4, 0.5, 0.2, -0.6, 0.8]
        try cycles(rig.bus, &state, target: target, seconds: 1.5)
        for i in 0..<6 {
            XCTAssertEqual(state.position[i], target[i], accuracy: 0.02, rig.bus.jointNames[i])
            XCTAssertEqual(rig.emulator.data.q[i], target[i], accuracy: 0.02, "the simulated arm moved: \(rig.bus.jointNames[i])")
        }
        XCTAssertGreaterThan(rig.bus.statistics.cycles, 100)
    }

    /// A servo takes no velocity reference, so the goal leads the command's position by the
    /// velocity times kd/kp of the joint's servo: the servo then gives the simulator's torque.
    func testTheGoalLeadsThePositionByTheVelocityTimesKdOverKp() throws {
        let rig = try rig("so101")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        try rig.bus.read(into: &state)
        var command = SafeCommand(count: 6, time: 0, torqueEnabled: true)
        let velocities = [1.0, -2.0, 0, 0, 0, 0]
        for i in 0..<6 { command.set(JointTarget(position: 0.2, velocity: velocities[i]), mode: .position, at: i) }
        try rig.bus.write(command)
        try rig.bus.read(into: &state)  // answered after the emulator has taken the write
        for i in 0..<6 {
            let joint = rig.configuration.joints[i]
            XCTAssertEqual(joint.kd / joint.kp, 0.05, joint.name)
            let servo = rig.emulator.servos[i]
            XCTAssertEqual(servo.value(servo.table.goalPosition), rig.bus.mappings[i].ticks(position: 0.2 + 0.05 * velocities[i]), joint.name)
        }
        XCTAssertNotEqual(rig.bus.mappings[0].ticks(position: 0.25), rig.bus.mappings[0].ticks(position: 0.2))
    }

    func testDynamixelArmAndPrismaticGripper() throws {
        let rig = try rig("open_manipulator_x")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 5)
        let target = [0.4, -0.3, 0.3, 0.5, 0.012]  // the gripper in metres
        try cycles(rig.bus, &state, target: target, seconds: 1.5)
        for i in 0..<4 { XCTAssertEqual(state.position[i], target[i], accuracy: 0.02, rig.bus.jointNames[i]) }
        // The simulated finger settles ~2 mm past its goal (a plant effect: the same with the SDK), so 3 mm.
        XCTAssertEqual(state.position[4], 0.012, accuracy: 0.004, "gripper")
        let gripper = rig.model.jointIndex(named: "gripper")! - 1
        XCTAssertEqual(rig.emulator.data.q[gripper], 0.012, accuracy: 0.004, "the simulated finger moved")
    }

    func testBusCycleAllocatesNothing() throws {
        let rig = try rig("so101")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        let goal = command([0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
        for _ in 0..<20 {
            try rig.bus.read(into: &state)
            try rig.bus.write(goal)
        }
        var failure: Error?
        let allocations = countAllocations {
            for _ in 0..<200 {
                do {
                    try rig.bus.read(into: &state)
                    try rig.bus.write(goal)
                } catch {
                    failure = error
                    return
                }
            }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(allocations, 0, "sync read + sync write must not touch the heap")
    }

    func testTorqueOffOnStopAndBackOn() throws {
        let rig = try rig("so101")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        try rig.bus.read(into: &state)
        try rig.bus.write(command(state.position, torque: false))
        usleep(20_000)
        XCTAssertEqual(rig.emulator.data.torqueEnabled.prefix(6).filter { $0 }.count, 0, "a category-0 stop de-energises every servo")
        try rig.bus.read(into: &state)
        try rig.bus.write(command(state.position))
        usleep(20_000)
        XCTAssertEqual(rig.emulator.data.torqueEnabled.prefix(6).filter { $0 }.count, 6)
    }

    func testOverloadBecomesANamedFault() throws {
        let rig = try rig("so101", faults: "overload=3@0.4")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        XCTAssertThrowsError(try cycles(rig.bus, &state, target: [0, 0, 0, 0, 0, 0], seconds: 3)) { error in
            XCTAssertEqual("\(error)", "servo 3 (elbow_flex): overload")
        }
        XCTAssertEqual(rig.bus.lifecycle, .error("servo 3 (elbow_flex): overload"))
    }

    func testDynamixelOverloadIsReadFromTheHardwareErrorRegister() throws {
        let rig = try rig("open_manipulator_x", faults: "overload=13@0.4")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 5)
        XCTAssertThrowsError(try cycles(rig.bus, &state, target: [0, 0, 0, 0, 0], seconds: 3)) { error in
            XCTAssertEqual("\(error)", "servo 13 (joint3): overload")
        }
    }

    func testSilentServoStopsTheBusWithinTheSilenceLimit() throws {
        let rig = try rig("so101", faults: "silent=2@0.4")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        XCTAssertThrowsError(try cycles(rig.bus, &state, target: [0, 0, 0, 0, 0, 0], seconds: 3)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("servo 2 (shoulder_lift): no answer for "), text)
            // The error reports how long the servo had been silent when the bus gave up.
            let silence = Int(text.split(separator: " ").dropLast().last ?? "") ?? 1000
            XCTAssertGreaterThanOrEqual(silence, 20)
            XCTAssertLessThan(silence, 50, "a silent servo must stop the loop within 50 ms")
        }
        XCTAssertEqual(rig.bus.lifecycle, .error("servo 2 (shoulder_lift): no answer for \(rig.bus.lifecycle == .active ? 0 : silenceIn(rig.bus.lifecycle)) ms"))
    }

    func testAFaultedBusStillPassesTheSupervisorsStopToTheServosThatAnswer() throws {
        let rig = try rig("so101", faults: "silent=2@0.3")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        XCTAssertThrowsError(try cycles(rig.bus, &state, target: [0, 0, 0, 0, 0, 0], seconds: 3))
        // Ordinary commands are refused in the error state; the stop's braking goals are not.
        XCTAssertThrowsError(try rig.bus.write(command([0.3, 0, 0, 0, 0, 0])))
        XCTAssertNoThrow(try rig.bus.write(command([0.3, 0, 0, 0, 0, 0], stopping: true)))
        usleep(300_000)
        XCTAssertEqual(rig.emulator.data.q[0], 0.3, accuracy: 0.05, "servo 1 still answers and took the stop's goal")
        // Then the category-1 stop switches the torque off: also accepted.
        XCTAssertNoThrow(try rig.bus.write(command([0.3, 0, 0, 0, 0, 0], torque: false, stopping: true)))
        usleep(20_000)
        XCTAssertFalse(rig.emulator.data.torqueEnabled[0])
    }

    func silenceIn(_ lifecycle: RobotLifecycle) -> Int {
        guard case .error(let text) = lifecycle else { return -1 }
        return Int(text.split(separator: " ").dropLast().last ?? "") ?? -1
    }

    func testVanishedPortNamesThePort() throws {
        let rig = try rig("so101", faults: "vanish=0.4")
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        XCTAssertThrowsError(try cycles(rig.bus, &state, target: [0, 0, 0, 0, 0, 0], seconds: 3)) { error in
            let e = error as? SerialPortError
            XCTAssertEqual(e?.kind, .disconnected)
            XCTAssertTrue("\(error)".hasPrefix(rig.link), "\(error)")
        }
        if case .error(let message) = rig.bus.lifecycle { XCTAssertTrue(message.contains(rig.link)) } else { XCTFail("\(rig.bus.lifecycle)") }
    }

    func testCorruptedBytesAreRetriedAndCounted() throws {
        // 1 % of bytes garbled in both directions: about one exchange in six needs a retry.
        let rig = try rig("so101", faults: "corrupt=0.01", timing: BusTiming(setupAttempts: 8))
        // Set-up exchanges may be garbled too: they retry on their own.
        try rig.bus.configure()
        try rig.bus.activate()
        var state = JointState(joints: 6)
        try cycles(rig.bus, &state, target: [0.2, 0, 0, 0, 0, 0], seconds: 1.0)
        XCTAssertGreaterThan(rig.bus.statistics.retries, 0)
        XCTAssertGreaterThan(rig.bus.statistics.corruptedPackets + rig.bus.statistics.timeouts, 0)
        XCTAssertEqual(state.position[0], 0.2, accuracy: 0.03)
    }

    func testWrongCalibrationIsRefusedBeforeTouchingTheBus() throws {
        let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/so101")
        var calibration = Calibration(joints: [:], file: "x.json")
        for joint in configuration.joints {
            calibration.joints[joint.name] = .init(id: joint.servoID!, homingOffset: 0, rangeMin: 0, rangeMax: 4095)
        }
        calibration.joints["wrist_flex"]?.homingOffset = 2100
        XCTAssertThrowsError(try ServoBus(configuration: configuration, model: model, port: "/nonexistent", calibration: calibration)) {
            XCTAssertTrue("\($0)".hasPrefix("x.json: \"wrist_flex\" homing_offset: 2100 is beyond what the STS3215 stores (±2047)"), "\($0)")
        }
    }

    func testMissingPortIsReportedByConfigure() throws {
        let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/so101")
        var calibration = Calibration(joints: [:])
        for joint in configuration.joints {
            calibration.joints[joint.name] = .init(id: joint.servoID!, homingOffset: 0, rangeMin: 0, rangeMax: 4095)
        }
        let bus = try ServoBus(configuration: configuration, model: model, port: "/tmp/embody-no-such-port", calibration: calibration)
        XCTAssertThrowsError(try bus.configure()) { XCTAssertEqual(($0 as? SerialPortError)?.kind, .notFound) }
    }
}
