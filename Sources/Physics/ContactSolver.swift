import Spatial

/// Stage 5 of a step: projected Gauss–Seidel on the constraint rows, warm-started.
///
/// Works on the Delassus operator `W = J M⁻¹ Jᵀ` without forming it: each row update reads the
/// current constraint velocity `J_r u` and moves `u` by `M⁻¹J_rᵀ Δλ`, which is Gauss–Seidel on W
/// at the cost of two sparse dot products. Normal impulses stay ≥ 0; a contact's two friction
/// impulses are projected onto the Coulomb disc |λ_t| ≤ μ λ_n; limit impulses ≥ 0; joint friction
/// impulses within ±bound. Sweeps stop early once no row's velocity changes by more than
/// `ContactParameters.tolerance`: warm-started resting contacts converge in one or two sweeps.
func solveConstraints(_ data: WorldData) {
    let rows = data.rows
    let u = data.velocity.baseAddress!
    // Warm start: apply last step's impulses.
    for r in 0..<rows.count where rows.lambda[r] != 0 {
        rows.apply(r, rows.lambda[r], to: u)
    }
    let tolerance = data.model.contact.tolerance
    for _ in 0..<data.model.contact.iterations {
        // Largest velocity change any row made this sweep: |Δλ| · W_rr.
        var change = 0.0
        var r = 0
        while r < rows.count {
            switch rows.kind[r] {
            case .normal, .limit:
                let old = rows.lambda[r]
                let updated = max(0, old + (rows.target[r] - rows.velocity(r, u)) * rows.inverseDiagonal[r])
                rows.lambda[r] = updated
                rows.apply(r, updated - old, to: u)
                change = max(change, velocityChange(rows, r, updated - old))
                r += 1
            case .tangent:
                // Rows r and r + 1 are the two tangents of the contact whose normal is row r − 1.
                let limit = rows.friction[r] * rows.lambda[r - 1]
                let old1 = rows.lambda[r], old2 = rows.lambda[r + 1]
                var l1 = old1 - rows.velocity(r, u) * rows.inverseDiagonal[r]
                var l2 = old2 - rows.velocity(r + 1, u) * rows.inverseDiagonal[r + 1]
                let magnitude = (l1 * l1 + l2 * l2).squareRoot()
                if magnitude > limit {
                    let scale = magnitude > 0 ? limit / magnitude : 0
                    l1 *= scale
                    l2 *= scale
                }
                rows.lambda[r] = l1
                rows.lambda[r + 1] = l2
                rows.apply(r, l1 - old1, to: u)
                rows.apply(r + 1, l2 - old2, to: u)
                change = max(change, velocityChange(rows, r, l1 - old1), velocityChange(rows, r + 1, l2 - old2))
                r += 2
            case .jointFriction:
                let old = rows.lambda[r]
                let bound = rows.bound[r]
                let updated = min(max(old - rows.velocity(r, u) * rows.inverseDiagonal[r], -bound), bound)
                rows.lambda[r] = updated
                rows.apply(r, updated - old, to: u)
                change = max(change, velocityChange(rows, r, updated - old))
                r += 1
            }
        }
        if change < tolerance { break }
    }
    // Keep this step's contact impulses for the next warm start.
    data.warmStart.removeAll()
    var contact = 0
    var r = 0
    while r < rows.count, contact < data.contacts.count {
        if rows.kind[r] == .normal {
            let c = data.contacts[contact]
            data.warmStart.store(.init(a: c.a, b: c.b, position: c.position,
                                       impulses: (rows.lambda[r], rows.lambda[r + 1], rows.lambda[r + 2])))
            contact += 1
            r += 3
        } else {
            r += 1
        }
    }
}

/// The change of a row's own constraint velocity that an impulse change causes (`W_rr Δλ`).
@inline(__always)
private func velocityChange(_ rows: ConstraintRows, _ r: Int, _ impulse: Double) -> Double {
    let d = rows.inverseDiagonal[r]
    return d > 0 ? abs(impulse) / d : 0
}
