import Control
import RobotModel
import Spatial

/// Per-robot settings of the manipulation controller for the shipped arms: which link is the
/// tool, where between the jaws an object sits, which way the tool points, and the gripper's
/// open and closed commands (closed is past contact, so the servo's torque limit sets the grip).
enum ManipulatorProfile {
    static func named(_ name: String, model: Model) throws -> ManipulationController.Configuration {
        switch name {
        case "so101":
            // The tool frame lies on the fixed finger's inner face; a 3 cm cube's centre is 15 mm
            // across the jaws, along gripper_link's +x. The controlled point is 10 mm further, so the
            // fixed finger descends beside the cube with clearance; closing pushes the cube onto it.
            // The open jaw clears a cube from 1 rad, so the cube may sit 20 mm off toward it; toward
            // the fixed finger only the clearance is margin. At 5 mm, a descent 8 mm off (or 5 mm
            // with the jaws 20° off the cube's faces) put the finger on the cube's top every time;
            // at 10 mm the scripted expert still picks then (BENCHMARKS.md, "The grasp window").
            let data = RobotModel.Data(model)
            forwardKinematics(model, data, q: Array(repeating: 0, count: model.dof))
            guard let tool = model.frameIndex(named: "gripper_frame_link"),
                  let gripper = model.frameIndex(named: "gripper_link") else {
                throw ControllerError("so101: missing gripper_link or gripper_frame_link")
            }
            let toolInGripper = data.framePoses[gripper].inverseTimes(data.framePoses[tool])
            let across = toolInGripper.rotation.transposedTimes(Vec3(1, 0, 0))
            return .init(toolFrame: "gripper_frame_link", graspOffset: 0.025 * across, approachAxis: .unitZ, jawAxis: across, controlsYaw: true,
                         gripperJoint: "gripper", gripperOpen: 1.0, gripperClosed: -0.17)
        case "open_manipulator_x":
            // end_effector_link is at the finger tips, on the gripper's axis (+x of link5); the
            // object's centre sits 12 mm back, so the tips stop 3 mm above the table under a 3 cm
            // cube. The fingers are prismatic, −10…19 mm.
            return .init(toolFrame: "end_effector_link", graspOffset: Vec3(-0.012, 0, 0), approachAxis: .unitX, jawAxis: .unitY, controlsYaw: false,
                         gripperJoint: "gripper", gripperOpen: 0.019, gripperClosed: -0.010)
        default:
            throw ControllerError("no manipulation profile for robot \"\(name)\" (known: so101, open_manipulator_x)")
        }
    }
}
