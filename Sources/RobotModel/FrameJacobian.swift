import Spatial

/// The frame in which a Jacobian's rows are expressed.
public enum JacobianFrame: Sendable {
    /// The frame's own axes, at its origin (Pinocchio's `LOCAL`).
    case local
    /// World axes, at the frame's origin (Pinocchio's `LOCAL_WORLD_ALIGNED`): what Cartesian
    /// end-effector control wants.
    case localWorldAligned
}

/// The 6 × dof Jacobian mapping joint velocities to the spatial velocity of `frame`, computing
/// only the kinematics of the chain that supports it. Result: `data.jacobian`, row-major, rows
/// (linear xyz, angular xyz); `data.framePoses[frame]` is updated too.
public func frameJacobian(_ model: Model, _ data: Data, q: [Double], frame: Int, in reference: JacobianFrame) {
    precondition(q.count == model.dof, "q needs \(model.dof) entries")
    let n = model.dof
    let target = model.frames[frame]
    data.frameJacobian.update(repeating: 0, count: 6 * n)
    model.joints.withUnsafeBufferPointer { joints in
        let chain = model.supports[target.parentJoint]
        for k in 0..<chain.count {
            let i = chain[k]
            let local = joints[i].pose(q[i - 1])
            data.parentFromJoint[i] = local
            data.worldFromJoint[i] = data.worldFromJoint[joints[i].parent] * local
        }
        let pose = data.worldFromJoint[target.parentJoint] * target.placement
        data.worldFromFrame[frame] = pose
        let origin = pose.translation
        let jac = data.frameJacobian
        for k in 0..<chain.count {
            let i = chain[k]
            // Joint i's unit motion in world axes at the world origin, then shifted to the frame origin.
            let s = data.worldFromJoint[i].act(joints[i].subspace())
            var linear = s.linear + s.angular.cross(origin)
            var angular = s.angular
            if reference == .local {
                linear = pose.rotation.transposedTimes(linear)
                angular = pose.rotation.transposedTimes(angular)
            }
            let c = i - 1
            jac[c] = linear.x; jac[n + c] = linear.y; jac[2 * n + c] = linear.z
            jac[3 * n + c] = angular.x; jac[4 * n + c] = angular.y; jac[5 * n + c] = angular.z
        }
    }
}
