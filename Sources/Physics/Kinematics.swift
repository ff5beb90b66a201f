import RobotModel
import Spatial

/// Stage 1 of a step: robot forward kinematics and the world pose of every geom.
func updateGeomPoses(_ data: WorldData) {
    let model = data.model
    if let robot = model.robot, let robotData = data.robotData {
        forwardKinematics(robot, robotData, q: data.q)
    }
    model.geoms.withUnsafeBufferPointer { geoms in
        for g in 0..<geoms.count {
            let geom = geoms[g]
            switch geom.owner {
            case .world:
                data.geomPoses[g] = geom.placement
            case .body(let k):
                data.geomPoses[g] = data.bodyPose(k) * geom.placement
            case .robot(let joint):
                let jointPose = data.robotData!.jointPoses[joint]
                data.geomPoses[g] = model.robotBase * jointPose * geom.placement
            }
        }
    }
}

extension WorldData {
    /// Recomputes geom poses (and robot kinematics) from the current state, e.g. after setting
    /// `q` or a body pose, so that rendering sees the new state before the next step.
    public func updatePoses() { updateGeomPoses(self) }
}

extension WorldData {
    /// Pose of robot frame `frame` (a URDF link) in the robot base frame, from the last pose update.
    public func robotToolPose(_ frame: Int) -> Transform {
        robotData?.framePoses[frame] ?? .identity
    }
}
