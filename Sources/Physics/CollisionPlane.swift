import Spatial

// Plane × {sphere, capsule, box, cylinder}. The plane is the z = 0 plane of its pose with +z outward
// and is treated as a half-space: anything below it is penetrating, however deep. Normals point from
// the plane to the other shape, i.e. along the plane's +z.

/// Sphere over a plane: one point; depth = r − height of the centre.
func collidePlaneSphere(_ plane: Transform, _ r: Double, _ sphere: Transform, _ sink: inout ContactSink) {
    let n = plane.rotation.c2
    let c = sphere.translation
    let h = n.dot(c - plane.translation)
    // Midway between the sphere's lowest point (c − r n) and its projection on the plane (c − h n).
    sink.add(position: c - (0.5 * (r + h)) * n, normal: n, depth: r - h)
}

/// Capsule over a plane: its two end spheres, so a lying capsule gets a line of support.
func collidePlaneCapsule(_ plane: Transform, _ r: Double, _ hl: Double, _ capsule: Transform, _ sink: inout ContactSink) {
    let n = plane.rotation.c2
    let axis = hl * capsule.rotation.c2
    let ends: InlineArray<2, Vec3> = [capsule.translation + axis, capsule.translation - axis]
    for index in ends.indices {
        let end = ends[index]
        let h = n.dot(end - plane.translation)
        sink.add(position: end - (0.5 * (r + h)) * n, normal: n, depth: r - h)
    }
}

/// Box over a plane: every corner within the margin is a candidate and the four deepest are kept —
/// exactly the four corners of a resting face, however the box is turned about the normal.
func collidePlaneBox(_ plane: Transform, _ h: Vec3, _ box: Transform, _ sink: inout ContactSink) {
    let n = plane.rotation.c2
    // Corner heights are the centre height plus ±(h_i · n·axis_i); precompute the three terms.
    let hc = n.dot(box.translation - plane.translation)
    let ex = h.x * box.rotation.c0, ey = h.y * box.rotation.c1, ez = h.z * box.rotation.c2
    let dx = n.dot(ex), dy = n.dot(ey), dz = n.dot(ez)
    // Quick reject: the lowest corner is above the margin.
    if hc - abs(dx) - abs(dy) - abs(dz) > sink.margin { return }
    var candidates = ContactCandidates()
    for i in 0..<8 {
        let sx: Double = (i & 1) == 0 ? -1 : 1
        let sy: Double = (i & 2) == 0 ? -1 : 1
        let sz: Double = (i & 4) == 0 ? -1 : 1
        let height = hc + sx * dx + sy * dy + sz * dz
        guard -height >= -sink.margin else { continue }
        let corner = box.translation + sx * ex + sy * ey + sz * ez
        candidates.append(corner - (0.5 * height) * n, -height)
    }
    candidates.emitDeepest(4, normal: n, &sink)
}

/// Cylinder over a plane: points on the rims, after MuJoCo's `mjc_PlaneCylinder`. The lowest rim point
/// of each cap handles a lying or tilted cylinder (two points along the contact line when lying); when
/// the cylinder stands, three more points on the lower rim at 90° steps make the cap rest flat. Of the
/// up to six candidates within the margin the four deepest are kept.
func collidePlaneCylinder(_ plane: Transform, _ r: Double, _ hl: Double, _ cyl: Transform, _ sink: inout ContactSink) {
    let n = plane.rotation.c2
    let axis = cyl.rotation.c2
    let c = cyl.translation
    let hc = n.dot(c - plane.translation)
    let na = n.dot(axis)
    // Direction, perpendicular to the axis, of the lowest rim points: −(n − (n·a) a), normalised.
    let radialRaw = na * axis - n
    let radial: Vec3
    let sinTilt = radialRaw.norm
    if sinTilt > 1e-9 { radial = (1 / sinTilt) * radialRaw } else { radial = anyPerpendicular(axis) }
    // Quick reject: the lowest point of the cylinder is above the margin.
    if hc - hl * abs(na) - r * sinTilt > sink.margin { return }
    let lowerSign: Double = na > 0 ? -1 : 1
    let lowerCap = c + (lowerSign * hl) * axis
    let upperCap = c - (lowerSign * hl) * axis
    let side = axis.cross(radial)
    let rim: InlineArray<5, Vec3> = [
        lowerCap + r * radial, upperCap + r * radial, lowerCap + r * side, lowerCap - r * side, lowerCap - r * radial,
    ]
    var candidates = ContactCandidates()
    for i in rim.indices {
        let height = n.dot(rim[i] - plane.translation)
        if height <= sink.margin { candidates.append(rim[i] - (0.5 * height) * n, -height) }
    }
    candidates.emitDeepest(4, normal: n, &sink)
}
