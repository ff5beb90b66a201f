import Foundation
import Physics
import RobotModel
import Spatial

/// The heading of the jaw axis about the vertical (rad, robot base frame), the quantity a yaw
/// target sets: the `tool` column's fourth value. Same axis as the controller's profile for the
/// shipped arms (Runtime's ManipulatorProfile, which is internal there): SO-101's jaws close along
/// gripper_link's +x, OpenMANIPULATOR-X's along end_effector_link's +y. Other robots get NaN.
final class ToolHeading {
    private let model: Model
    private let data: RobotModel.Data
    private let frame: Int?
    private let axis: Vec3
    private var positions: [Double]

    init(_ model: Model) {
        self.model = model
        data = RobotModel.Data(model)
        positions = Array(repeating: 0, count: model.dof)
        switch model.name {
        case "so101": (frame, axis) = (model.frameIndex(named: "gripper_link"), Vec3(1, 0, 0))
        case "open_manipulator_x": (frame, axis) = (model.frameIndex(named: "end_effector_link"), Vec3(0, 1, 0))
        default: (frame, axis) = (nil, .zero)
        }
    }

    /// The heading for the world's true joint positions (as the observation's tool position).
    func yaw(_ world: WorldData) -> Double { yaw(jointPositions: world.q) }

    /// The heading for joint positions in model order (a bus's measured joints).
    func yaw(jointPositions q: [Double]) -> Double {
        guard let frame else { return .nan }
        for i in 0..<positions.count { positions[i] = i < q.count ? q[i] : 0 }
        forwardKinematics(model, data, q: positions)
        let jaw = data.framePoses[frame].rotation * axis
        return atan2(jaw.y, jaw.x)
    }
}

/// A jaw heading reduced to [−π/4, π/4): the controller turns the jaws to a yaw target modulo a
/// quarter turn (a cube can be taken across either pair of faces, whichever is nearer), so all
/// four headings are the same command.
public func quarterTurnYaw(_ yaw: Double) -> Double {
    guard yaw.isFinite else { return yaw }
    let quarter = Double.pi / 2
    var reduced = yaw - (yaw / quarter).rounded(.down) * quarter  // [0, π/2)
    if reduced >= quarter / 2 { reduced -= quarter }
    return reduced
}

/// The heading equivalent to `yaw` (modulo a quarter turn) nearest `reference`: the same command
/// for the controller, and a label at most π/4 from the current heading, so a model that predicts
/// yaw relative to the tool (training/model.py) never sees a wrapped difference.
public func nearestEquivalentYaw(_ yaw: Double, to reference: Double) -> Double {
    reference + quarterTurnYaw(yaw - reference)
}
