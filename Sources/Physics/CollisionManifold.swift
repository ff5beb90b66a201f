import Spatial

// Shared tools for building multi-point contact manifolds without touching the heap: candidate
// lists live in `InlineArray`s on the stack, and clipping works in place.

/// Candidate contact points of one pair before reduction (positions midway between the surfaces).
struct ContactCandidates {
    static let capacity = 24
    var position = InlineArray<24, Vec3>(repeating: .zero)
    var depth = InlineArray<24, Double>(repeating: 0)
    var count = 0

    @inline(__always)
    mutating func append(_ p: Vec3, _ d: Double) {
        guard count < Self.capacity else { return }
        position[count] = p
        depth[count] = d
        count += 1
    }

    /// Emits the `k` deepest candidates. Used where the deepest points are also the ones that
    /// matter for support (box corners and cylinder rim points on a plane).
    func emitDeepest(_ k: Int, normal: Vec3, _ sink: inout ContactSink) {
        guard count > k else {
            for i in 0..<count { sink.add(position: position[i], normal: normal, depth: depth[i]) }
            return
        }
        var used = InlineArray<24, Bool>(repeating: false)
        for _ in 0..<k {
            var best = -1
            for i in 0..<count where !used[i] && (best < 0 || depth[i] > depth[best]) { best = i }
            used[best] = true
            sink.add(position: position[best], normal: normal, depth: depth[best])
        }
    }

    /// Emits at most four well-spread candidates: the deepest, the one farthest from it across the
    /// contact plane, then the two that span the largest areas on either side of that line. The
    /// solver needs the extremes of the contact patch to resist tipping, and the deepest to resolve
    /// penetration; four points make a face contact statically determinate enough for a PGS/LCP solver.
    func emitSpread(normal n: Vec3, _ sink: inout ContactSink) {
        guard count > 4 else {
            for i in 0..<count { sink.add(position: position[i], normal: n, depth: depth[i]) }
            return
        }
        @inline(__always) func flat(_ i: Int) -> Vec3 { let p = position[i]; return p - p.dot(n) * n }
        var i0 = 0
        for i in 1..<count where depth[i] > depth[i0] + 1e-12 { i0 = i }
        let p0 = flat(i0)
        var i1 = -1
        var far = -1.0
        for i in 0..<count where i != i0 {
            let d = (flat(i) - p0).squaredNorm
            if d > far { far = d; i1 = i }
        }
        let p1 = flat(i1)
        var i2 = -1, i3 = -1
        var maxArea = 0.0, minArea = 0.0
        for i in 0..<count where i != i0 && i != i1 {
            let area = (p1 - p0).cross(flat(i) - p0).dot(n)
            if area > maxArea { maxArea = area; i2 = i }
            if area < minArea { minArea = area; i3 = i }
        }
        let chosen: InlineArray<4, Int> = [i0, i1, i2, i3]
        for index in chosen.indices {
            let i = chosen[index]
            guard i >= 0 else { continue }
            sink.add(position: position[i], normal: n, depth: depth[i])
        }
    }
}

/// The part of a convex shape's surface that faces a direction: a point, a segment (two points), or a
/// convex polygon (three to eight points in cyclic order). Contact manifolds come from clipping one
/// shape's feature against the other's.
struct ContactFeature {
    var points = InlineArray<8, Vec3>(repeating: .zero)
    var count = 0
    /// For polygons, the outward unit normal of their plane (for segments and points: the direction asked for).
    var normal = Vec3.zero

    @inline(__always)
    mutating func append(_ p: Vec3) {
        points[count] = p
        count += 1
    }
}

/// A polygon being clipped: up to 8 points grow by at most one per clipping plane.
struct ClipPolygon {
    var points = InlineArray<24, Vec3>(repeating: .zero)
    var count = 0

    /// Sutherland–Hodgman against one half-space `s·p ≤ offset`, in place.
    mutating func clip(_ s: Vec3, _ offset: Double) {
        guard count > 0 else { return }
        var out = InlineArray<24, Vec3>(repeating: .zero)
        var n = 0
        var prev = points[count - 1]
        var prevIn = s.dot(prev) - offset
        for i in 0..<count {
            let cur = points[i]
            let curIn = s.dot(cur) - offset
            if (prevIn <= 0) != (curIn <= 0), n < 24 {
                let t = prevIn / (prevIn - curIn)
                out[n] = prev + t * (cur - prev)
                n += 1
            }
            if curIn <= 0, n < 24 {
                out[n] = cur
                n += 1
            }
            prev = cur
            prevIn = curIn
        }
        points = out
        count = n
    }
}

/// Clips the incident feature against the reference feature and collects the points that lie behind
/// the reference surface (within the margin). Returns false
/// when the features do not define a patch (point features, crossing segments): the caller then keeps
/// its single closest-point contact.
///
/// Depth is measured from the reference feature's own plane, so a slightly tilted face gives each point
/// its true gap, and the position is put halfway between the incident point and that plane.
func clipFeatures(
    reference: ContactFeature, incident: ContactFeature, margin: Double, into candidates: inout ContactCandidates
) -> Bool {
    guard reference.count >= 2, incident.count >= 2 else { return false }
    let m = reference.normal
    let r0 = reference.points[0]
    var poly = ClipPolygon()
    for i in 0..<incident.count { poly.points[i] = incident.points[i] }
    poly.count = incident.count
    if reference.count == 2 {
        // Two segments: a patch only when they are parallel; then clip to the reference's extent.
        let dr = reference.points[1] - reference.points[0]
        let di = incident.points[1] - incident.points[0]
        guard let ur = dr.normalized, let ui = di.normalized, ur.cross(ui).norm < 0.05 else { return false }
        poly.clip(ur, ur.dot(reference.points[1]))
        poly.clip(-ur, -ur.dot(reference.points[0]))
    } else {
        var centroid = Vec3.zero
        for i in 0..<reference.count { centroid += reference.points[i] }
        centroid = (1 / Double(reference.count)) * centroid
        for i in 0..<reference.count {
            let v0 = reference.points[i]
            let v1 = reference.points[i + 1 == reference.count ? 0 : i + 1]
            guard var s = (v1 - v0).cross(m).normalized else { continue }
            if s.dot(centroid - v0) > 0 { s = -s }
            poly.clip(s, s.dot(v0))
        }
    }
    guard poly.count > 0 else { return false }
    let before = candidates.count
    // A clipped segment comes back as a closed two-point "polygon" with repeated points; skip repeats.
    for i in 0..<poly.count {
        let p = poly.points[i]
        var repeated = false
        for j in before..<candidates.count where (candidates.position[j] - p).squaredNorm < 1e-18 { repeated = true }
        if repeated { continue }
        let depth = m.dot(r0 - p)
        guard depth >= -margin else { continue }
        // Keep the incident point itself for the duplicate test; shift to midway below.
        candidates.append(p, depth)
    }
    for j in before..<candidates.count {
        candidates.position[j] += (0.5 * candidates.depth[j]) * m
    }
    return candidates.count > before
}
