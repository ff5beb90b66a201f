import Spatial

// Cylinder × {capsule, box, cylinder}: the general convex path.
//
// Choice: GJK + EPA over support functions rather than MPR. GJK (Gilbert–Johnson–Keerthi) gives the
// exact distance and closest points when the cores are apart, which is the case the margin is for;
// EPA (expanding polytope) gives the true minimum-translation depth and normal when they overlap, where
// MPR would give the depth along the centre-to-centre line (wrong for an off-centre cylinder on a box).
// Each shape is a "core" plus a radius (capsule = segment + r, box and cylinder: radius 0), so rounded
// shapes converge in few iterations and their radii are added analytically.
//
// GJK/EPA return one point. For flat contacts (a cylinder standing on a box or on another cylinder, a
// cylinder lying on a face) one point lets the body rock, so a manifold is built from the features the
// two shapes present along the normal (box face / edge, cylinder cap as an inscribed octagon, cylinder
// side line, capsule side line): the incident feature is clipped against the reference feature's side
// planes, as for box–box, and up to 4 well-spread points are kept. A feature is taken as flat when it
// lies within about 3° of perpendicular to the normal. Rims approximated by the octagon lose at most
// 8% of the radius between its vertices; the vertices themselves are exact.

/// Sine of the angle within which a face or a side line counts as facing the contact normal.
private let featureTolerance = 0.05

/// A convex shape as GJK sees it: a core (point, segment, box or cylinder) at a world pose, plus a radius.
struct ConvexGeom {
    enum Core { case point, segment, box, cylinder }
    var core: Core
    var pose: Transform
    /// Box half extents.
    var halfExtents = Vec3.zero
    /// Cylinder radius.
    var coreRadius = 0.0
    /// Segment or cylinder half length.
    var halfLength = 0.0
    /// Radius added around the core (sphere, capsule).
    var inflation = 0.0

    @inline(__always)
    init(_ shape: Shape, _ pose: Transform) {
        self.pose = pose
        switch shape {
        case .plane: core = .point   // never reached: planes have their own routines
        case let .sphere(r): core = .point; inflation = r
        case let .capsule(r, hl): core = .segment; inflation = r; halfLength = hl
        case let .box(h): core = .box; halfExtents = h
        case let .cylinder(r, hl): core = .cylinder; coreRadius = r; halfLength = hl
        }
    }

    var center: Vec3 { pose.translation }

    /// The point of the core farthest along `d` (world).
    @inline(__always)
    func support(_ d: Vec3) -> Vec3 {
        switch core {
        case .point:
            return pose.translation
        case .segment:
            let axis = pose.rotation.c2
            return pose.translation + (sign(axis.dot(d)) * halfLength) * axis
        case .box:
            let l = pose.rotation.transposedTimes(d)
            let h = halfExtents
            return pose.act(point: Vec3(sign(l.x) * h.x, sign(l.y) * h.y, sign(l.z) * h.z))
        case .cylinder:
            let l = pose.rotation.transposedTimes(d)
            let rho = (l.x * l.x + l.y * l.y).squareRoot()
            let s = rho > 1e-12 ? coreRadius / rho : 0
            return pose.act(point: Vec3(s * l.x, s * l.y, sign(l.z) * halfLength))
        }
    }

    /// The surface feature facing the unit direction `d` (radius included).
    func feature(_ d: Vec3) -> ContactFeature {
        var f = ContactFeature()
        f.normal = d
        let axis = pose.rotation.c2
        let c = pose.translation
        switch core {
        case .point:
            f.append(c + inflation * d)
        case .segment:
            let offset = inflation * d
            if abs(axis.dot(d)) < featureTolerance {
                f.append(c + halfLength * axis + offset)
                f.append(c - halfLength * axis + offset)
            } else {
                f.append(c + (sign(axis.dot(d)) * halfLength) * axis + offset)
            }
        case .box:
            let l = pose.rotation.transposedTimes(d)
            let axes: InlineArray<3, Vec3> = [pose.rotation.c0, pose.rotation.c1, pose.rotation.c2]
            let h = halfExtents
            for k in 0..<3 {
                let i = (k + 1) % 3, j = (k + 2) % 3
                if (l[i] * l[i] + l[j] * l[j]).squareRoot() < featureTolerance {
                    return boxFace(c, axes, h, k, sign(l[k]))
                }
            }
            var corner = c
            var edge = -1
            for k in 0..<3 {
                if abs(l[k]) < featureTolerance && edge < 0 { edge = k } else { corner += (sign(l[k]) * h[k]) * axes[k] }
            }
            if edge >= 0 {
                f.append(corner + h[edge] * axes[edge])
                f.append(corner - h[edge] * axes[edge])
            } else {
                f.append(corner)
            }
        case .cylinder:
            let da = axis.dot(d)
            let radialRaw = d - da * axis
            let sinAngle = radialRaw.norm
            let r = coreRadius, hl = halfLength
            if sinAngle < featureTolerance {
                // Cap: the inscribed regular octagon, in cyclic order.
                let capCenter = c + (sign(da) * hl) * axis
                let u = pose.rotation.c0, v = pose.rotation.c1
                let s = 0.70710678118654752
                let dirs: InlineArray<8, (Double, Double)> = [(1, 0), (s, s), (0, 1), (-s, s), (-1, 0), (-s, -s), (0, -1), (s, -s)]
                for i in 0..<8 { f.append(capCenter + (r * dirs[i].0) * u + (r * dirs[i].1) * v) }
                f.normal = sign(da) * axis
            } else {
                let radial = (1 / sinAngle) * radialRaw
                if abs(da) < featureTolerance {
                    f.append(c + r * radial + hl * axis)
                    f.append(c + r * radial - hl * axis)
                } else {
                    f.append(c + r * radial + (sign(da) * hl) * axis)
                }
            }
        }
        return f
    }
}

/// A vertex of the Minkowski difference A − B with the two support points that made it.
struct SupportPoint {
    var w: Vec3
    var a: Vec3
    var b: Vec3

    @inline(__always)
    init(_ ga: ConvexGeom, _ gb: ConvexGeom, _ d: Vec3) {
        a = ga.support(d)
        b = gb.support(-d)
        w = a - b
    }

    init() { w = .zero; a = .zero; b = .zero }
}

/// The GJK simplex: up to 4 support points and the barycentric weights of the closest point.
struct Simplex {
    var p = InlineArray<4, SupportPoint>(repeating: SupportPoint())
    var lambda = InlineArray<4, Double>(repeating: 0)
    var count = 0

    /// Keeps only the vertices with positive weight.
    @inline(__always)
    mutating func compact() {
        var n = 0
        for i in 0..<count where lambda[i] > 0 {
            p[n] = p[i]
            lambda[n] = lambda[i]
            n += 1
        }
        count = n
    }

    /// Replaces the simplex by its sub-simplex closest to the origin; returns true when the origin is
    /// inside the tetrahedron.
    mutating func reduce() -> Bool {
        switch count {
        case 1:
            lambda[0] = 1
        case 2:
            let a = p[0].w, ab = p[1].w - p[0].w
            let t = closestParameterOnSegment(a, ab, to: .zero)
            lambda[0] = 1 - t
            lambda[1] = t
        case 3:
            let (u, v, w) = closestBarycentricTriangle(p[0].w, p[1].w, p[2].w)
            lambda[0] = u; lambda[1] = v; lambda[2] = w
        default:
            // Tetrahedron: the origin is inside unless it is beyond some face; then the closest point
            // is on one of the faces it is beyond.
            let faces: InlineArray<4, (Int, Int, Int, Int)> = [(0, 1, 2, 3), (0, 1, 3, 2), (0, 2, 3, 1), (1, 2, 3, 0)]
            var bestDist = Double.infinity
            var best = InlineArray<4, Double>(repeating: 0)
            var outside = false
            for f in 0..<4 {
                let (i, j, k, o) = faces[f]
                let a = p[i].w, b = p[j].w, c = p[k].w
                let nrm = (b - a).cross(c - a)
                let sideO = -nrm.dot(a), sideD = nrm.dot(p[o].w - a)
                // Beyond this face: the origin and the fourth vertex are on opposite sides
                // (a flat tetrahedron has every face as a candidate).
                guard sideO * sideD < 0 || abs(sideD) < 1e-30 else { continue }
                outside = true
                let (u, v, w) = closestBarycentricTriangle(a, b, c)
                let q = u * a + v * b + w * c
                if q.squaredNorm < bestDist {
                    bestDist = q.squaredNorm
                    best = InlineArray<4, Double>(repeating: 0)
                    best[i] = u
                    best[j] = v
                    best[k] = w
                }
            }
            if !outside { return true }
            for i in 0..<4 { lambda[i] = best[i] }
        }
        compact()
        return false
    }

    var closest: Vec3 {
        var v = Vec3.zero
        for i in 0..<count { v += lambda[i] * p[i].w }
        return v
    }

    var witnesses: (Vec3, Vec3) {
        var a = Vec3.zero, b = Vec3.zero
        for i in 0..<count {
            a += lambda[i] * p[i].a
            b += lambda[i] * p[i].b
        }
        return (a, b)
    }
}

/// GJK on the cores. Returns nil when the cores overlap (or touch to within round-off), leaving in
/// `simplex` the points EPA starts from; otherwise the closest points on A's and B's cores.
func gjkClosestPoints(_ ga: ConvexGeom, _ gb: ConvexGeom, _ simplex: inout Simplex) -> (Vec3, Vec3)? {
    var v = ga.center - gb.center
    if v.squaredNorm < 1e-24 { return nil }
    simplex.count = 0
    for _ in 0..<64 {
        let s = SupportPoint(ga, gb, -v)
        let vv = v.squaredNorm
        // Converged: the new vertex does not get closer to the origin than the current point.
        if simplex.count > 0 && vv - v.dot(s.w) <= 1e-12 * vv { break }
        var duplicate = false
        for i in 0..<simplex.count where (simplex.p[i].w - s.w).squaredNorm < 1e-24 { duplicate = true }
        if duplicate { break }
        simplex.p[simplex.count] = s
        simplex.count += 1
        if simplex.reduce() { return nil }
        v = simplex.closest
        if v.squaredNorm < 1e-20 { return nil }
    }
    return simplex.witnesses
}

/// A triangle of the EPA polytope: vertex indices in counter-clockwise order seen from outside, the
/// neighbouring face across each edge (edge e runs from v[e] to v[(e + 1) % 3]) and which of its edges
/// that is, the outward normal `n` and the distance `dist` of its plane from the origin.
struct EPAFace {
    var v = InlineArray<3, Int>(repeating: 0)
    var adj = InlineArray<3, Int>(repeating: 0)
    var adjEdge = InlineArray<3, Int>(repeating: 0)
    var n = Vec3.zero
    var dist = 0.0
    var alive = true
}

/// The expanding polytope, in fixed-capacity storage. Faces are never moved (dead ones stay, flagged,
/// and their slots are reused), so adjacency indices stay valid; the capacities bound the iterations
/// (convergence takes ~10–30 iterations for these shapes).
///
/// The storage (~35 kB) is local `InlineArray`s of `epaPenetration`, on the stack, reached through
/// pointers: element access into large inline arrays held in a struct compiled to whole-array copies
/// (memmove of tens of kB per access, ~300 µs per call); `withUnsafeTemporaryAllocation` avoided that
/// but fell back to the heap in debug builds.
struct EPAPolytope {
    static let maxVertices = 64
    static let maxFaces = 256
    static let maxHorizon = 64
    let verts: UnsafeMutablePointer<SupportPoint>
    var vertexCount = 0
    let faces: UnsafeMutablePointer<EPAFace>
    var faceCount = 0
    let horizon: UnsafeMutablePointer<(face: Int, edge: Int)>
    var horizonCount = 0
    var horizonOverflow = false
    /// Slots below this index hold live faces (removed slots are searched for from here).
    var freeCursor = 0

    /// Adds a face, reusing the slot of a removed one when there is one (nothing alive refers to removed
    /// faces once the horizon is found), so long runs on curved shapes do not exhaust the storage.
    mutating func addFace(_ a: Int, _ b: Int, _ c: Int) -> Int {
        var slot = faceCount
        while freeCursor < faceCount {
            if !faces[freeCursor].alive { slot = freeCursor; break }
            freeCursor += 1
        }
        var f = EPAFace()
        f.v[0] = a; f.v[1] = b; f.v[2] = c
        if let n = (verts[b].w - verts[a].w).cross(verts[c].w - verts[a].w).normalized {
            f.n = n
            f.dist = n.dot(verts[a].w)
        } else {
            f.dist = .infinity   // sliver: never the nearest face, never removed by visibility
        }
        faces[slot] = f
        if slot == faceCount { faceCount += 1 }
        return slot
    }

    mutating func link(_ f: Int, _ e: Int, _ g: Int, _ h: Int) {
        faces[f].adj[e] = g; faces[f].adjEdge[e] = h
        faces[g].adj[h] = f; faces[g].adjEdge[h] = e
    }

    /// Flood fill from the removed face across edge `e` of face `f`: faces that see `w` are removed,
    /// the edges where visibility ends form the horizon, in order. Because removal spreads only through
    /// neighbours, the removed region is always a connected patch and the polytope stays a closed
    /// manifold whatever round-off does to individual visibility tests. A sliver (no normal) counts as
    /// not visible: removing a face the new vertex is really behind would fold the polytope inward,
    /// past the origin.
    mutating func silhouette(_ f: Int, _ e: Int, _ w: Vec3) {
        guard faces[f].alive else { return }
        let face = faces[f]
        let sees = face.dist.isFinite ? face.n.dot(w - verts[face.v[0]].w) > 1e-12 : false
        if !sees {
            if horizonCount < Self.maxHorizon {
                horizon[horizonCount] = (f, e)
                horizonCount += 1
            } else {
                horizonOverflow = true
            }
            return
        }
        faces[f].alive = false
        let e1 = (e + 1) % 3, e2 = (e + 2) % 3
        silhouette(face.adj[e1], face.adjEdge[e1], w)
        silhouette(face.adj[e2], face.adjEdge[e2], w)
    }

    func nearestFace() -> Int {
        var best = -1
        for f in 0..<faceCount where faces[f].alive && (best < 0 || faces[f].dist < faces[best].dist) { best = f }
        return best
    }
}

/// EPA: grows a polytope inside A − B from the GJK simplex until its face nearest to the origin is on the
/// boundary. Returns the outward normal of that face (A → B), the depth, and the witness points on the
/// two cores; nil if the simplex could not be made a tetrahedron (degenerate input).
func epaPenetration(_ ga: ConvexGeom, _ gb: ConvexGeom, _ simplex: Simplex) -> (n: Vec3, depth: Double, a: Vec3, b: Vec3)? {
    // Stack storage: local inline arrays (never captured, so never boxed), reached through pointers.
    var vertStorage = InlineArray<64, SupportPoint>(repeating: SupportPoint())
    var faceStorage = InlineArray<256, EPAFace>(repeating: EPAFace())
    var horizonStorage = InlineArray<64, (face: Int, edge: Int)>(repeating: (0, 0))
    return withUnsafeMutablePointer(to: &vertStorage) { verts in
        withUnsafeMutablePointer(to: &faceStorage) { faces in
            withUnsafeMutablePointer(to: &horizonStorage) { horizon in
                var poly = EPAPolytope(
                    verts: UnsafeMutableRawPointer(verts).assumingMemoryBound(to: SupportPoint.self),
                    faces: UnsafeMutableRawPointer(faces).assumingMemoryBound(to: EPAFace.self),
                    horizon: UnsafeMutableRawPointer(horizon).assumingMemoryBound(to: (face: Int, edge: Int).self))
                return expandPolytope(ga, gb, simplex, &poly)
            }
        }
    }
}

/// The body of `epaPenetration`, on storage it provides.
private func expandPolytope(
    _ ga: ConvexGeom, _ gb: ConvexGeom, _ simplex: Simplex, _ poly: inout EPAPolytope
) -> (n: Vec3, depth: Double, a: Vec3, b: Vec3)? {
    var nv = simplex.count
    for i in 0..<nv { poly.verts[i] = simplex.p[i] }
    // Blow the simplex up to a tetrahedron.
    let axes: InlineArray<6, Vec3> = [.unitX, -.unitX, .unitY, -.unitY, .unitZ, -.unitZ]
    if nv == 0 { poly.verts[0] = SupportPoint(ga, gb, .unitX); nv = 1 }
    if nv == 1 {
        for d in 0..<6 {
            let s = SupportPoint(ga, gb, axes[d])
            if (s.w - poly.verts[0].w).squaredNorm > 1e-18 { poly.verts[1] = s; nv = 2; break }
        }
        if nv < 2 { return nil }
    }
    if nv == 2 {
        let line = poly.verts[1].w - poly.verts[0].w
        let p1 = anyPerpendicular(line.normalized ?? .unitX)
        let p2 = line.cross(p1).normalized ?? .unitY
        let directions: InlineArray<4, Vec3> = [p1, -p1, p2, -p2]
        for index in directions.indices {
            let s = SupportPoint(ga, gb, directions[index])
            if line.cross(s.w - poly.verts[0].w).squaredNorm > 1e-18 * max(line.squaredNorm, 1e-12) {
                poly.verts[2] = s; nv = 3; break
            }
        }
        if nv < 3 { return nil }
    }
    if nv == 3 {
        guard let nrm = (poly.verts[1].w - poly.verts[0].w).cross(poly.verts[2].w - poly.verts[0].w).normalized else { return nil }
        let sp = SupportPoint(ga, gb, nrm), sm = SupportPoint(ga, gb, -nrm)
        let hp = nrm.dot(sp.w - poly.verts[0].w), hm = -nrm.dot(sm.w - poly.verts[0].w)
        if max(hp, hm) < 1e-12 { return nil }
        poly.verts[3] = hp >= hm ? sp : sm
        nv = 4
    }
    poly.vertexCount = 4

    // The tetrahedron's faces, oriented outward, and their adjacency (matched by reversed edges).
    let tetrahedron: InlineArray<4, (Int, Int, Int, Int)> = [(0, 1, 2, 3), (0, 3, 1, 2), (0, 2, 3, 1), (1, 3, 2, 0)]
    let orient = (poly.verts[1].w - poly.verts[0].w).cross(poly.verts[2].w - poly.verts[0].w).dot(poly.verts[3].w - poly.verts[0].w)
    for index in tetrahedron.indices {
        let (i, j, k, _) = tetrahedron[index]
        // With positive orientation these faces point inward; swap two vertices to turn them out.
        if orient > 0 { _ = poly.addFace(i, k, j) } else { _ = poly.addFace(i, j, k) }
    }
    for f in 0..<4 {
        for g in 0..<4 where g != f {
            for e in 0..<3 {
                for h in 0..<3 where poly.faces[f].v[e] == poly.faces[g].v[(h + 1) % 3] && poly.faces[f].v[(e + 1) % 3] == poly.faces[g].v[h] {
                    poly.faces[f].adj[e] = g
                    poly.faces[f].adjEdge[e] = h
                }
            }
        }
    }

    var best = poly.nearestFace()
    for _ in 0..<64 {
        guard best >= 0, poly.faces[best].dist.isFinite else { return nil }
        let face = poly.faces[best]
        let s = SupportPoint(ga, gb, face.n)
        let gain = face.n.dot(s.w) - face.dist
        if gain < 1e-10 * (1 + face.dist) { break }
        if poly.vertexCount == EPAPolytope.maxVertices
            || poly.faceCount + EPAPolytope.maxHorizon > EPAPolytope.maxFaces { break }
        let wi = poly.vertexCount
        poly.verts[wi] = s
        poly.vertexCount += 1
        poly.horizonCount = 0
        poly.horizonOverflow = false
        poly.faces[best].alive = false
        for e in 0..<3 { poly.silhouette(face.adj[e], face.adjEdge[e], s.w) }
        if poly.horizonOverflow || poly.horizonCount < 3 { break }   // keep `face`: the last sound answer
        // Cone the horizon to the new vertex.
        poly.freeCursor = 0
        var created = InlineArray<64, Int>(repeating: 0)
        for h in 0..<poly.horizonCount {
            let (f, e) = poly.horizon[h]
            let p = poly.faces[f].v[e], q = poly.faces[f].v[(e + 1) % 3]
            let g = poly.addFace(q, p, wi)
            poly.link(g, 0, f, e)
            created[h] = g
        }
        // New face k = (q_k, p_k, w): its edge 1 (p_k → w) meets the edge 2 (w → q_m) of the face with q_m = p_k.
        for h in 0..<poly.horizonCount {
            let k = created[h]
            let pk = poly.faces[k].v[1]
            for h2 in 0..<poly.horizonCount where poly.faces[created[h2]].v[0] == pk { poly.link(k, 1, created[h2], 2) }
        }
        best = poly.nearestFace()
    }
    guard best >= 0 else { return nil }
    // If the loop stopped after removing `best` (capacity), its data is still intact in the array.
    let face = poly.faces[best]
    // Witness points: barycentric coordinates of the origin's projection on the nearest face.
    let a = poly.verts[face.v[0]], b = poly.verts[face.v[1]], c = poly.verts[face.v[2]]
    let p = face.dist * face.n
    let v0 = b.w - a.w, v1 = c.w - a.w, v2 = p - a.w
    let d00 = v0.dot(v0), d01 = v0.dot(v1), d11 = v1.dot(v1), d20 = v2.dot(v0), d21 = v2.dot(v1)
    let den = d00 * d11 - d01 * d01
    var l1 = 0.0, l2 = 0.0
    if abs(den) > 1e-300 {
        l1 = (d11 * d20 - d01 * d21) / den
        l2 = (d00 * d21 - d01 * d20) / den
    }
    let l0 = 1 - l1 - l2
    return (face.n, face.dist, l0 * a.a + l1 * b.a + l2 * c.a, l0 * a.b + l1 * b.b + l2 * c.b)
}

/// The general convex pair: one point from GJK/EPA, then a clipped manifold for flat contacts.
func collideConvex(_ ga: ConvexGeom, _ gb: ConvexGeom, _ sink: inout ContactSink) {
    // Quick reject with bounding spheres.
    let reach = ga.boundingRadius + gb.boundingRadius + sink.margin
    if (gb.center - ga.center).squaredNorm > reach * reach { return }

    var simplex = Simplex()
    let n: Vec3
    let depth: Double
    var pa: Vec3, pb: Vec3
    if let (ca, cb) = gjkClosestPoints(ga, gb, &simplex) {
        let delta = cb - ca
        let dist = delta.norm
        guard let dir = delta.normalized else { return }
        depth = ga.inflation + gb.inflation - dist
        if depth < -sink.margin { return }
        n = dir
        pa = ca
        pb = cb
    } else if let epa = epaPenetration(ga, gb, simplex) {
        n = epa.n
        depth = epa.depth + ga.inflation + gb.inflation
        pa = epa.a
        pb = epa.b
    } else {
        return
    }
    pa += ga.inflation * n
    pb -= gb.inflation * n

    let fa = ga.feature(n), fb = gb.feature(-n)
    if fa.count >= 2 && fb.count >= 2 {
        var candidates = ContactCandidates()
        let referenceIsA = fa.count >= fb.count
        let ok = clipFeatures(reference: referenceIsA ? fa : fb, incident: referenceIsA ? fb : fa,
                              margin: sink.margin, into: &candidates)
        if ok {
            candidates.emitSpread(normal: n, &sink)
            return
        }
    }
    sink.add(position: 0.5 * (pa + pb), normal: n, depth: depth)
}

extension ConvexGeom {
    /// Radius of a sphere about the pose origin that holds the shape.
    var boundingRadius: Double {
        switch core {
        case .point: return inflation
        case .segment: return halfLength + inflation
        case .box: return halfExtents.norm
        case .cylinder: return (coreRadius * coreRadius + halfLength * halfLength).squareRoot()
        }
    }
}

