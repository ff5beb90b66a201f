import AllocationCounter
import Control
import Foundation
import RobotModel
import Spatial
import XCTest

final class ManipulationControllerTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func so101() throws -> Model { try Model(urdfPath: Self.root.appendingPathComponent("robots/so101/robot.urdf").path) }

    func testIKReachesAPointWithTheToolPointingDownAndTheJawsTurned() throws {
        let model = try so101()
        let frame = try XCTUnwrap(model.frameIndex(named: "gripper_frame_link"))
        let arm = [0, 1, 2, 3, 4]
        let ik = try DifferentialIK(model: model, frame: frame, joints: arm, toolAxis: .unitZ, jawAxis: .unitX, orientationWeight: 0.5)
        var q = [0.0, -0.6, 0.6, 1.5, 0, 0]
        let target = Vec3(0.2, -0.05, 0.04)
        let error = ik.solve(&q, target: target, approach: Vec3(0, 0, -1), yaw: 0.4, tolerance: 1e-6, iterations: 300)
        XCTAssertLessThan(error, 1e-4)
        let data = RobotModel.Data(model)
        forwardKinematics(model, data, q: q)
        let pose = data.framePoses[frame]
        XCTAssertGreaterThan((pose.rotation * Vec3.unitZ).dot(Vec3(0, 0, -1)), 0.999, "tool points down")
        let jaw = pose.rotation * Vec3.unitX
        var heading = atan2(jaw.y, jaw.x) - 0.4
        heading -= (heading / (Double.pi / 2)).rounded() * (Double.pi / 2)
        XCTAssertLessThan(abs(heading), 0.01, "jaw axis at the requested heading (mod a quarter turn)")
        for (j, range) in model.jointInfo.dropFirst().map(\.positionRange).enumerated() {
            XCTAssertTrue(range.contains(q[j]), "joint \(j) inside its limits")
        }
    }

    func openManipulator() throws -> Model {
        try Model(urdfPath: Self.root.appendingPathComponent("robots/open_manipulator_x/robot.urdf").path)
    }

    /// The OpenMANIPULATOR-X's IK, from the scene's ready pose (tool pointing down).
    func openManipulatorIK(orientationWeight: Double) throws -> (DifferentialIK, [Double]) {
        let model = try openManipulator()
        let frame = try XCTUnwrap(model.frameIndex(named: "end_effector_link"))
        let ik = try DifferentialIK(model: model, frame: frame, joints: [0, 1, 2, 3], pointOffset: Vec3(-0.012, 0, 0),
                                    toolAxis: .unitX, jawAxis: .unitY, orientationWeight: orientationWeight)
        return (ik, [0, 0, 0, 1.5, 0, 0])
    }

    func toolTilt(_ ik: DifferentialIK, _ q: [Double]) -> Double {
        let data = RobotModel.Data(ik.model)
        forwardKinematics(ik.model, data, q: q)
        return acos(-(data.framePoses[ik.frame].rotation * ik.toolAxis).z)
    }

    /// Where a push to the left of a cube far out on the right starts: level with the cube's
    /// centre, 4.5 cm to its right (robot base frame). The OpenMANIPULATOR-X's tool pitch is the
    /// sum of three pitch joints and its elbow reaches its limit there: it cannot point down.
    let farPushStart = Vec3(0.2, -0.19, -0.002)

    func testIKWithALowOrientationWeightTiltsTheToolToReachAPointItCannotReachPointingDown() throws {
        let (ik, start) = try openManipulatorIK(orientationWeight: 0.01)
        var q = start
        XCTAssertLessThan(ik.solve(&q, target: farPushStart, approach: Vec3(0, 0, -1), tolerance: 0, iterations: 500), 5e-4)
        XCTAssertGreaterThan(toolTilt(ik, q), 0.1, "the tool tilts")
        XCTAssertLessThan(toolTilt(ik, q), 0.3, "about as much as the reach needs")
        let (stiff, _) = try openManipulatorIK(orientationWeight: 0.3)
        var held = start
        XCTAssertGreaterThan(stiff.solve(&held, target: farPushStart, approach: Vec3(0, 0, -1), tolerance: 0, iterations: 500), 0.01,
                             "a heavily weighted orientation keeps the tool down and stops short")
    }

    func testIKWithALowOrientationWeightStillTurnsTheToolDownWhereItCan() throws {
        let (ik, start) = try openManipulatorIK(orientationWeight: 0.01)
        var q = start
        q[3] = 1.2  // 0.3 rad off vertical
        let target = Vec3(0.17, 0.05, 0.03)
        for _ in 0..<10 { ik.update(&q, target: target, approach: Vec3(0, 0, -1)) }
        XCTAssertLessThan(toolTilt(ik, q), 0.01, "turned down within 10 ticks")
        XCTAssertLessThan((ik.pointPosition(q) - target).norm, 1e-4)
    }

    func testControllerTiltsTheToolOnlyWithTheJawsClosed() throws {
        let model = try openManipulator()
        let configuration = ManipulationController.Configuration(
            toolFrame: "end_effector_link", graspOffset: Vec3(-0.012, 0, 0), approachAxis: .unitX, jawAxis: .unitY, controlsYaw: false,
            gripperJoint: "gripper", gripperOpen: 0.019, gripperClosed: -0.010)
        let q = [0, 0, 0, 1.5, 0, 0.0]
        for (gripper, reaches) in [(0.0, false), (1.0, true)] {
            let controller = try ManipulationController(model: model, configuration: configuration, initial: q)
            controller.follow(Waypoint(time: 0, position: farPushStart, gripper: gripper))
            for _ in 0..<3000 { controller.tick(dt: 0.001) }
            let miss = (controller.toolPosition(controller.jointTargets) - farPushStart).norm
            if reaches { XCTAssertLessThan(miss, 1e-3, "jaws closed (pushing): the tool tilts and arrives") }
            else { XCTAssertGreaterThan(miss, 0.01, "jaws open (about to grasp): the tool stays square") }
        }
    }

    func testControllerTickIsAllocationFreeAndFollowsTheReference() throws {
        let model = try so101()
        let frame = try XCTUnwrap(model.frameIndex(named: "gripper_frame_link"))
        _ = frame
        let configuration = ManipulationController.Configuration(
            toolFrame: "gripper_frame_link", graspOffset: .zero, approachAxis: .unitZ, jawAxis: .unitX, controlsYaw: true,
            gripperJoint: "gripper", gripperOpen: 1, gripperClosed: -0.17, speed: 0.2, acceleration: 1)
        let q = [0.0, -0.6, 0.6, 1.5, 0, 0]
        let controller = try ManipulationController(model: model, configuration: configuration, initial: q,
                                                    servoStiffness: [10, 10, 10, 10, 10, 10])
        let start = controller.toolPosition(q)
        let goal = start + Vec3(0.02, 0.03, -0.02)
        controller.follow(Waypoint(time: 0, position: goal, gripper: 1, yaw: 0.2))
        for _ in 0..<100 { controller.tick(dt: 0.001) }
        var durations: [UInt64] = []
        durations.reserveCapacity(1000)
        let allocations = countAllocations {
            for _ in 0..<1000 {
                let t0 = DispatchTime.now().uptimeNanoseconds
                controller.tick(dt: 0.001)
                durations.append(DispatchTime.now().uptimeNanoseconds - t0)
            }
        }
        XCTAssertEqual(allocations, 0, "the 1 kHz tick must not allocate")
        for _ in 0..<2000 { controller.tick(dt: 0.001) }
        XCTAssertLessThan((controller.toolPosition(controller.jointTargets) - goal).norm, 1e-3, "the references reach the goal")
        XCTAssertEqual(controller.jointTargets[5], -0.17, "gripper commanded closed")
        // Gravity offsets: commands differ from references by g(q)/kp on the loaded joints.
        XCTAssertGreaterThan(abs(controller.servoCommands[1] - controller.jointTargets[1]), 1e-4)
        durations.sort()
        print("controller tick (debug build): median \(Double(durations[durations.count / 2]) / 1000) µs")
    }

    /// The move to a ready pose: every joint reference (gripper included) travels in joint space
    /// without allocating, tool targets wait until it has arrived and it holds meanwhile, and the
    /// first tool target afterwards starts from where the move left the tool.
    func testMoveJointsReachesThePoseHoldsItAndThenHandsOverToTheToolTarget() throws {
        let model = try so101()
        let configuration = ManipulationController.Configuration(
            toolFrame: "gripper_frame_link", graspOffset: .zero, approachAxis: .unitZ, jawAxis: .unitX, controlsYaw: true,
            gripperJoint: "gripper", gripperOpen: 1, gripperClosed: -0.17)
        let sagged = [0.002, -0.578, 0.640, 1.502, 0.0, 0.1]
        let ready = [0.0, -0.6, 0.6, 1.5, 0.0, 0.0]
        let controller = try ManipulationController(model: model, configuration: configuration, initial: sagged,
                                                    servoStiffness: [10, 10, 10, 10, 10, 10])
        controller.tick(dt: 0.002)  // a controller's first tick allocates its lazy buffers, move or not
        controller.moveJoints(to: ready, speed: 0.5)
        let duration = controller.jointMoveDuration
        XCTAssertGreaterThan(duration, 0.04 / 0.5, "no joint faster than 0.5 rad/s")
        XCTAssertLessThan(duration, 1)
        let early = controller.toolPosition(sagged) + Vec3(0, 0.05, 0)
        controller.follow(Waypoint(time: 0, position: early, gripper: 1))  // ignored: the move has not arrived
        var steps = 0
        let allocations = countAllocations {
            while Double(steps) * 0.002 < duration + 0.2 {
                controller.tick(dt: 0.002)
                steps += 1
            }
        }
        XCTAssertEqual(allocations, 0, "the move's ticks must not allocate")
        for i in 0..<6 { XCTAssertEqual(controller.jointTargets[i], ready[i], accuracy: 1e-9, "joint \(i) arrived and holds") }
        XCTAssertGreaterThan(abs(controller.servoCommands[1] - ready[1]), 1e-4, "gravity offsets still apply")

        let readyTool = controller.toolPosition(ready)
        XCTAssertGreaterThan((controller.target - early).norm, 0.04, "the tool target sent during the move was ignored")
        let goal = readyTool + Vec3(0.02, -0.02, -0.02)
        controller.follow(Waypoint(time: 0, position: goal, gripper: 0))
        controller.tick(dt: 0.002)
        XCTAssertLessThan((controller.reference - readyTool).norm, 1e-4, "the tool reference starts where the move left the tool")
        for _ in 0..<1500 { controller.tick(dt: 0.002) }
        XCTAssertLessThan((controller.toolPosition(controller.jointTargets) - goal).norm, 1e-3, "then follows the tool target")
        XCTAssertEqual(controller.jointTargets[5], 1, "gripper opened")
    }
}
