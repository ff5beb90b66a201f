import Spatial

/// Stage 7 of a step: the safety net. A non-finite state, a body or joint moving impossibly fast,
/// or a penetration far beyond the contact tolerance stops the run with the culprit named,
/// instead of letting garbage flow into controllers and recordings.
func checkDivergence(_ data: WorldData) throws(SimulationError) {
    let model = data.model
    let time = data.time
    let speedLimit = model.contact.maximumSpeed
    if let robot = model.robot {
        for i in 0..<model.robotDOF {
            let name = robot.jointInfo[i + 1].name
            guard data.q[i].isFinite, data.v[i].isFinite else {
                throw SimulationError(time: time, subject: "joint \"\(name)\"", message: "position or velocity is not finite")
            }
            guard abs(data.v[i]) < 10 * speedLimit else {
                throw SimulationError(time: time, subject: "joint \"\(name)\"",
                                      message: "velocity \(data.v[i]) exceeds \(10 * speedLimit) (energy blow-up)")
            }
        }
    }
    for k in 0..<model.bodies.count {
        let name = model.bodies[k].name
        let p = data.bodyPositions[k], v = data.bodyLinearVelocities[k], w = data.bodyAngularVelocities[k]
        guard p.x.isFinite, p.y.isFinite, p.z.isFinite, v.squaredNorm.isFinite, w.squaredNorm.isFinite else {
            throw SimulationError(time: time, subject: "body \"\(name)\"", message: "state is not finite")
        }
        guard v.norm < speedLimit, w.norm < 10 * speedLimit else {
            throw SimulationError(time: time, subject: "body \"\(name)\"",
                                  message: "speed \(v.norm) m/s, spin \(w.norm) rad/s (energy blow-up)")
        }
    }
    for c in 0..<data.contacts.count where data.contacts[c].depth > model.contact.maximumPenetration {
        let contact = data.contacts[c]
        let a = model.geoms[Int(contact.a)].name, b = model.geoms[Int(contact.b)].name
        throw SimulationError(time: time, subject: "geoms \"\(a)\" and \"\(b)\"",
                              message: "penetrate \(String(format: "%.1f", contact.depth * 1000)) mm (limit \(model.contact.maximumPenetration * 1000) mm)")
    }
}
