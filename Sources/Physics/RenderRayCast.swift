import Spatial

extension Renderer {
    /// Draws a curved solid by casting one ray per pixel centre inside its projected bounds.
    ///
    /// Exact where tessellation is not: the silhouette is the true one (to the pixel-centre
    /// sampling), depth is the exact first intersection, and shading uses the true normal. The
    /// cost is one quadratic solve per pixel of the bounding rectangle, which for table-top
    /// objects is a few hundred pixels; pixels already nearer than the solid's nearest possible
    /// point are skipped before any arithmetic.
    ///
    /// Near-plane semantics match the polygon path: a surface point nearer than `nearPlane` is
    /// clipped, and because back faces are never drawn the ray then shows what lies behind.
    func rayCast<S: RaySurface>(_ surface: S, cameraFromShape: Transform, lightInShape light: Vec3, color: Vec3) {
        let r = cameraFromShape.rotation
        let t = cameraFromShape.translation
        let origin = -r.transposedTimes(t)  // camera centre in the shape's frame
        guard !surface.contains(origin) else { return }

        // Pixel bounds from the projected bounding box: perspective maps the convex box to a
        // region containing the solid's image, as long as the whole box is in front of the camera.
        let near = nearPlane
        let k = intrinsics
        let h = surface.boundingHalfExtents
        let ex = h.x * r.c0, ey = h.y * r.c1, ez = h.z * r.c2
        var zMin = Double.infinity, zMax = -Double.infinity
        var uMin = Double.infinity, uMax = -Double.infinity
        var vMin = Double.infinity, vMax = -Double.infinity
        for index in 0..<8 {
            var p = t
            p += index & 1 != 0 ? ex : -ex
            p += index & 2 != 0 ? ey : -ey
            p += index & 4 != 0 ? ez : -ez
            zMin = min(zMin, p.z)
            zMax = max(zMax, p.z)
            if p.z > 0 {
                let u = k.fx * p.x / p.z + k.cx
                let v = k.fy * p.y / p.z + k.cy
                uMin = min(uMin, u)
                uMax = max(uMax, u)
                vMin = min(vMin, v)
                vMax = max(vMax, v)
            }
        }
        guard zMax >= near else { return }
        var colFirst = 0, colLast = width - 1, rowFirst = 0, rowLast = height - 1
        if zMin >= near {
            // Clamp in floating point first: bounds of a box near the camera plane can be huge.
            colFirst = Int(max(0, uMin.rounded(.up)))
            colLast = Int(min(Double(width - 1), uMax.rounded(.down)))
            rowFirst = Int(max(0, vMin.rounded(.up)))
            rowLast = Int(min(Double(height - 1), vMax.rounded(.down)))
            guard colFirst <= colLast, rowFirst <= rowLast else { return }
        }

        // No point of the solid is nearer than its bounding box's nearest corner.
        let depthFloor = Float(max(zMin, near)).nextDown
        let w = width
        let rgb = rgbStorage
        let depthBuffer = depthStorage
        let invFx = 1 / k.fx, invFy = 1 / k.fy
        for row in rowFirst...rowLast {
            // Ray through the pixel, camera z = 1, expressed in the shape's frame: rᵀ·(x, y, 1).
            let rowDirection = ((Double(row) - k.cy) * invFy) * r.r1 + r.r2
            let rowBase = row * w
            for col in colFirst...colLast {
                let i = rowBase + col
                guard depthBuffer[i] > depthFloor else { continue }
                let direction = ((Double(col) - k.cx) * invFx) * r.r0 + rowDirection
                guard let hit = surface.entry(origin: origin, direction: direction), hit.t >= near else { continue }
                let z = Float(hit.t)
                guard z < depthBuffer[i] else { continue }
                depthBuffer[i] = z
                let shade = Renderer.lambert(hit.normal.dot(light), style)
                rgb[3 * i] = Renderer.quantize(shade * color.x)
                rgb[3 * i + 1] = Renderer.quantize(shade * color.y)
                rgb[3 * i + 2] = Renderer.quantize(shade * color.z)
            }
        }
    }
}
