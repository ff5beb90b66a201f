import Spatial

/// The joint-space mass matrix `M(q)` by the composite-rigid-body algorithm.
/// Result: `data.massMatrix`, row-major, both triangles filled (and `data.jointPoses`).
///
/// Works in world coordinates (as Pinocchio's CRBA does): with every composite inertia and joint
/// axis expressed in one frame, entry `M[j][i]` is the dot product of joint j's world axis with
/// the force `Yᶜ_i S_i`, instead of carrying that force up the chain one transform per ancestor.
public func crba(_ model: Model, _ data: Data, q: [Double]) {
    precondition(q.count == model.dof, "q needs \(model.dof) entries")
    let n = model.dof
    let axes = data.biasAcceleration  // each joint's unit motion in world coordinates
    let composite = data.compositeInertia
    model.joints.withUnsafeBufferPointer { joints in
        for i in 1..<joints.count {
            let joint = joints[i]
            let pose = data.worldFromJoint[joint.parent] * joint.pose(q[i - 1])
            data.worldFromJoint[i] = pose
            axes[i] = pose.act(joint.subspace())
            composite[i] = OriginInertia(joint.body.transformed(by: pose))
        }
        // Children have larger indices than their parents, so walking backwards completes each
        // composite body before its column of M is needed.
        for i in stride(from: joints.count - 1, to: 0, by: -1) {
            let f = composite[i] * axes[i]
            var j = i
            while j > 0 {
                let mij = axes[j].dot(f)
                data.mass[(i - 1) * n + (j - 1)] = mij
                data.mass[(j - 1) * n + (i - 1)] = mij
                j = joints[j].parent
            }
            let parent = joints[i].parent
            if parent > 0 { composite[parent].add(composite[i]) }
        }
    }
}
