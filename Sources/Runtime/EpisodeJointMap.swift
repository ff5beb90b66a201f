import Control
import RobotModel

/// How a robot interface's joints sit in the kinematic model the controller works in. A bus has
/// one servo per actuated joint, while the URDF may add mimic joints (OpenMANIPULATOR-X's second
/// finger follows the first): the model's positions are the servos' plus each mimic computed from
/// its master, and the controller's commands go back to the servos by index. The simulator
/// exposes every model joint, so its map is the identity.
struct EpisodeJointMap {
    /// Model joint index (0-based) of each robot joint.
    let modelIndex: [Int]
    /// Mimic joints: model index, its master's model index, multiplier and offset.
    let mimics: [(joint: Int, master: Int, multiplier: Double, offset: Double)]
    let modelDOF: Int

    static func identity(_ dof: Int) -> EpisodeJointMap {
        EpisodeJointMap(modelIndex: Array(0..<dof), mimics: [], modelDOF: dof)
    }

    /// The map of `robotJoints` into `model`; throws when a robot joint is not in the model or a
    /// model joint is neither a robot joint nor a mimic of one.
    init(robotJoints: [String], model: Model) throws {
        let names = model.jointNames
        var index: [Int] = []
        for name in robotJoints {
            guard let j = names.firstIndex(of: name) else { throw ControllerError("the model has no joint \"\(name)\"") }
            index.append(j)
        }
        var mimics: [(Int, Int, Double, Double)] = []
        for (j, name) in names.enumerated() where !index.contains(j) {
            guard let mimic = model.jointInfo[j + 1].mimic, let master = names.firstIndex(of: mimic.joint), index.contains(master) else {
                throw ControllerError("the model's joint \"\(name)\" is not driven by the robot (no servo, not a mimic of one)")
            }
            mimics.append((j, master, mimic.multiplier, mimic.offset))
        }
        self.init(modelIndex: index, mimics: mimics, modelDOF: names.count)
    }

    private init(modelIndex: [Int], mimics: [(joint: Int, master: Int, multiplier: Double, offset: Double)], modelDOF: Int) {
        self.modelIndex = modelIndex
        self.mimics = mimics
        self.modelDOF = modelDOF
    }

    /// Model positions from the robot's (allocation-free: `model` is sized `modelDOF`).
    func expand(_ robot: [Double], into model: inout [Double]) {
        for i in 0..<modelIndex.count { model[modelIndex[i]] = robot[i] }
        for m in mimics { model[m.joint] = m.multiplier * model[m.master] + m.offset }
    }
}
