import Spatial

// Sphere × {sphere, capsule, box, cylinder}: each reduces to the closest point of the other shape to
// the sphere's centre, which is exact and gives one contact. Normals point from the sphere outward.

/// Two spheres (also the core of sphere–capsule and capsule–capsule, whose axes reduce to points).
/// Coincident centres have no preferred direction; `fallback` (default +z) keeps the result defined.
@inline(__always)
func collideSphereSphere(
    _ ca: Vec3, _ ra: Double, _ cb: Vec3, _ rb: Double, fallback: Vec3 = .unitZ, _ sink: inout ContactSink
) {
    let d = cb - ca
    let dist = d.norm
    if dist - ra - rb > sink.margin { return }
    let n = dist > 1e-12 ? (1 / dist) * d : fallback
    // Midway between the two surface points ca + ra n and cb − rb n.
    let position = 0.5 * ((ca + ra * n) + (cb - rb * n))
    sink.add(position: position, normal: n, depth: ra + rb - dist)
}

/// Sphere against the capsule's axis segment, then sphere–sphere.
func collideSphereCapsule(_ c: Vec3, _ ra: Double, _ capsule: Transform, _ rb: Double, _ hl: Double, _ sink: inout ContactSink) {
    let axis = hl * capsule.rotation.c2
    let p = capsule.translation - axis
    let t = closestParameterOnSegment(p, 2 * axis, to: c)
    collideSphereSphere(c, ra, p + (2 * t) * axis, rb, fallback: anyPerpendicular(capsule.rotation.c2), &sink)
}

/// Sphere against a box: the closest point of the box to the centre. A centre inside the box is pushed
/// out through the nearest face, so a sphere that has tunnelled in still gets a sensible normal.
func collideSphereBox(_ c: Vec3, _ r: Double, _ box: Transform, _ h: Vec3, _ sink: inout ContactSink) {
    let p = box.actInverse(point: c)
    let q = Vec3(clamp(p.x, -h.x, h.x), clamp(p.y, -h.y, h.y), clamp(p.z, -h.z, h.z))
    let diff = p - q
    let dist = diff.norm
    var nLocal: Vec3          // box → sphere, box frame
    var surface: Vec3         // box surface point, box frame
    var depth: Double
    if dist > 1e-12 {
        if dist - r > sink.margin { return }
        nLocal = (1 / dist) * diff
        surface = q
        depth = r - dist
    } else {
        // Inside: leave through the face with the least distance to travel.
        var k = 0
        var best = h.x - abs(p.x)
        if h.y - abs(p.y) < best { k = 1; best = h.y - abs(p.y) }
        if h.z - abs(p.z) < best { k = 2; best = h.z - abs(p.z) }
        nLocal = .zero
        nLocal[k] = sign(p[k])
        surface = p
        surface[k] = sign(p[k]) * h[k]
        depth = r + best
    }
    let n = -(box.rotation * nLocal)   // sphere → box
    let sphereSurface = c + r * n
    sink.add(position: 0.5 * (sphereSurface + box.act(point: surface)), normal: n, depth: depth)
}

/// Sphere against a solid cylinder: the closest point on the cylinder (side, cap, or rim edge), or,
/// for a centre inside, the nearer of the side and the caps.
func collideSphereCylinder(_ c: Vec3, _ r: Double, _ cyl: Transform, _ rc: Double, _ hl: Double, _ sink: inout ContactSink) {
    let p = cyl.actInverse(point: c)
    let rho = (p.x * p.x + p.y * p.y).squareRoot()
    let radial = rho > 1e-12 ? Vec3(p.x / rho, p.y / rho, 0) : Vec3.unitX
    var nLocal: Vec3          // cylinder → sphere, cylinder frame
    var surface: Vec3
    var depth: Double
    if rho > rc || abs(p.z) > hl {
        let q = Vec3(0, 0, clamp(p.z, -hl, hl)) + min(rho, rc) * radial
        let diff = p - q
        let dist = diff.norm
        if dist - r > sink.margin { return }
        nLocal = dist > 1e-12 ? (1 / dist) * diff : radial
        surface = q
        depth = r - dist
    } else if rc - rho < hl - abs(p.z) {
        nLocal = radial
        surface = Vec3(rc * radial.x, rc * radial.y, p.z)
        depth = r + rc - rho
    } else {
        nLocal = Vec3(0, 0, sign(p.z))
        surface = Vec3(p.x, p.y, sign(p.z) * hl)
        depth = r + hl - abs(p.z)
    }
    let n = -(cyl.rotation * nLocal)
    sink.add(position: 0.5 * ((c + r * n) + cyl.act(point: surface)), normal: n, depth: depth)
}
