import Spatial

extension Renderer {
    /// Draws a box as its (at most three) camera-facing faces, each a flat-shaded quad.
    ///
    /// The eight corners are transformed once and shared by the faces, so neighbouring faces
    /// project their common edge identically (the polygon rasteriser relies on that for
    /// crack-free edges). Culling is decided in 3-D before any projection: face `±k` faces the
    /// camera iff the camera lies on its outer side, `±(axis_k · t) + h_k < 0` in camera terms.
    func drawBox(halfExtents h: Vec3, cameraFromShape: Transform, lightInShape light: Vec3, color: Vec3) {
        let r = cameraFromShape.rotation
        let t = cameraFromShape.translation
        let ex = h.x * r.c0, ey = h.y * r.c1, ez = h.z * r.c2
        var farthest = -Double.infinity
        for index in 0..<8 {
            var p = t
            p += index & 1 != 0 ? ex : -ex
            p += index & 2 != 0 ? ey : -ey
            p += index & 4 != 0 ? ez : -ez
            corners[index] = p
            farthest = max(farthest, p.z)
        }
        guard farthest >= nearPlane else { return }  // wholly behind the camera

        for face in 0..<6 {
            let axis = face >> 1
            let sign: Double = face & 1 == 1 ? 1 : -1
            let column = axis == 0 ? r.c0 : (axis == 1 ? r.c1 : r.c2)
            guard sign * column.dot(t) + h[axis] < 0 else { continue }  // back-facing or edge-on
            // Walk the face's corners in cyclic order over the two other axes (i, j):
            // (−,−), (+,−), (+,+), (−,+) in corner-index bits.
            let base = face & 1 == 1 ? 1 << axis : 0
            let bitI = 1 << ((axis + 1) % 3)
            let bitJ = 1 << ((axis + 2) % 3)
            polygonIn[0] = corners[base]
            polygonIn[1] = corners[base | bitI]
            polygonIn[2] = corners[base | bitI | bitJ]
            polygonIn[3] = corners[base | bitJ]
            let shade = Renderer.lambert(sign * light[axis], style)
            fillPolygon(count: 4, normal: sign * column, paint: .solid(Renderer.quantize(shade * color)))
        }
    }
}
