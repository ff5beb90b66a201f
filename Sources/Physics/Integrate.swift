import Spatial

/// Stage 6 of a step: semi-implicit Euler. The new velocities (after constraints) move the
/// positions, which keeps undamped oscillators' energy bounded (symplectic for separable systems).
func integratePositions(_ data: WorldData) {
    let model = data.model
    let dt = model.timestep
    let n = model.robotDOF
    let u = data.velocity.baseAddress!
    for i in 0..<n {
        data.v[i] = u[i]
        data.q[i] += dt * u[i]
    }
    for k in 0..<model.bodies.count {
        let base = n + 6 * k
        let v = Vec3(u[base], u[base + 1], u[base + 2])
        let w = Vec3(u[base + 3], u[base + 4], u[base + 5])
        data.bodyLinearVelocities[k] = v
        data.bodyAngularVelocities[k] = w
        data.bodyPositions[k] += dt * v
        data.bodyOrientations[k] = data.bodyOrientations[k].integrated(worldAngularVelocity: w, dt: dt)
    }
}
