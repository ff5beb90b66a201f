import Foundation
import Physics
import RobotModel
import Spatial
import XCTest

/// Acceptance 5: the SO-101's jaw closes on a 3 cm cube, lifts it 10 cm and holds it 5 s with
/// < 5 mm slip, by friction alone: the cube is a free body; nothing attaches it to the gripper.
final class GraspTests: XCTestCase {
    /// Joint positions putting `point` (given in the tool frame) at `target`, gripper pointing
    /// down, by damped least squares on the four arm-plane joints (position only), from `q`.
    func reach(_ robot: Model, from q: [Double], tool: Int, offset: Vec3, target: Vec3) -> [Double] {
        let data = RobotModel.Data(robot)
        var q = q
        let n = robot.dof
        for _ in 0..<200 {
            forwardKinematics(robot, data, q: q)
            let pose = data.framePoses[tool]
            let error = target - pose.act(point: offset)
            if error.norm < 1e-6 { break }
            frameJacobian(robot, data, q: q, frame: tool, in: .localWorldAligned)
            // Linear velocity of the offset point: v + ω × (R offset).
            let lever = pose.rotation * offset
            var columns: [Vec3] = []
            for j in 0..<4 {
                let v = Vec3(data.jacobian[j], data.jacobian[n + j], data.jacobian[2 * n + j])
                let w = Vec3(data.jacobian[3 * n + j], data.jacobian[4 * n + j], data.jacobian[5 * n + j])
                columns.append(v + w.cross(lever))
            }
            var jjt = Mat3.zero
            for c in columns { jjt += Mat3.outer(c, c) }
            jjt += 1e-6 * Mat3.identity
            let y = jjt.inverse * error
            for j in 0..<4 { q[j] += columns[j].dot(y) }
        }
        return q
    }

    func testSO101GraspsLiftsAndHoldsACube() throws {
        let half = 0.015
        var scene = try SceneDescription.load(contentsOf: PhysicsTestPaths.path("sim/scenes/so101_pick_place.toml"))
        let robot = try Model(urdfPath: scene.robot!.urdf)
        let tool = try XCTUnwrap(robot.frameIndex(named: "gripper_frame_link"))
        let gripper = try XCTUnwrap(robot.jointIndex(named: "gripper")) - 1
        // The tool point lies on the fixed finger's inner face; the cube's centre is half a cube
        // further across the jaws (+x of gripper_link, which is −x of the tool frame rotated by π about y).
        let data0 = RobotModel.Data(robot)
        forwardKinematics(robot, data0, q: Array(repeating: 0, count: robot.dof))
        let gripperLink = try XCTUnwrap(robot.frameIndex(named: "gripper_link"))
        let toolInGripper = data0.framePoses[gripperLink].inverseTimes(data0.framePoses[tool])
        let offset = toolInGripper.rotation.transposedTimes(Vec3(half, 0, 0))

        let cubeCentre = Vec3(0.2, 0.0, half)
        let ready = [0.0, -0.6, 0.6, 1.5, 0, 1.2]
        let open = reach(robot, from: ready, tool: tool, offset: offset, target: cubeCentre)
        let lifted = reach(robot, from: open, tool: tool, offset: offset, target: cubeCentre + Vec3(0, 0, 0.12))

        // One cube on the table where the open jaws surround it; the scene's other cubes removed.
        scene.bodies = scene.bodies.filter { $0.isStatic || $0.shape == .plane }
        scene.bodies.append(BodyDescription(name: "cube", shape: .box(halfExtents: Vec3(half, half, half)), mass: 0.03,
                                            isStatic: false, pose: Transform(translation: cubeCentre),
                                            linearVelocity: .zero, angularVelocity: .zero,
                                            material: Material(friction: 0.8), color: Vec3(0.9, 0.1, 0.1)))
        scene.robot!.initial = Dictionary(uniqueKeysWithValues: robot.jointNames.enumerated().map { ($1, open[$0]) })
        let world = try Scene(scene)
        let data = world.makeData()
        let dt = world.model.timestep
        func run(_ seconds: Double, _ each: (Double) -> Void = { _ in }) throws {
            let steps = Int(seconds / dt)
            for k in 0..<steps {
                each(Double(k + 1) / Double(steps))
                try step(data)
            }
        }
        try run(0.5)
        XCTAssertEqual(data.bodyPositions[0].z, half, accuracy: 0.001, "cube rests on the table between the open jaws")
        // Close: command past the cube so the torque-limited servo squeezes it.
        data.commands[gripper].position = -0.17
        try run(1.0)
        XCTAssertGreaterThan(data.q[gripper], 0.15, "the jaw stopped on the cube, not closed on itself")
        // Lift 12 cm along a smooth joint-space path.
        try run(1.5) { s in
            let blend = 0.5 - 0.5 * cos(Double.pi * s)
            for j in 0..<4 { data.commands[j].position = open[j] + blend * (lifted[j] - open[j]) }
        }
        try run(0.5)
        let z0 = data.bodyPositions[0].z
        XCTAssertGreaterThan(z0 - half, 0.10, "lifted at least 10 cm")
        // Hold 5 s: the cube must stay put relative to the gripper.
        func cubeInTool() -> Vec3 {
            data.updatePoses()
            let toolPose = world.model.robotBase * data.robotToolPose(tool)
            return toolPose.actInverse(point: data.bodyPositions[0])
        }
        let start = cubeInTool()
        try run(5)
        let slip = (cubeInTool() - start).norm
        XCTAssertLessThan(slip, 0.005, "slip \(slip * 1000) mm")
        XCTAssertGreaterThan(data.bodyPositions[0].z - half, 0.10)
        print("grasp: lifted \(String(format: "%.1f", (z0 - half) * 1000)) mm, slip over 5 s \(String(format: "%.3f", slip * 1000)) mm, jaw at \(data.q[gripper]) rad")
    }
}
