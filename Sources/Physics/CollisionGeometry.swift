import Spatial

// Closest-point routines the collision families share (after Ericson, "Real-Time Collision
// Detection", ch. 5). Segments are given by their two end points.

/// The parameter `t ∈ [0, 1]` of the point of segment `p + t·d` closest to `q`.
@inline(__always)
func closestParameterOnSegment(_ p: Vec3, _ d: Vec3, to q: Vec3) -> Double {
    let dd = d.squaredNorm
    guard dd > 1e-300 else { return 0 }
    return min(max((q - p).dot(d) / dd, 0), 1)
}

/// Parameters `(s, t)` of the closest points `p1 + s·d1` and `p2 + t·d2` of two segments.
/// For parallel segments any pair of closest points is valid; this one takes `s = 0` where it can,
/// which is why the capsule routine handles the parallel case itself.
@inline(__always)
func closestParametersSegmentSegment(_ p1: Vec3, _ d1: Vec3, _ p2: Vec3, _ d2: Vec3) -> (Double, Double) {
    let r = p1 - p2
    let a = d1.squaredNorm
    let e = d2.squaredNorm
    let f = d2.dot(r)
    let tiny = 1e-300
    if a <= tiny && e <= tiny { return (0, 0) }
    if a <= tiny { return (0, min(max(f / e, 0), 1)) }
    let c = d1.dot(r)
    if e <= tiny { return (min(max(-c / a, 0), 1), 0) }
    let b = d1.dot(d2)
    let denom = a * e - b * b
    var s = denom > 1e-14 * a * e ? min(max((b * f - c * e) / denom, 0), 1) : 0
    var t = (b * s + f) / e
    if t < 0 {
        t = 0
        s = min(max(-c / a, 0), 1)
    } else if t > 1 {
        t = 1
        s = min(max((b - c) / a, 0), 1)
    }
    return (s, t)
}

/// The barycentric coordinates of the point of triangle `abc` closest to the origin (Ericson 5.1.5,
/// Voronoi-region tests); zero weights mark the vertices GJK may drop from its simplex.
@inline(__always)
func closestBarycentricTriangle(_ a: Vec3, _ b: Vec3, _ c: Vec3) -> (Double, Double, Double) {
    let ab = b - a, ac = c - a
    let ap = -a
    let d1 = ab.dot(ap), d2 = ac.dot(ap)
    if d1 <= 0 && d2 <= 0 { return (1, 0, 0) }
    let bp = -b
    let d3 = ab.dot(bp), d4 = ac.dot(bp)
    if d3 >= 0 && d4 <= d3 { return (0, 1, 0) }
    let vc = d1 * d4 - d3 * d2
    if vc <= 0 && d1 >= 0 && d3 <= 0 {
        let v = d1 / (d1 - d3)
        return (1 - v, v, 0)
    }
    let cp = -c
    let d5 = ab.dot(cp), d6 = ac.dot(cp)
    if d6 >= 0 && d5 <= d6 { return (0, 0, 1) }
    let vb = d5 * d2 - d1 * d6
    if vb <= 0 && d2 >= 0 && d6 <= 0 {
        let w = d2 / (d2 - d6)
        return (1 - w, 0, w)
    }
    let va = d3 * d6 - d5 * d4
    if va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0 {
        let w = (d4 - d3) / ((d4 - d3) + (d5 - d6))
        return (0, 1 - w, w)
    }
    let denom = va + vb + vc
    guard abs(denom) > 1e-300 else { return (1, 0, 0) }
    let v = vb / denom, w = vc / denom
    return (1 - v - w, v, w)
}

/// Some unit vector perpendicular to the unit vector `n` (for normals of coincident centres).
@inline(__always)
func anyPerpendicular(_ n: Vec3) -> Vec3 {
    let other = abs(n.x) < 0.6 ? Vec3.unitX : (abs(n.y) < 0.6 ? Vec3.unitY : Vec3.unitZ)
    return n.cross(other).normalized ?? .unitX
}

@inline(__always)
func sign(_ x: Double) -> Double { x < 0 ? -1 : 1 }

@inline(__always)
func clamp(_ x: Double, _ lo: Double, _ hi: Double) -> Double { min(max(x, lo), hi) }
