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
}
