import LinearAlgebra
import RobotModel
import Spatial

/// Stage 3 of a step: the velocity each degree of freedom would reach without constraints,
/// `u* = u + dt M⁻¹ (τ − h)`, and the factorized mass matrix for the constraint stage.
///
/// Joint damping and armature enter the mass matrix (`M + diag(armature) + dt·diag(damping)`),
/// which integrates damping implicitly: any damping value stays stable.
func smoothDynamics(_ data: WorldData) {
    let model = data.model
    let dt = model.timestep
    let n = model.robotDOF
    let u = data.velocity.baseAddress!
    if let robot = model.robot, let robotData = data.robotData, let solver = data.massSolver {
        // Bias forces h(q, v) = C(q, v) v + g(q), by RNEA with zero acceleration.
        rnea(robot, robotData, q: data.q, v: data.v, a: data.zeros)
        model.joints.withUnsafeBufferPointer { joints in
            for i in 0..<n {
                var measured = joints[i].actuator.quantised(data.q[i])
                if joints[i].encoderNoise > 0 { measured += joints[i].encoderNoise * data.noise.nextGaussian() }
                data.encoderPositions[i] = measured
                var command = data.commands[i]
                var enabled = data.torqueEnabled[i]
                if let coupling = joints[i].mimic {
                    enabled = data.torqueEnabled[coupling.master]
                    let master = data.commands[coupling.master]
                    command = JointCommand(position: coupling.multiplier * master.position + coupling.offset,
                                           velocity: coupling.multiplier * master.velocity,
                                           torque: coupling.multiplier * master.torque)
                }
                let torque = enabled ? joints[i].actuator.torque(measured: measured, v: data.v[i], command: command) : 0
                data.actuatorTorques[i] = torque
                data.rhs[i] = torque - robotData.tau[i] - joints[i].damping * data.v[i]
            }
            crba(robot, robotData, q: data.q)
            for k in 0..<(n * n) { data.massMatrix[k] = robotData.massMatrix[k] }
            for i in 0..<n { data.massMatrix[i * n + i] += joints[i].armature + dt * joints[i].damping }
        }
        do {
            try solver.factorize(UnsafeBufferPointer(data.massMatrix), n: n)
            try solver.solve(data.rhs)
        } catch {
            for i in 0..<n { data.rhs[i] = .nan }  // reported by the divergence check
        }
        for i in 0..<n { u[i] = data.v[i] + dt * data.rhs[i] }
    }
    for k in 0..<model.bodies.count {
        let base = n + 6 * k
        let v = data.bodyLinearVelocities[k] + dt * model.gravity
        let w = data.bodyAngularVelocities[k]
        // Gyroscopic torque −ω × (I ω), in world axes.
        let r = data.bodyOrientations[k].matrix
        let inertiaWorld = model.bodies[k].inertia.rotated(by: r)
        let gyro = -w.cross(inertiaWorld * w)
        let dw = dt * (r * (data.inverseBodyInertia[k] * r.transposedTimes(gyro)))
        let wNext = w + dw
        u[base] = v.x; u[base + 1] = v.y; u[base + 2] = v.z
        u[base + 3] = wNext.x; u[base + 4] = wNext.y; u[base + 5] = wNext.z
    }
}
