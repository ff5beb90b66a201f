import Spatial

// Capsule × {capsule, box}. A capsule is its axis segment inflated by its radius, so both pairs are
// "closest points between a segment and the other core, then subtract the radii", with care for the
// configurations where a single closest point would let a lying capsule rock: parallel capsules and a
// capsule lying on a box face get two points.

/// Two capsules: closest points of the axis segments. Parallel axes have a whole interval of closest
/// points; then the two ends of the overlap interval are reported, so stacked or side-by-side capsules
/// cannot roll about the contact.
func collideCapsuleCapsule(
    _ pa: Transform, _ ra: Double, _ hla: Double, _ pb: Transform, _ rb: Double, _ hlb: Double, _ sink: inout ContactSink
) {
    let ua = pa.rotation.c2, ub = pb.rotation.c2
    let p1 = pa.translation - hla * ua, d1 = (2 * hla) * ua
    let p2 = pb.translation - hlb * ub, d2 = (2 * hlb) * ub
    let crossNorm = ua.cross(ub).norm
    if crossNorm < 1e-3, hla > 0 {
        // B's end points along A's axis, as parameters of A's segment.
        let t0 = (p2 - p1).dot(d1) / d1.squaredNorm
        let t1 = (p2 + d2 - p1).dot(d1) / d1.squaredNorm
        let lo = max(0, min(t0, t1)), hi = min(1, max(t0, t1))
        let offAxis = (p2 - p1) - (p2 - p1).dot(ua) * ua
        if hi - lo > 1e-9, offAxis.norm > 1e-9 {
            let ends: InlineArray<2, Double> = [lo, hi]
            for index in ends.indices {
                let t = ends[index]
                let qa = p1 + t * d1
                let qb = p2 + closestParameterOnSegment(p2, d2, to: qa) * d2
                collideSphereSphere(qa, ra, qb, rb, &sink)
            }
            return
        }
    }
    let (s, t) = closestParametersSegmentSegment(p1, d1, p2, d2)
    collideSphereSphere(p1 + s * d1, ra, p2 + t * d2, rb, fallback: anyPerpendicular(ua), &sink)
}

/// Capsule against a box, in the box frame.
///
/// Separated axis (the common case, including a capsule resting on a box with a shallow overlap of its
/// rounded surface): the squared distance from the segment to the box, Σ max(|x_i(t)| − h_i, 0)², is
/// convex and piecewise quadratic in the segment parameter; it is minimised exactly interval by
/// interval between its ≤ 6 breakpoints. When the closest box feature is a face, the segment is
/// clipped to that face and both ends of the clipped piece are reported (two points for a lying capsule).
///
/// Axis inside the box (deep penetration): separating-axis test over the 3 box axes and the 3 cross
/// products with the capsule axis; the axis of least push-out gives normal and depth.
func collideCapsuleBox(_ pc: Transform, _ r: Double, _ hl: Double, _ pb: Transform, _ h: Vec3, _ sink: inout ContactSink) {
    let axisW = hl * pc.rotation.c2
    let p0 = pb.actInverse(point: pc.translation - axisW)
    let d = pb.rotation.transposedTimes(2 * axisW)

    // Quick reject with bounding spheres.
    let reach = h.norm + hl + r + sink.margin
    if (pc.translation - pb.translation).squaredNorm > reach * reach { return }

    // Breakpoints of the distance function, sorted by insertion.
    var ts = InlineArray<8, Double>(repeating: 0)
    var nt = 1
    for i in 0..<3 where abs(d[i]) > 1e-300 {
        let bounds: InlineArray<2, Double> = [-h[i], h[i]]
        for index in bounds.indices {
            let bound = bounds[index]
            let t = (bound - p0[i]) / d[i]
            guard t > 0, t < 1 else { continue }
            var j = nt
            while j > 0 && ts[j - 1] > t { ts[j] = ts[j - 1]; j -= 1 }
            ts[j] = t
            nt += 1
        }
    }
    ts[nt] = 1
    nt += 1
    var bestT = 0.0
    var bestG = Double.infinity
    for k in 0..<(nt - 1) {
        let ta = ts[k], tb = ts[k + 1]
        let tm = 0.5 * (ta + tb)
        // On this interval each coordinate is inside its slab or beyond one fixed face.
        var num = 0.0, den = 0.0
        for i in 0..<3 {
            let x = p0[i] + tm * d[i]
            let alpha: Double
            if x > h[i] { alpha = p0[i] - h[i] } else if x < -h[i] { alpha = p0[i] + h[i] } else { continue }
            num -= d[i] * alpha
            den += d[i] * d[i]
        }
        let t = den > 1e-300 ? clamp(num / den, ta, tb) : ta
        let g = boxSquaredDistance(p0 + t * d, h)
        if g < bestG { bestG = g; bestT = t }
    }

    let p = p0 + bestT * d
    let dist = bestG.squareRoot()
    if dist > 1e-9 {
        if dist - r > sink.margin { return }
        let q = Vec3(clamp(p.x, -h.x, h.x), clamp(p.y, -h.y, h.y), clamp(p.z, -h.z, h.z))
        let nLocal = (1 / dist) * (p - q)           // box → capsule
        var clampedAxes = 0, k = 0
        for i in 0..<3 where abs(p[i]) > h[i] + 1e-9 { clampedAxes += 1; k = i }
        if clampedAxes == 1, let (lo, hi) = slabInterval(p0, d, h, excluding: k), hi - lo > 1e-9 {
            let s = sign(p[k])
            let ends: InlineArray<2, Double> = [lo, hi]
            for index in ends.indices {
                let t = ends[index]
                let x = p0 + t * d
                addCapsuleBoxFacePoint(x, k, s, gap: s * x[k] - h[k], r, pb, &sink)
            }
            return
        }
        let n = -(pb.rotation * nLocal)
        // Edge region with the axis parallel to that edge: the distance is the same all along the edge,
        // so report both ends of the stretch of axis beside it (a capsule lying along a box edge).
        if clampedAxes == 2 {
            var free = 0
            for i in 0..<3 where abs(p[i]) <= h[i] + 1e-9 { free = i }
            let dn = d.norm
            var parallel = true
            for i in 0..<3 where i != free && abs(d[i]) > 1e-9 * dn { parallel = false }
            if parallel, abs(d[free]) > 1e-300 {
                let ta = (-h[free] - p0[free]) / d[free], tb = (h[free] - p0[free]) / d[free]
                let lo = max(0, min(ta, tb)), hi = min(1, max(ta, tb))
                if hi - lo > 1e-9 {
                    for end in 0..<2 {
                        let t = end == 0 ? lo : hi
                        let x = p0 + t * d
                        let onEdge = Vec3(clamp(x.x, -h.x, h.x), clamp(x.y, -h.y, h.y), clamp(x.z, -h.z, h.z))
                        sink.add(position: pb.act(point: 0.5 * ((x - r * nLocal) + onEdge)), normal: n, depth: r - dist)
                    }
                    return
                }
            }
        }
        let capsuleSurface = pb.act(point: p - r * nLocal)
        sink.add(position: 0.5 * (capsuleSurface + pb.act(point: q)), normal: n, depth: r - dist)
        return
    }

    // The axis enters the box: least push-out over the separating-axis candidates.
    var bestScore = Double.infinity
    var bestPush = Double.infinity
    var bestAxis = Vec3.zero
    var bestFace = -1
    for i in 0..<6 {
        var u = Vec3.zero
        if i < 3 { u[i] = 1 } else {
            var e = Vec3.zero
            e[i - 3] = 1
            guard let c = d.cross(e).normalized else { continue }
            u = c
        }
        let a0 = u.dot(p0), a1 = u.dot(p0 + d)
        let rb = h.x * abs(u.x) + h.y * abs(u.y) + h.z * abs(u.z)
        // Prefer faces: an edge axis must beat a face by 5% to be used.
        let bias = i < 3 ? 1.0 : 1.05
        let pushPlus = rb - min(a0, a1), pushMinus = rb + max(a0, a1)
        if pushPlus * bias < bestScore {
            bestScore = pushPlus * bias; bestPush = pushPlus; bestAxis = u; bestFace = i < 3 ? i : -1
        }
        if pushMinus * bias < bestScore {
            bestScore = pushMinus * bias; bestPush = pushMinus; bestAxis = -u; bestFace = i < 3 ? i : -1
        }
    }
    if bestFace >= 0 {
        let k = bestFace, s = bestAxis[k]
        if let (lo, hi) = slabInterval(p0, d, h, excluding: k) {
            // Both ends of the piece over the face (one point if the piece is a point).
            for end in 0..<(hi - lo > 1e-9 ? 2 : 1) {
                let x = p0 + (end == 0 ? lo : hi) * d
                addCapsuleBoxFacePoint(x, k, s, gap: s * x[k] - h[k], r, pb, &sink)
            }
            return
        }
    }
    // Edge axis (or no part of the axis over the chosen face): one point at the segment's closest
    // approach to the box edge that supports the push direction.
    let u = bestAxis
    var edgeAxis = 0
    for i in 0..<3 where abs(u[i]) < abs(u[edgeAxis]) { edgeAxis = i }
    var edgeCenter = Vec3.zero
    for i in 0..<3 where i != edgeAxis { edgeCenter[i] = sign(u[i]) * h[i] }
    var e = Vec3.zero
    e[edgeAxis] = 2 * h[edgeAxis]
    let e0 = edgeCenter - 0.5 * e
    let (s, t) = closestParametersSegmentSegment(p0, d, e0, e)
    let onAxis = p0 + s * d, onEdge = e0 + t * e
    let depth = bestPush + r
    let n = -(pb.rotation * u)
    let capsuleSurface = onAxis - r * u
    sink.add(position: pb.act(point: 0.5 * (capsuleSurface + onEdge)), normal: n, depth: depth)
}

/// Squared distance from a point to the box [−h, h] (box frame).
@inline(__always)
private func boxSquaredDistance(_ p: Vec3, _ h: Vec3) -> Double {
    var g = 0.0
    for i in 0..<3 {
        let e = abs(p[i]) - h[i]
        if e > 0 { g += e * e }
    }
    return g
}

/// The parameter interval of the segment `p0 + t d`, t ∈ [0, 1], inside the two slabs |x_i| ≤ h_i other
/// than axis `k`: the part of the segment over face k. `nil` when empty.
@inline(__always)
private func slabInterval(_ p0: Vec3, _ d: Vec3, _ h: Vec3, excluding k: Int) -> (Double, Double)? {
    var lo = 0.0, hi = 1.0
    for i in 0..<3 where i != k {
        if abs(d[i]) < 1e-300 {
            if abs(p0[i]) > h[i] { return nil }
            continue
        }
        var ta = (-h[i] - p0[i]) / d[i], tb = (h[i] - p0[i]) / d[i]
        if ta > tb { swap(&ta, &tb) }
        lo = max(lo, ta)
        hi = min(hi, tb)
    }
    return lo <= hi ? (lo, hi) : nil
}

/// One contact of a capsule over box face `k` (outward sign `s`), for axis point `x` (box frame) whose
/// height above the face plane is `gap`.
@inline(__always)
private func addCapsuleBoxFacePoint(_ x: Vec3, _ k: Int, _ s: Double, gap: Double, _ r: Double, _ box: Transform, _ sink: inout ContactSink) {
    var nLocal = Vec3.zero
    nLocal[k] = s
    let capsuleSurface = x - r * nLocal
    let faceSurface = x - gap * nLocal
    sink.add(position: box.act(point: 0.5 * (capsuleSurface + faceSurface)), normal: -(box.rotation * nLocal), depth: r - gap)
}
