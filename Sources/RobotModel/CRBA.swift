import Spatial

/// The joint-space mass matrix `M(q)` by the composite-rigid-body algorithm.
/// Result: `data.massMatrix`, row-major, both triangles filled.
public func crba(_ model: Model, _ data: Data, q: [Double]) {
    precondition(q.count == model.dof, "q needs \(model.dof) entries")
    let n = model.dof
    model.joints.withUnsafeBufferPointer { joints in
        for i in 1..<joints.count {
            data.parentFromJoint[i] = joints[i].pose(q[i - 1])
            data.compositeInertia[i] = joints[i].body
        }
        // Children have larger indices than their parents, so walking backwards finishes each
        // composite body before its column of M is needed.
        for i in stride(from: joints.count - 1, to: 0, by: -1) {
            let joint = joints[i]
            let composite = data.compositeInertia[i]
            var f = composite * joint.subspace()
            data.mass[(i - 1) * n + (i - 1)] = joint.project(f)
            var j = i
            while joints[j].parent > 0 {
                f = data.parentFromJoint[j].act(f)
                j = joints[j].parent
                let mij = joints[j].project(f)
                data.mass[(i - 1) * n + (j - 1)] = mij
                data.mass[(j - 1) * n + (i - 1)] = mij
            }
            if joint.parent > 0 {
                data.compositeInertia[joint.parent] += composite.transformed(by: data.parentFromJoint[i])
            }
        }
    }
}
