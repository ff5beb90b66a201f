import Spatial

/// Inverse dynamics by the recursive Newton–Euler algorithm: the torques `τ = M(q) a + C(q, v) v + g(q)`
/// that produce accelerations `a`. Result: `data.tau`.
public func rnea(_ model: Model, _ data: Data, q: [Double], v: [Double], a: [Double]) {
    precondition(q.count == model.dof && v.count == model.dof && a.count == model.dof, "q, v, a need \(model.dof) entries")
    data.velocity[0] = .zero
    data.acceleration[0] = Motion(linear: -model.gravity, angular: .zero)
    model.joints.withUnsafeBufferPointer { joints in
        for i in 1..<joints.count {
            let joint = joints[i]
            let p = joint.parent
            let local = joint.pose(q[i - 1])
            data.parentFromJoint[i] = local
            let jointVelocity = joint.motion(v[i - 1])
            let vi = local.actInverse(data.velocity[p]) + jointVelocity
            let ai = local.actInverse(data.acceleration[p]) + joint.motion(a[i - 1]) + vi.cross(jointVelocity)
            data.velocity[i] = vi
            data.acceleration[i] = ai
            data.force[i] = joint.body * ai + vi.cross(joint.body * vi)
        }
        projectForces(joints, data, into: data.torque)
    }
}

/// The generalized gravity `g(q)` (RNEA with `v = a = 0`, skipping the velocity terms).
/// Result: `data.gravity`.
public func generalizedGravity(_ model: Model, _ data: Data, q: [Double]) {
    precondition(q.count == model.dof, "q needs \(model.dof) entries")
    data.acceleration[0] = Motion(linear: -model.gravity, angular: .zero)
    model.joints.withUnsafeBufferPointer { joints in
        for i in 1..<joints.count {
            let joint = joints[i]
            let local = joint.pose(q[i - 1])
            data.parentFromJoint[i] = local
            let ai = local.actInverse(data.acceleration[joint.parent])
            data.acceleration[i] = ai
            data.force[i] = joint.body * ai
        }
        projectForces(joints, data, into: data.gravityTorque)
    }
}

/// The inward pass both share: each body's force, projected on its joint axis, is that joint's
/// torque; the force is then carried to the parent body, leaves first.
@inline(__always)
private func projectForces(_ joints: UnsafeBufferPointer<Joint>, _ data: Data, into torque: UnsafeMutablePointer<Double>) {
    for i in stride(from: joints.count - 1, to: 0, by: -1) {
        let joint = joints[i]
        torque[i - 1] = joint.project(data.force[i])
        if joint.parent > 0 {
            data.force[joint.parent] += data.parentFromJoint[i].act(data.force[i])
        }
    }
}
