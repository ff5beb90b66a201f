import Spatial

// Box × box: the separating-axis test over the 15 candidate axes (3 face normals of each box, 9 edge
// cross products), after Gottschalk's OBB test and ODE's `dBoxBox`. The axis of least penetration
// decides the contact type:
//
// - face axis: the face of the owning box on that axis is the reference face; the other box's face
//   most opposed to the normal is the incident face. The incident face is clipped against the reference
//   face's four side planes (Sutherland–Hodgman, up to 8 points) and the points behind the reference
//   face are kept, reduced to at most 4 well-spread ones. This is what keeps a cube flat on a cube, a
//   stack standing, and a cube pinched between two flat jaws from spinning.
// - edge axis: one point, midway between the closest points of the two supporting edges.
//
// Face axes are preferred unless an edge axis penetrates clearly less (5% plus a small absolute slack),
// because nearly parallel boxes would otherwise flicker between a 4-point face manifold and a 1-point
// edge contact.
//
// Within the margin (separated boxes) the largest separation over the 15 axes is a lower bound on the
// gap: exact for face and edge–edge configurations, conservative (smaller gap) for corner-to-corner ones.

func collideBoxBox(_ pa: Transform, _ ha: Vec3, _ pb: Transform, _ hb: Vec3, _ sink: inout ContactSink) {
    let ra = pa.rotation, rb = pb.rotation
    let a0 = ra.c0, a1 = ra.c1, a2 = ra.c2
    let b0 = rb.c0, b1 = rb.c1, b2 = rb.c2
    let aAxes: InlineArray<3, Vec3> = [a0, a1, a2]
    let bAxes: InlineArray<3, Vec3> = [b0, b1, b2]
    let d = pb.translation - pa.translation
    // c[i, j] = a_i · b_j. Cross products of (nearly) parallel edges are skipped below: they vanish,
    // and normalising round-off would produce spurious separating axes.
    let c = ra.transposedTimes(rb)
    let margin = sink.margin

    var bestFace = -Double.infinity
    var faceAxis = 0   // 0...2: A's faces, 3...5: B's faces
    for i in 0..<3 {
        let rB = hb.x * abs(c[i, 0]) + hb.y * abs(c[i, 1]) + hb.z * abs(c[i, 2])
        let s = abs(d.dot(aAxes[i])) - ha[i] - rB
        if s > margin { return }
        if s > bestFace { bestFace = s; faceAxis = i }
    }
    for j in 0..<3 {
        let rA = ha.x * abs(c[0, j]) + ha.y * abs(c[1, j]) + ha.z * abs(c[2, j])
        let s = abs(d.dot(bAxes[j])) - hb[j] - rA
        if s > margin { return }
        if s > bestFace { bestFace = s; faceAxis = 3 + j }
    }
    var bestEdge = -Double.infinity
    var edgeAxis = Vec3.zero
    var edgeI = 0, edgeJ = 0
    for i in 0..<3 {
        for j in 0..<3 {
            let raw = aAxes[i].cross(bAxes[j])
            let len = raw.norm
            guard len > 1e-6 else { continue }
            let u = (1 / len) * raw
            let rA = ha.x * abs(a0.dot(u)) + ha.y * abs(a1.dot(u)) + ha.z * abs(a2.dot(u))
            let rB = hb.x * abs(b0.dot(u)) + hb.y * abs(b1.dot(u)) + hb.z * abs(b2.dot(u))
            let s = abs(d.dot(u)) - rA - rB
            if s > margin { return }
            if s > bestEdge { bestEdge = s; edgeAxis = u; edgeI = i; edgeJ = j }
        }
    }

    if bestEdge > bestFace + 0.05 * abs(bestFace) + 1e-9 {
        // Edge–edge: the edge of A along a_i that is extreme in +n and the edge of B along b_j extreme in −n.
        let n = d.dot(edgeAxis) < 0 ? -edgeAxis : edgeAxis
        var ca = pa.translation, cb = pb.translation
        for k in 0..<3 where k != edgeI { ca += (sign(n.dot(aAxes[k])) * ha[k]) * aAxes[k] }
        for k in 0..<3 where k != edgeJ { cb -= (sign(n.dot(bAxes[k])) * hb[k]) * bAxes[k] }
        let ea = (2 * ha[edgeI]) * aAxes[edgeI], eb = (2 * hb[edgeJ]) * bAxes[edgeJ]
        let pa0 = ca - 0.5 * ea, pb0 = cb - 0.5 * eb
        let (s, t) = closestParametersSegmentSegment(pa0, ea, pb0, eb)
        sink.add(position: 0.5 * ((pa0 + s * ea) + (pb0 + t * eb)), normal: n, depth: -bestEdge)
        return
    }

    // Face contact. `n` points from A to B; the reference face faces the other box.
    let referenceIsA = faceAxis < 3
    let k = faceAxis % 3
    let refAxes = referenceIsA ? aAxes : bAxes, incAxes = referenceIsA ? bAxes : aAxes
    let refH = referenceIsA ? ha : hb, incH = referenceIsA ? hb : ha
    let refCenter = referenceIsA ? pa.translation : pb.translation
    let incCenter = referenceIsA ? pb.translation : pa.translation
    let axis = refAxes[k]
    let n = d.dot(axis) < 0 ? -axis : axis
    // Outward normal of the reference face, pointing at the incident box.
    let out = referenceIsA ? n : -n
    let reference = boxFace(refCenter, refAxes, refH, k, sign(out.dot(axis)))
    // Incident face: the face of the other box whose outward normal is most opposed to `out`.
    var ki = 0
    for j in 1..<3 where abs(incAxes[j].dot(out)) > abs(incAxes[ki].dot(out)) { ki = j }
    let incident = boxFace(incCenter, incAxes, incH, ki, -sign(incAxes[ki].dot(out)))
    var candidates = ContactCandidates()
    if clipFeatures(reference: reference, incident: incident, margin: margin, into: &candidates) {
        candidates.emitSpread(normal: n, &sink)
    } else {
        // Round-off left nothing inside the reference face: keep the incident corner deepest along it.
        var deepest = 0
        for i in 1..<4 where out.dot(incident.points[i]) < out.dot(incident.points[deepest]) { deepest = i }
        let p = incident.points[deepest]
        let depth = reference.normal.dot(reference.points[0] - p)
        sink.add(position: p + (0.5 * depth) * reference.normal, normal: n, depth: depth)
    }
}

/// The face of a box on axis `k`, side `s` (±1), as a 4-point polygon in cyclic order with its outward normal.
@inline(__always)
func boxFace(_ center: Vec3, _ axes: InlineArray<3, Vec3>, _ h: Vec3, _ k: Int, _ s: Double) -> ContactFeature {
    let i = (k + 1) % 3, j = (k + 2) % 3
    let fc = center + (s * h[k]) * axes[k]
    let u = h[i] * axes[i], v = h[j] * axes[j]
    var f = ContactFeature()
    f.append(fc + u + v)
    f.append(fc - u + v)
    f.append(fc - u - v)
    f.append(fc + u - v)
    f.normal = s * axes[k]
    return f
}
