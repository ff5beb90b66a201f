import Spatial

/// What a rasterised polygon writes into its pixels: one colour, or a two-colour checker laid on
/// the polygon's own plane (used for ground planes; see `RenderStyle`).
struct PolygonPaint {
    var light: (UInt8, UInt8, UInt8)
    var dark: (UInt8, UInt8, UInt8)
    var isChecker: Bool
    /// For the checker: the surface point seen at pixel `(u, v)` with depth `z` has in-plane
    /// coordinates `s = z·(sU·u + sV·v + s1) − s0` and `t = z·(tU·u + tV·v + t1) − t0`, already
    /// divided by the checker size.
    var sU = 0.0, sV = 0.0, s1 = 0.0, s0 = 0.0
    var tU = 0.0, tV = 0.0, t1 = 0.0, t0 = 0.0

    static func solid(_ color: (UInt8, UInt8, UInt8)) -> PolygonPaint {
        PolygonPaint(light: color, dark: color, isChecker: false)
    }
}

extension Renderer {
    /// Draws the convex planar polygon `polygonIn[0..<count]` (camera frame) whose unit normal
    /// `normal` faces the camera. Clips it against `z ≥ nearPlane`, scan-converts it row by row,
    /// and writes every pixel centre it covers that is strictly nearer than the depth buffer.
    ///
    /// Coverage follows a top-left-style rule made exact by construction: an edge shared by two
    /// polygons gets bit-identical (negated) equations in both, and exactly one of them owns pixel
    /// centres lying on it, so adjacent faces leave neither cracks nor double hits.
    ///
    /// Depth comes from the plane itself: with `r = ((u − cx)/fx, (v − cy)/fy, 1)` the point seen
    /// at a pixel is `z·r`, and `n · (z·r) = n · p₀` gives `1/z = (n · r)/(n · p₀)`, affine in
    /// `(u, v)`. This is the perspective-correct 1/z interpolation, evaluated without accumulated
    /// error and independent of where clipping put the vertices.
    func fillPolygon(count: Int, normal: Vec3, paint: PolygonPaint) {
        let near = nearPlane
        // Sutherland–Hodgman against the near plane. A crossing point is always computed from the
        // visible endpoint towards the hidden one, so an edge shared by two faces is cut at the
        // same point in both.
        var n = 0
        var vertices = polygonIn
        var allVisible = true
        for i in 0..<count where polygonIn[i].z < near { allVisible = false }
        if allVisible {
            n = count
        } else {
            for i in 0..<count {
                let a = polygonIn[i]
                let b = polygonIn[i + 1 == count ? 0 : i + 1]
                let aIn = a.z >= near
                let bIn = b.z >= near
                if aIn {
                    polygonClipped[n] = a
                    n += 1
                }
                if aIn != bIn {
                    let (p, q) = aIn ? (a, b) : (b, a)
                    let s = (near - p.z) / (q.z - p.z)
                    polygonClipped[n] = Vec3(p.x + s * (q.x - p.x), p.y + s * (q.y - p.y), near)
                    n += 1
                }
            }
            vertices = polygonClipped
        }
        guard n >= 3 else { return }

        let k = intrinsics
        var vMin = Double.infinity, vMax = -Double.infinity
        for i in 0..<n {
            let p = vertices[i]
            let invZ = 1 / p.z
            screenU[i] = k.fx * p.x * invZ + k.cx
            screenV[i] = k.fy * p.y * invZ + k.cy
            vMin = min(vMin, screenV[i])
            vMax = max(vMax, screenV[i])
        }
        let rowFirst = max(0, vMin.rounded(.up))
        let rowLast = min(Double(height - 1), vMax.rounded(.down))
        guard rowFirst <= rowLast else { return }

        // Edge i runs from vertex i to vertex i + 1; c is the cross product of the endpoints so
        // that the reversed edge of a neighbouring polygon yields exactly (−a, −b, −c).
        var twiceArea = 0.0
        for i in 0..<n {
            let j = i + 1 == n ? 0 : i + 1
            edgeA[i] = screenV[i] - screenV[j]
            edgeB[i] = screenU[j] - screenU[i]
            edgeC[i] = screenU[i] * screenV[j] - screenU[j] * screenV[i]
            twiceArea += edgeC[i]
        }
        guard abs(twiceArea) > 1e-12 else { return }
        if twiceArea < 0 {
            for i in 0..<n {
                edgeA[i] = -edgeA[i]
                edgeB[i] = -edgeB[i]
                edgeC[i] = -edgeC[i]
            }
        }

        let planeOffset = normal.dot(vertices[0])  // n · p₀ < 0 for a face towards the camera
        let depthU = normal.x / (k.fx * planeOffset)
        let depthV = normal.y / (k.fy * planeOffset)
        let depth1 = (normal.z - normal.x * k.cx / k.fx - normal.y * k.cy / k.fy) / planeOffset

        let w = width
        let rgb = rgbStorage
        let depthBuffer = depthStorage
        let (lr, lg, lb) = paint.light
        let (dr, dg, db) = paint.dark
        // Adding an even number of squares keeps checker coordinates positive, so truncation is
        // floor and parity is unchanged; it avoids a libm floor call per pixel.
        let checkerShift = 1_048_576.0

        for row in Int(rowFirst)...Int(rowLast) {
            let v = Double(row)
            // Intersect the row with every edge's half-plane: left edges (a > 0) bound from below
            // and own pixel centres on them, right edges (a < 0) bound from above and do not.
            var lower = 0.0
            var upper = Double(w)
            var empty = false
            for e in 0..<n {
                let a = edgeA[e]
                let rest = edgeB[e] * v + edgeC[e]
                if a > 0 {
                    let x = -rest / a
                    if x > lower { lower = x }
                } else if a < 0 {
                    let x = -rest / a
                    if x < upper { upper = x }
                } else if !(rest > 0 || (rest == 0 && edgeB[e] > 0)) {
                    empty = true  // horizontal edge with this row outside (or on a bottom edge)
                    break
                }
            }
            guard !empty, lower < upper else { continue }
            let first = Int(lower.rounded(.up))
            let last = Int(upper.rounded(.up)) - 1
            guard first <= last else { continue }

            let rowInvZ = depthV * v + depth1
            let rowBase = row * w
            if paint.isChecker {
                let rowS = paint.sV * v + paint.s1
                let rowT = paint.tV * v + paint.t1
                for col in first...last {
                    let u = Double(col)
                    let invZ = rowInvZ + depthU * u
                    guard invZ > 0 else { continue }
                    let z = 1 / invZ
                    let zf = Float(z)
                    let i = rowBase + col
                    guard zf < depthBuffer[i] else { continue }
                    depthBuffer[i] = zf
                    let s = z * (rowS + paint.sU * u) - paint.s0 + checkerShift
                    let t = z * (rowT + paint.tU * u) - paint.t0 + checkerShift
                    let odd = (Int(s) &+ Int(t)) & 1 == 1
                    rgb[3 * i] = odd ? dr : lr
                    rgb[3 * i + 1] = odd ? dg : lg
                    rgb[3 * i + 2] = odd ? db : lb
                }
            } else {
                for col in first...last {
                    let invZ = rowInvZ + depthU * Double(col)
                    guard invZ > 0 else { continue }
                    let zf = Float(1 / invZ)
                    let i = rowBase + col
                    guard zf < depthBuffer[i] else { continue }
                    depthBuffer[i] = zf
                    rgb[3 * i] = lr
                    rgb[3 * i + 1] = lg
                    rgb[3 * i + 2] = lb
                }
            }
        }
    }
}
