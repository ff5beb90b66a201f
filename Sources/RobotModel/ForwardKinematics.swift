import Spatial

/// Places every joint and every frame (URDF link) in the world for positions `q`.
/// Results: `data.jointPoses`, `data.framePoses`.
public func forwardKinematics(_ model: Model, _ data: Data, q: [Double]) {
    precondition(q.count == model.dof, "q has \(q.count) entries, the model has \(model.dof) joints")
    model.joints.withUnsafeBufferPointer { joints in
        for i in 1..<joints.count {
            let joint = joints[i]
            let local = joint.pose(q[i - 1])
            data.parentFromJoint[i] = local
            data.worldFromJoint[i] = data.worldFromJoint[joint.parent] * local
        }
    }
    model.frames.withUnsafeBufferPointer { frames in
        for f in 0..<frames.count {
            data.worldFromFrame[f] = data.worldFromJoint[frames[f].parentJoint] * frames[f].placement
        }
    }
}
