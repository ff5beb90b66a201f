import RobotModel
import Spatial

/// Stage 4 of a step: one normal and two friction rows per contact, a row per joint near a limit,
/// a row per joint with Coulomb friction; each with its Jacobian row, `M⁻¹Jᵀ`, Delassus diagonal
/// and target velocity (drift correction, speculative approach, restitution).
func assembleConstraints(_ data: WorldData) {
    let model = data.model
    let rows = data.rows
    let n = model.robotDOF
    let dt = model.timestep
    let parameters = model.contact
    rows.count = 0
    let u = data.velocity.baseAddress!

    // Robot: world-axis unit motion of every joint, and M⁻¹ as a dense matrix (n solves of n).
    prepareRobotColumns(data)

    model.geoms.withUnsafeBufferPointer { geoms in
        for c in 0..<data.contacts.count {
            let contact = data.contacts[c]
            let ga = geoms[Int(contact.a)], gb = geoms[Int(contact.b)]
            let material = ga.material.combined(with: gb.material)
            let n0 = contact.normal
            let (t1, t2) = tangents(n0)
            guard let rn = rows.append(.normal), let r1 = rows.append(.tangent), let r2 = rows.append(.tangent) else { break }
            for k in 0..<3 {
                let r = k == 0 ? rn : k == 1 ? r1 : r2
                let direction = k == 0 ? n0 : k == 1 ? t1 : t2
                // Relative velocity of b with respect to a at the contact point, along the direction.
                addPointJacobian(data, row: r, owner: ga.owner, point: contact.position, direction: -direction, side: 0)
                addPointJacobian(data, row: r, owner: gb.owner, point: contact.position, direction: direction, side: 1)
                finishRow(data, r)
            }
            // Normal target: push out penetration beyond the slop, let a gap close at most in one step.
            var target = 0.0
            if contact.depth > parameters.slop {
                target = parameters.correction * (contact.depth - parameters.slop) / dt
            } else if contact.depth < 0 {
                target = contact.depth / dt
            }
            let approach = rows.velocity(rn, u)
            if approach < -parameters.restitutionThreshold, material.restitution > 0 {
                target = max(target, -material.restitution * approach)
            }
            rows.target[rn] = target
            rows.friction[r1] = material.friction
            rows.friction[r2] = material.friction
            let warm = data.warmStart.impulses(a: contact.a, b: contact.b, position: contact.position)
            rows.lambda[rn] = warm.normal
            rows.lambda[r1] = warm.tangent1
            rows.lambda[r2] = warm.tangent2
        }
    }

    model.joints.withUnsafeBufferPointer { joints in
        let limitMargin = 0.01
        for j in 0..<n {
            if let limits = joints[j].limits {
                for side in 0..<2 {
                    // The lower limit pushes with +e_j, the upper with −e_j.
                    let gap = side == 0 ? data.q[j] - limits.lowerBound : limits.upperBound - data.q[j]
                    let sign = side == 0 ? 1.0 : -1.0
                    guard gap < limitMargin, let r = rows.append(.limit) else { continue }
                    rows.usesArm[r] = true
                    rows.arm[r * n + j] = sign
                    finishRow(data, r)
                    rows.target[r] = gap < 0 ? parameters.correction * (-gap) / dt : -gap / dt
                }
            }
            if joints[j].friction > 0, let r = rows.append(.jointFriction) {
                rows.usesArm[r] = true
                rows.arm[r * n + j] = 1
                finishRow(data, r)
                rows.bound[r] = joints[j].friction * dt
            }
        }
    }
}

/// A tangent basis that depends only on the normal, so friction impulses warm-start consistently.
@inline(__always)
func tangents(_ n: Vec3) -> (Vec3, Vec3) {
    let helper = abs(n.x) < 0.57 ? Vec3.unitX : Vec3.unitY
    let t1 = n.cross(helper).normalized ?? Vec3.unitY
    return (t1, n.cross(t1))
}

/// Adds to row `r` the velocity, along `direction`, of the material point at `point` carried by
/// `owner`: a free body's (v + ω × r) or the robot's joint-space point Jacobian.
@inline(__always)
func addPointJacobian(_ data: WorldData, row r: Int, owner: GeomOwner, point: Vec3, direction: Vec3, side: Int) {
    let rows = data.rows
    switch owner {
    case .world:
        return
    case .body(let k):
        let lever = point - data.bodyPositions[k]
        if side == 0 {
            rows.bodyA[r] = Int32(k)
            rows.linearA[r] = direction
            rows.angularA[r] = lever.cross(direction)
        } else {
            rows.bodyB[r] = Int32(k)
            rows.linearB[r] = direction
            rows.angularB[r] = lever.cross(direction)
        }
    case .robot(let joint):
        guard joint > 0, let robot = data.model.robot else { return }
        let n = robot.dof
        let base = data.model.robotBase
        let p = base.actInverse(point: point)
        let d = base.rotation.transposedTimes(direction)
        rows.usesArm[r] = true
        let row = rows.arm + r * n
        let chain = robot.supports[joint]
        for k in 0..<chain.count {
            let j = chain[k]
            let s = data.jointAxesInBase[j]
            row[j - 1] += d.dot(s.linear + s.angular.cross(p))
        }
    }
}

/// Computes `M⁻¹Jᵀ` and `1 / (J M⁻¹ Jᵀ)` for a row whose Jacobian is complete.
@inline(__always)
func finishRow(_ data: WorldData, _ r: Int) {
    let rows = data.rows
    let model = data.model
    let n = model.robotDOF
    var w = 0.0
    if rows.usesArm[r] {
        let jRow = rows.arm + r * n, y = rows.responseArm + r * n
        for i in 0..<n {
            var s = 0.0
            for k in 0..<n { s += data.inverseMass[i * n + k] * jRow[k] }
            y[i] = s
            w += jRow[i] * s
        }
    }
    let a = Int(rows.bodyA[r])
    if a >= 0 {
        let (lin, ang) = bodyResponse(data, a, rows.linearA[r], rows.angularA[r])
        rows.responseLinearA[r] = lin
        rows.responseAngularA[r] = ang
        w += rows.linearA[r].dot(lin) + rows.angularA[r].dot(ang)
    }
    let b = Int(rows.bodyB[r])
    if b >= 0 {
        let (lin, ang) = bodyResponse(data, b, rows.linearB[r], rows.angularB[r])
        rows.responseLinearB[r] = lin
        rows.responseAngularB[r] = ang
        w += rows.linearB[r].dot(lin) + rows.angularB[r].dot(ang)
    }
    rows.inverseDiagonal[r] = w > 1e-12 ? 1 / w : 0
}

/// A free body's velocity response to a unit impulse: (J_lin / m, I_world⁻¹ J_ang).
@inline(__always)
func bodyResponse(_ data: WorldData, _ k: Int, _ linear: Vec3, _ angular: Vec3) -> (Vec3, Vec3) {
    let body = data.model.bodies[k]
    let r = data.bodyOrientations[k].matrix
    return ((1 / body.mass) * linear, r * (data.inverseBodyInertia[k] * r.transposedTimes(angular)))
}

/// World-axis (robot base frame) unit motions of every joint and the dense inverse mass matrix.
func prepareRobotColumns(_ data: WorldData) {
    guard let robot = data.model.robot, let robotData = data.robotData, let solver = data.massSolver else { return }
    let n = robot.dof
    robot.joints.withUnsafeBufferPointer { joints in
        for j in 1..<joints.count {
            let unit = joints[j].kind == .prismatic
                ? Motion(linear: joints[j].axis, angular: .zero) : Motion(linear: .zero, angular: joints[j].axis)
            data.jointAxesInBase[j] = robotData.jointPoses[j].act(unit)
        }
    }
    // Column i of M⁻¹ is the solve against e_i; M is symmetric so rows equal columns.
    for i in 0..<n {
        let column = UnsafeMutableBufferPointer(rebasing: data.inverseMassStorage[(i * n)..<(i * n + n)])
        column.update(repeating: 0)
        column[i] = 1
        try? solver.solve(column)
    }
}
