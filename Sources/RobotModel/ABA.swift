import Spatial

/// Forward dynamics by Featherstone's articulated-body algorithm: the accelerations that torques
/// `tau` produce at state `(q, v)`, in O(n) without forming `M`. Result: `data.ddq`.
public func aba(_ model: Model, _ data: Data, q: [Double], v: [Double], tau: [Double]) {
    precondition(q.count == model.dof && v.count == model.dof && tau.count == model.dof, "q, v, tau need \(model.dof) entries")
    data.velocity[0] = .zero
    data.acceleration[0] = Motion(linear: -model.gravity, angular: .zero)
    model.joints.withUnsafeBufferPointer { joints in
        // Outward: velocities, velocity-product accelerations, rigid-body inertias and bias forces.
        for i in 1..<joints.count {
            let joint = joints[i]
            let local = joint.pose(q[i - 1])
            data.parentFromJoint[i] = local
            let jointVelocity = joint.motion(v[i - 1])
            let vi = local.actInverse(data.velocity[joint.parent]) + jointVelocity
            data.velocity[i] = vi
            data.biasAcceleration[i] = vi.cross(jointVelocity)
            data.articulatedInertia[i] = ArticulatedInertia(joint.body)
            data.biasForce[i] = vi.cross(joint.body * vi)
        }
        // Inward: articulated inertias, each joint's free direction projected out before handing to the parent.
        for i in stride(from: joints.count - 1, to: 0, by: -1) {
            let joint = joints[i]
            let inertia = data.articulatedInertia[i]
            let u = inertia * joint.subspace()
            let dInverse = 1 / joint.project(u)
            let bias = tau[i - 1] - joint.project(data.biasForce[i])
            data.jointForceDirection[i] = u
            data.inverseJointInertia[i] = dInverse
            data.jointBiasTorque[i] = bias
            if joint.parent > 0 {
                var reduced = inertia
                reduced.subtractOuterProduct(u, scaledBy: dInverse)
                let pa = data.biasForce[i] + reduced * data.biasAcceleration[i] + (bias * dInverse) * u
                let local = data.parentFromJoint[i]
                data.articulatedInertia[joint.parent] += reduced.transformed(by: local)
                data.biasForce[joint.parent] += local.act(pa)
            }
        }
        // Outward: accelerations.
        for i in 1..<joints.count {
            let joint = joints[i]
            let ai = data.parentFromJoint[i].actInverse(data.acceleration[joint.parent]) + data.biasAcceleration[i]
            let qdd = (data.jointBiasTorque[i] - ai.dot(data.jointForceDirection[i])) * data.inverseJointInertia[i]
            data.jointAcceleration[i - 1] = qdd
            data.acceleration[i] = ai + joint.motion(qdd)
        }
    }
}
