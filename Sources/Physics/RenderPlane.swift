import Spatial

extension Renderer {
    /// Draws a plane (local z = 0, normal +z) as a square of half side `style.planeHalfExtent`
    /// with a checker texture, visible only from its +z side.
    ///
    /// One square rather than two triangles: the scan-converter takes convex polygons, so there is
    /// no diagonal seam. Near-plane clipping matters most here, since a floor under the camera
    /// always crosses z = near.
    func drawPlane(cameraFromShape: Transform, lightInShape light: Vec3, color: Vec3) {
        let r = cameraFromShape.rotation
        let t = cameraFromShape.translation
        let normal = r.c2
        guard normal.dot(t) < 0 else { return }  // camera below (or in) the plane
        let half = style.planeHalfExtent
        let ex = half * r.c0, ey = half * r.c1
        polygonIn[0] = t - ex - ey
        polygonIn[1] = t + ex - ey
        polygonIn[2] = t + ex + ey
        polygonIn[3] = t - ex + ey

        let shade = Renderer.lambert(light.z, style)
        let contrast = style.checkerContrast / 2
        var paint = PolygonPaint(light: Renderer.quantize((shade * (1 + contrast)) * color),
                                 dark: Renderer.quantize((shade * (1 - contrast)) * color),
                                 isChecker: style.checkerContrast != 0)
        // In-plane coordinates of the camera-frame point p are (c0 · (p − t), c1 · (p − t)), and
        // p = z·r(u, v) with r affine in (u, v): fold the affine parts into per-axis coefficients.
        let k = intrinsics
        let scale = 1 / style.checkerSize
        let (a, b) = (scale * r.c0, scale * r.c1)
        paint.sU = a.x / k.fx
        paint.sV = a.y / k.fy
        paint.s1 = a.z - a.x * k.cx / k.fx - a.y * k.cy / k.fy
        paint.s0 = a.dot(t)
        paint.tU = b.x / k.fx
        paint.tV = b.y / k.fy
        paint.t1 = b.z - b.x * k.cx / k.fx - b.y * k.cy / k.fy
        paint.t0 = b.dot(t)
        fillPolygon(count: 4, normal: normal, paint: paint)
    }
}
