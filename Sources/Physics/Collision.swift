import Spatial

// The narrow phase, laid out like MuJoCo's `engine_collision_*.c`: this file is the entry point and
// the pair table; each collision family lives in its own file, read in this order:
//
//   AABB.swift               bounding boxes (`boundingBox`) the broad phase sorts
//   Broadphase.swift         sweep and prune → candidate pairs for `collide`
//   CollisionPlane.swift     plane × {sphere, capsule, box, cylinder}
//   CollisionSphere.swift    sphere × {sphere, capsule, box, cylinder}
//   CollisionCapsule.swift   capsule × {capsule, box}
//   CollisionBox.swift       box × box (separating axes + face clipping)
//   CollisionConvex.swift    cylinder × {capsule, box, cylinder} (GJK + EPA + feature clipping)
//   CollisionManifold.swift  shared tools: candidate lists, point reduction, polygon clipping
//   CollisionGeometry.swift  shared closest-point routines (segments, triangles)

/// Appends the contacts between shape `a` at world pose `poseA` and shape `b` at `poseB` to `buffer`
/// (normal pointing from a to b, `Contact.a = ids.0`, `Contact.b = ids.1`), reporting pairs whose gap is
/// below `margin` (depth ≥ −margin). Returns how many contacts it added. Never allocates.
///
/// Each pair is handled by one routine written for the lower-ranked shape first
/// (plane < sphere < capsule < box < cylinder); the other argument order swaps the shapes and flips
/// the normal on the way out, so both orders give the same points with opposite normals.
/// Two shapes of the same kind are put in a canonical order (by pose, then size) before the routine
/// runs, so both argument orders do exactly the same arithmetic and the result does not depend on
/// which geom the caller listed first — part of keeping the simulator deterministic.
/// Plane–plane never collides (planes are static).
@discardableResult
public func collide(
    _ a: Shape, _ poseA: Transform, _ b: Shape, _ poseB: Transform,
    ids: (Int32, Int32), margin: Double, into buffer: ContactBuffer
) -> Int {
    let before = buffer.count
    let (rankA, rankB) = (a.collisionRank, b.collisionRank)
    if rankA < rankB || (rankA == rankB && pairOrder(a, poseA, b, poseB)) {
        var sink = ContactSink(buffer: buffer, a: ids.0, b: ids.1, flip: false, margin: margin)
        collideOrdered(a, poseA, b, poseB, &sink)
    } else {
        var sink = ContactSink(buffer: buffer, a: ids.0, b: ids.1, flip: true, margin: margin)
        collideOrdered(b, poseB, a, poseA, &sink)
    }
    return buffer.count - before
}

extension Shape {
    /// The order of the pair table: a pair routine takes the lower-ranked shape as its first argument.
    @inline(__always)
    var collisionRank: Int {
        switch self {
        case .plane: return 0
        case .sphere: return 1
        case .capsule: return 2
        case .box: return 3
        case .cylinder: return 4
        }
    }
}

/// Whether `(a, poseA)` goes first among two shapes of the same kind: lexicographic on translation,
/// rotation, then size. Identical inputs are symmetric, so either answer is right for them.
@inline(__always)
private func pairOrder(_ a: Shape, _ poseA: Transform, _ b: Shape, _ poseB: Transform) -> Bool {
    let ka = sortKey(a, poseA), kb = sortKey(b, poseB)
    for i in ka.indices where ka[i] != kb[i] { return ka[i] < kb[i] }
    return true
}

@inline(__always)
private func sortKey(_ s: Shape, _ p: Transform) -> InlineArray<15, Double> {
    var size = Vec3.zero
    switch s {
    case .plane: break
    case let .sphere(r): size.x = r
    case let .box(h): size = h
    case let .capsule(r, hl), let .cylinder(r, hl): size = Vec3(r, hl, 0)
    }
    let t = p.translation, r = p.rotation
    return [t.x, t.y, t.z, r.r0.x, r.r0.y, r.r0.z, r.r1.x, r.r1.y, r.r1.z, r.r2.x, r.r2.y, r.r2.z, size.x, size.y, size.z]
}

/// Where pair routines put their contacts: applies the margin test, flips the normal when the caller
/// gave the shapes in the other order, and stamps the geom ids. A struct holding the buffer reference,
/// so passing it around costs nothing.
struct ContactSink {
    let buffer: ContactBuffer
    let a: Int32
    let b: Int32
    let flip: Bool
    let margin: Double

    /// Adds one contact given in the routine's own order (`normal` from its first shape to its second).
    @inline(__always)
    func add(position: Vec3, normal: Vec3, depth: Double) {
        guard depth >= -margin, depth.isFinite else { return }
        buffer.append(Contact(position: position, normal: flip ? -normal : normal, depth: depth, a: a, b: b))
    }
}

/// The pair table; `first.collisionRank <= second.collisionRank`.
@inline(__always)
private func collideOrdered(_ s1: Shape, _ p1: Transform, _ s2: Shape, _ p2: Transform, _ sink: inout ContactSink) {
    switch (s1, s2) {
    case (.plane, .plane):
        return
    case let (.plane, .sphere(r)):
        collidePlaneSphere(p1, r, p2, &sink)
    case let (.plane, .capsule(r, hl)):
        collidePlaneCapsule(p1, r, hl, p2, &sink)
    case let (.plane, .box(h)):
        collidePlaneBox(p1, h, p2, &sink)
    case let (.plane, .cylinder(r, hl)):
        collidePlaneCylinder(p1, r, hl, p2, &sink)
    case let (.sphere(ra), .sphere(rb)):
        collideSphereSphere(p1.translation, ra, p2.translation, rb, &sink)
    case let (.sphere(ra), .capsule(rb, hl)):
        collideSphereCapsule(p1.translation, ra, p2, rb, hl, &sink)
    case let (.sphere(ra), .box(h)):
        collideSphereBox(p1.translation, ra, p2, h, &sink)
    case let (.sphere(ra), .cylinder(rb, hl)):
        collideSphereCylinder(p1.translation, ra, p2, rb, hl, &sink)
    case let (.capsule(ra, hla), .capsule(rb, hlb)):
        collideCapsuleCapsule(p1, ra, hla, p2, rb, hlb, &sink)
    case let (.capsule(r, hl), .box(h)):
        collideCapsuleBox(p1, r, hl, p2, h, &sink)
    case let (.box(ha), .box(hb)):
        collideBoxBox(p1, ha, p2, hb, &sink)
    default:
        // Every remaining pair has a cylinder second: the general convex path.
        collideConvex(ConvexGeom(s1, p1), ConvexGeom(s2, p2), &sink)
    }
}
