import Spatial

/// A convex curved solid the renderer ray casts, in its own frame (axis along local z).
///
/// Rays are `origin + t·direction` with the direction's camera-frame z equal to 1, so the hit
/// parameter `t` is directly the depth the depth image stores. The origin is always outside the
/// solid (`contains` is checked once per item), so a single entry point exists per ray.
protocol RaySurface {
    /// Half extents of the solid's axis-aligned bounding box, for its projected pixel bounds.
    var boundingHalfExtents: Vec3 { get }
    /// Whether a point is inside or on the solid; a camera there sees none of it.
    func contains(_ p: Vec3) -> Bool
    /// Where the ray first enters the solid: parameter `t ≥ 0` and the outward unit normal.
    func entry(origin o: Vec3, direction d: Vec3) -> (t: Double, normal: Vec3)?
}

/// The nearer root of `a t² + 2 b t + c = 0` (the ray entering a quadric), if real.
@inline(__always)
private func enteringRoot(a: Double, b: Double, c: Double) -> Double? {
    let discriminant = b * b - a * c
    guard discriminant >= 0 else { return nil }
    return (-b - discriminant.squareRoot()) / a
}

struct RaySphere: RaySurface {
    var radius: Double

    var boundingHalfExtents: Vec3 { Vec3(radius, radius, radius) }

    func contains(_ p: Vec3) -> Bool { p.squaredNorm <= radius * radius }

    @inline(__always)
    func entry(origin o: Vec3, direction d: Vec3) -> (t: Double, normal: Vec3)? {
        guard let t = enteringRoot(a: d.squaredNorm, b: o.dot(d), c: o.squaredNorm - radius * radius),
              t >= 0 else { return nil }
        return (t, (1 / radius) * (o + t * d))
    }
}

/// A cylinder with flat caps: the intersection of an infinite cylinder and a slab `|z| ≤ h`.
struct RayCylinder: RaySurface {
    var radius: Double
    var halfLength: Double

    var boundingHalfExtents: Vec3 { Vec3(radius, radius, halfLength) }

    func contains(_ p: Vec3) -> Bool {
        abs(p.z) <= halfLength && p.x * p.x + p.y * p.y <= radius * radius
    }

    @inline(__always)
    func entry(origin o: Vec3, direction d: Vec3) -> (t: Double, normal: Vec3)? {
        // Entry is the later of the two entries (side, slab) and must precede both exits.
        var enter = -Double.infinity, exit = Double.infinity
        var throughSide = false
        let a = d.x * d.x + d.y * d.y
        let b = o.x * d.x + o.y * d.y
        let c = o.x * o.x + o.y * o.y - radius * radius
        if a > 1e-300 {
            let discriminant = b * b - a * c
            guard discriminant >= 0 else { return nil }
            let root = discriminant.squareRoot()
            enter = (-b - root) / a
            exit = (-b + root) / a
            throughSide = true
        } else if c > 0 {
            return nil  // parallel to the axis, outside the radius
        }
        if d.z != 0 {
            let inv = 1 / d.z
            let t0 = (-halfLength - o.z) * inv
            let t1 = (halfLength - o.z) * inv
            let (slabEnter, slabExit) = t0 < t1 ? (t0, t1) : (t1, t0)
            if slabEnter > enter {
                enter = slabEnter
                throughSide = false
            }
            exit = min(exit, slabExit)
        } else if abs(o.z) > halfLength {
            return nil
        }
        guard enter <= exit, enter >= 0 else { return nil }
        if throughSide {
            let p = o + enter * d
            return (enter, Vec3(p.x / radius, p.y / radius, 0))
        }
        return (enter, Vec3(0, 0, d.z > 0 ? -1 : 1))
    }
}

/// A capsule: the points within `radius` of the segment `z ∈ [−h, h]` on the local z axis.
struct RayCapsule: RaySurface {
    var radius: Double
    var halfLength: Double

    var boundingHalfExtents: Vec3 { Vec3(radius, radius, halfLength + radius) }

    func contains(_ p: Vec3) -> Bool {
        let z = min(max(p.z, -halfLength), halfLength)
        return p.x * p.x + p.y * p.y + (p.z - z) * (p.z - z) <= radius * radius
    }

    @inline(__always)
    func entry(origin o: Vec3, direction d: Vec3) -> (t: Double, normal: Vec3)? {
        // The capsule is the union of a side cylinder and two end spheres, each convex, so the
        // first entry into the union is the earliest entry into any piece. A side entry outside
        // |z| ≤ h can be ignored: the ray then enters the finite cylinder through a cap, which lies
        // inside an end sphere that the ray has entered earlier. Pieces entered at t < 0 are wholly
        // behind the camera, because the camera is outside every piece.
        let r2 = radius * radius
        var best = Double.infinity
        var normal = Vec3.zero
        let a = d.x * d.x + d.y * d.y
        if a > 1e-300,
           let t = enteringRoot(a: a, b: o.x * d.x + o.y * d.y, c: o.x * o.x + o.y * o.y - r2), t >= 0 {
            let p = o + t * d
            if abs(p.z) <= halfLength {
                best = t
                normal = Vec3(p.x / radius, p.y / radius, 0)
            }
        }
        let dd = d.squaredNorm
        for sign in 0..<2 {
            let centre = sign == 0 ? -halfLength : halfLength
            let oc = Vec3(o.x, o.y, o.z - centre)
            if let t = enteringRoot(a: dd, b: oc.dot(d), c: oc.squaredNorm - r2), t >= 0, t < best {
                best = t
                normal = (1 / radius) * (oc + t * d)
            }
        }
        return best < .infinity ? (best, normal) : nil
    }
}
