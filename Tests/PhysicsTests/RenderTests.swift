import AllocationCounter
import Foundation
import Physics
import Spatial
import XCTest

/// The renderer against analytic truth. Reference values come from closed-form projections and
/// from ray–shape intersections written here independently of the renderer's code paths (boxes
/// and planes are rasterised by the renderer, but checked here by ray casting).
final class RenderTests: XCTestCase {
    /// 128 × 128, 60° vertical field of view: f = 64 / tan 30° ≈ 110.85 px, principal point (63.5, 63.5).
    let intrinsics = CameraIntrinsics(width: 128, height: 128, fovYDegrees: 60)

    /// Renders `items` from a camera at `worldFromCamera` (identity: the world frame is the camera frame).
    func render(_ items: [RenderItem], camera: Transform = .identity) -> Renderer {
        let renderer = Renderer(intrinsics: intrinsics)
        renderer.render(items, worldFromCamera: camera)
        return renderer
    }

    func depth(_ r: Renderer, _ u: Int, _ v: Int) -> Double { Double(r.depth[v * intrinsics.width + u]) }

    func color(_ r: Renderer, _ u: Int, _ v: Int) -> [UInt8] {
        let i = 3 * (v * intrinsics.width + u)
        return [r.rgb[i], r.rgb[i + 1], r.rgb[i + 2]]
    }

    // MARK: Boxes (polygon path)

    /// A fronto-parallel cube face projects to an axis-aligned square whose centre is the
    /// projection of the face centre (projection of a plane parallel to the image is a similarity).
    /// Method: the face's pixels are those at the face's depth; their centroid must land within
    /// 1 px of the projected face centre, and the depth at the pixel nearest that centre must be
    /// the face's distance. (The centroid of the whole cube's pixels would not be the projection of
    /// its centre under perspective, hence the face.)
    func testCubeFaceCentroidAndDepth() throws {
        let half = 0.02
        let centre = Vec3(0.04, -0.03, 0.5)
        let r = render([RenderItem(shape: .box(halfExtents: Vec3(half, half, half)),
                                   pose: Transform(translation: centre), color: Vec3(1, 0, 0))])
        let faceDepth = centre.z - half
        var sumU = 0.0, sumV = 0.0, count = 0
        for v in 0..<intrinsics.height {
            for u in 0..<intrinsics.width where abs(depth(r, u, v) - faceDepth) < 1e-4 {
                sumU += Double(u)
                sumV += Double(v)
                count += 1
            }
        }
        let expected = try XCTUnwrap(intrinsics.project(Vec3(centre.x, centre.y, faceDepth)))
        let side = intrinsics.fx * 2 * half / faceDepth
        let centroid = (u: sumU / Double(count), v: sumV / Double(count))
        print("cube face: centroid error (\(centroid.u - expected.u), \(centroid.v - expected.v)) px; "
              + "\(count) px for an analytic area of \(side * side) px²")
        XCTAssertEqual(centroid.u, expected.u, accuracy: 1)
        XCTAssertEqual(centroid.v, expected.v, accuracy: 1)
        XCTAssertEqual(Double(count), side * side, accuracy: 4 * side)  // at most one perimeter of pixels off
        let d = depth(r, Int(expected.u.rounded()), Int(expected.v.rounded()))
        print("cube face: depth error at centre \(d - faceDepth) m")
        XCTAssertEqual(d, faceDepth, accuracy: 1e-3)
        XCTAssertEqual(d, faceDepth, accuracy: 1e-6, "fronto-parallel face depth is exact up to Float rounding")
    }

    /// Every pixel of an arbitrarily rotated box against an independent ray–box (slab) intersection:
    /// coverage must agree pixel for pixel (crack-free shared edges, correct culling), and depth must
    /// equal the exact ray–face distance (perspective-correct 1/z).
    func testRotatedBoxMatchesRayCastPixelForPixel() {
        let pose = Transform(rotation: .rpy(0.7, -0.4, 0.9), translation: Vec3(0.03, 0.02, 0.45))
        let halfExtents = Vec3(0.08, 0.05, 0.11)
        let r = render([RenderItem(shape: .box(halfExtents: halfExtents), pose: pose, color: Vec3(0.5, 0.5, 0.5))])
        let stats = compareWithRayCast(r, near: r.nearPlane) { rayBoxEntry(pose: pose, halfExtents: halfExtents, ray: $0) }
        print("rotated box: \(stats.hits) px, max depth error \(stats.maxError) m, \(stats.mismatches) coverage mismatches")
        XCTAssertGreaterThan(stats.hits, 1000)
        XCTAssertEqual(stats.mismatches, 0)
        XCTAssertLessThan(stats.maxError, 1e-6)
    }

    /// A box crossing the near plane is clipped, not dropped: every pixel whose ray enters the box
    /// beyond the near plane is drawn with the exact depth; rays entering before it see nothing of
    /// the box (its front face is clipped, its back faces are culled).
    func testBoxCrossingNearPlaneIsClippedNotDropped() {
        // A slab just below the camera, tilted, reaching from behind the camera to 0.5 m ahead.
        let pose = Transform(rotation: .rpy(.pi / 2 + 0.2, 0.1, 0), translation: Vec3(0.0, 0.1, 0.25))
        let halfExtents = Vec3(0.3, 0.3, 0.01)
        XCTAssertGreaterThan(abs(pose.actInverse(point: .zero).z), halfExtents.z, "camera outside the slab")
        let r = render([RenderItem(shape: .box(halfExtents: halfExtents), pose: pose, color: Vec3(0.5, 0.5, 0.5))])
        var cornersBehind = 0
        for i in 0..<8 {
            let local = Vec3(i & 1 != 0 ? halfExtents.x : -halfExtents.x, i & 2 != 0 ? halfExtents.y : -halfExtents.y,
                             i & 4 != 0 ? halfExtents.z : -halfExtents.z)
            if pose.act(point: local).z < r.nearPlane { cornersBehind += 1 }
        }
        XCTAssertGreaterThan(cornersBehind, 0, "the test box must cross the near plane")
        XCTAssertLessThan(cornersBehind, 8)
        let stats = compareWithRayCast(r, near: r.nearPlane) { rayBoxEntry(pose: pose, halfExtents: halfExtents, ray: $0) }
        print("near-clipped box: \(stats.hits) px, max depth error \(stats.maxError) m, \(stats.mismatches) mismatches")
        XCTAssertGreaterThan(stats.hits, 2000)
        XCTAssertEqual(stats.mismatches, 0)
        XCTAssertLessThan(stats.maxError, 1e-5)
    }

    /// Two boxes sharing a face whose edge passes exactly through a column of pixel centres (and
    /// the top and bottom edges exactly through rows): the shared column must be covered, by
    /// exactly one of them, and the rows on the top edge owned but not those on the bottom edge —
    /// the fill rule leaves no cracks between neighbours even on exact ties.
    func testSharedEdgesThroughPixelCentresLeaveNoCracks() {
        let k = CameraIntrinsics(width: 128, height: 128, fx: 100, fy: 100, cx: 64, cy: 64)
        let renderer = Renderer(intrinsics: k)
        let half = Vec3(0.05, 0.05, 0.05)
        // Face at z = 0.5: x = 0 maps to u = 64, y = ±0.05 to v = 64 ± 10 exactly.
        renderer.render([
            RenderItem(shape: .box(halfExtents: half), pose: Transform(translation: Vec3(-0.05, 0, 0.55)), color: Vec3(1, 0, 0)),
            RenderItem(shape: .box(halfExtents: half), pose: Transform(translation: Vec3(0.05, 0, 0.55)), color: Vec3(0, 0, 1)),
        ], worldFromCamera: .identity)
        for v in 54...74 {
            let i = v * 128 + 64
            if v < 74 {
                XCTAssertEqual(renderer.depth[i], 0.5, "row \(v): no crack on the shared edge")
                XCTAssertGreaterThan(renderer.rgb[3 * i + 2], 0, "the box to the right owns the shared column")
            } else {
                XCTAssertEqual(renderer.depth[i], .infinity, "bottom edge row belongs to the box below, none here")
            }
        }
        XCTAssertEqual(renderer.depth.filter { $0.isFinite }.count, 20 * 20 + 20 * 20, "each box covers exactly 20 × 20 centres")
    }

    /// A floor under a camera looking slightly down: the floor square always crosses the near plane.
    /// Every pixel below the horizon whose ray meets the 20 m square must be drawn (no holes), at
    /// the exact ray–plane depth; every pixel above it must stay empty.
    func testFloorUnderCameraHasNoHoles() {
        let camera = Transform.camera(eye: Vec3(0.3, -0.2, 0.4), lookAt: Vec3(2, 0.5, 0.1))
        let r = render([RenderItem(shape: .plane, pose: .identity, color: Vec3(0.6, 0.6, 0.6))], camera: camera)
        let half = RenderStyle().planeHalfExtent
        let stats = compareWithRayCast(r, near: r.nearPlane) { rayInCamera in
            let o = camera.translation
            let d = camera.rotation * rayInCamera
            guard d.z < 0 else { return nil }
            let t = -o.z / d.z
            let p = o + t * d
            return abs(p.x) <= half && abs(p.y) <= half ? t : nil
        }
        print("floor: \(stats.hits) px, max depth error \(stats.maxError) m, \(stats.mismatches) mismatches")
        XCTAssertGreaterThan(stats.hits, 4000)
        XCTAssertLessThan(stats.hits, intrinsics.width * intrinsics.height)
        XCTAssertEqual(stats.mismatches, 0)
        XCTAssertLessThan(stats.maxError / 10, 1e-5, "relative to the farthest visible depth")
    }

    /// The floor carries a checker of `checkerSize` squares: light where floor(x/s) + floor(y/s) is
    /// even, dark where odd, so the event camera downstream sees texture move.
    func testFloorCheckerIsAnchoredInTheFloorFrame() throws {
        let camera = Transform.camera(eye: Vec3(0, 0, 1), lookAt: .zero, up: .unitY)
        let r = render([RenderItem(shape: .plane, pose: .identity, color: Vec3(0.6, 0.6, 0.6))], camera: camera)
        func pixel(seeing p: Vec3) throws -> [UInt8] {
            let uv = try XCTUnwrap(intrinsics.project(camera.actInverse(point: p)))
            return color(r, Int(uv.u.rounded()), Int(uv.v.rounded()))
        }
        let lightSquare = try pixel(seeing: Vec3(0.05, 0.05, 0))
        let darkSquare = try pixel(seeing: Vec3(0.15, 0.05, 0))
        XCTAssertEqual(try pixel(seeing: Vec3(-0.05, -0.05, 0)), lightSquare)
        XCTAssertEqual(try pixel(seeing: Vec3(-0.05, 0.05, 0)), darkSquare)
        XCTAssertGreaterThan(lightSquare[0], darkSquare[0])
    }

    // MARK: Curved shapes (ray-cast path)

    /// A sphere's silhouette is the cone of half-angle asin(r/D) around its centre direction.
    /// Pixel for pixel, the drawn set must equal the set of pixel centres inside that cone; the
    /// radius estimated from the pixel count must match f·r/√(D² − r²) within 1 px; and depth at the
    /// pixel through the centre is (D − r)·cos θ (θ: that ray's angle to the optical axis).
    func testSphereSilhouetteAndDepth() throws {
        for (radius, distance) in [(0.015, 0.5), (0.05, 0.5), (0.1, 0.35)] {
            // Centre on the ray through pixel (64, 64), so one pixel looks straight at it.
            let ray = intrinsics.ray(u: 64, v: 64)
            let centre = (distance / ray.norm) * ray
            let r = render([RenderItem(shape: .sphere(radius: radius), pose: Transform(translation: centre),
                                       color: Vec3(0.2, 0.8, 0.2))])
            var count = 0, mismatches = 0
            let cosLimit = (distance * distance - radius * radius).squareRoot() / distance
            for v in 0..<intrinsics.height {
                for u in 0..<intrinsics.width {
                    let d = intrinsics.ray(u: Double(u), v: Double(v))
                    let cosAngle = d.dot(centre) / (d.norm * distance)
                    let inside = cosAngle >= cosLimit
                    let drawn = depth(r, u, v).isFinite
                    if drawn { count += 1 }
                    if inside != drawn, abs(cosAngle - cosLimit) > 1e-12 { mismatches += 1 }
                }
            }
            let analyticRadius = intrinsics.fx * radius / (distance * distance - radius * radius).squareRoot()
            let estimated = (Double(count) / Double.pi).squareRoot()
            let expectedDepth = (distance - radius) / ray.norm  // cos θ = 1/|ray| since ray.z = 1
            let d = depth(r, 64, 64)
            print("sphere r=\(radius) D=\(distance): silhouette radius \(estimated) px vs analytic \(analyticRadius) px, "
                  + "depth error \(d - expectedDepth) m, \(mismatches) mismatches")
            XCTAssertEqual(mismatches, 0)
            XCTAssertEqual(estimated, analyticRadius, accuracy: 1)
            XCTAssertEqual(d, expectedDepth, accuracy: 1e-3)
            XCTAssertEqual(d, expectedDepth, accuracy: 1e-6)
        }
    }

    /// Cylinder and capsule against closed forms, seen end-on and side-on.
    func testCylinderAndCapsuleDepthAndExtent() {
        let f = intrinsics.fx
        let (radius, halfLength, distance) = (0.03, 0.06, 0.5)
        let onAxis = Transform(translation: Vec3(0, 0, distance))
        let sideways = Transform(rotation: .axisAngle(.unitY, .pi / 2), translation: Vec3(0, 0, distance))
        let cx = Int(intrinsics.cx.rounded(.down)), cy = Int(intrinsics.cy.rounded(.down))

        // End-on cylinder: the near cap is a fronto-parallel disc at D − h: constant depth,
        // image radius f·r/(D − h).
        var r = render([RenderItem(shape: .cylinder(radius: radius, halfLength: halfLength), pose: onAxis, color: Vec3(1, 1, 1))])
        XCTAssertEqual(depth(r, cx, cy), distance - halfLength, accuracy: 1e-6)
        let capRadius = f * radius / (distance - halfLength)
        let capPixels = (0..<intrinsics.width * intrinsics.height).filter { r.depth[$0].isFinite }.count
        XCTAssertEqual((Double(capPixels) / .pi).squareRoot(), capRadius, accuracy: 1)
        XCTAssertEqual(r.depth.filter { $0.isFinite }.max()!, Float(distance - halfLength), accuracy: 1e-6,
                       "only the cap is visible end-on")

        // Side-on cylinder (axis along camera x): the ray meets the circular cross-section first.
        r = render([RenderItem(shape: .cylinder(radius: radius, halfLength: halfLength), pose: sideways, color: Vec3(1, 1, 1))])
        let rayCentre = intrinsics.ray(u: Double(cx), v: Double(cy))
        XCTAssertEqual(depth(r, cx, cy), expectedSideDepth(ray: rayCentre, radius: radius, distance: distance), accuracy: 1e-6)
        // Horizontal extent: the flat caps project to u = cx ± f·h/z for z between D − r and D + r;
        // the widest is at the near side.
        let drawnColumns = (0..<intrinsics.width).filter { depth(r, $0, cy).isFinite }
        let expectedHalfWidth = f * halfLength / (distance - radius)
        XCTAssertEqual(Double(drawnColumns.count) / 2, expectedHalfWidth, accuracy: 1)

        // End-on capsule: a sphere of radius r at D − h in front; depth D − h − r (ray-corrected).
        r = render([RenderItem(shape: .capsule(radius: radius, halfLength: halfLength), pose: onAxis, color: Vec3(1, 1, 1))])
        let c = Vec3(0, 0, distance - halfLength)
        let dir = (1 / rayCentre.norm) * rayCentre
        let b = dir.dot(c)
        let hitDistance = b - (b * b - c.squaredNorm + radius * radius).squareRoot()
        XCTAssertEqual(depth(r, cx, cy), hitDistance * dir.z, accuracy: 1e-6)
        let capsulePixels = r.depth.filter { $0.isFinite }.count
        let sphereRadius = f * radius / ((distance - halfLength) * (distance - halfLength) - radius * radius).squareRoot()
        XCTAssertEqual((Double(capsulePixels) / .pi).squareRoot(), sphereRadius, accuracy: 1)

        // Side-on capsule: same as the cylinder in the middle, longer by the hemispheres.
        r = render([RenderItem(shape: .capsule(radius: radius, halfLength: halfLength), pose: sideways, color: Vec3(1, 1, 1))])
        XCTAssertEqual(depth(r, cx, cy), expectedSideDepth(ray: rayCentre, radius: radius, distance: distance), accuracy: 1e-6)
        let capsuleColumns = (0..<intrinsics.width).filter { depth(r, $0, cy).isFinite }
        // Tip at x = ±(h + r) on the axis at depth D: u = cx ± f(h + r)/D, and the hemisphere
        // silhouette reaches slightly further; bound it between the two.
        let inner = f * (halfLength + radius) / distance
        XCTAssertGreaterThanOrEqual(Double(capsuleColumns.count) / 2, inner - 1)
        XCTAssertLessThanOrEqual(Double(capsuleColumns.count) / 2, inner * distance / (distance - radius) + 1)
    }

    /// Depth (camera z) where the ray `ray` (z = 1) first meets an infinite cylinder of `radius`
    /// along camera x through (0, 0, distance).
    func expectedSideDepth(ray: Vec3, radius: Double, distance: Double) -> Double {
        // (t·ry)² + (t − D)² = r²  →  (ry² + 1) t² − 2D t + D² − r² = 0
        let a = ray.y * ray.y + 1
        return (distance - (distance * distance - a * (distance * distance - radius * radius)).squareRoot()) / a
    }

    // MARK: Scene-level behaviour

    /// The nearer object wins wherever both project, whichever order they are drawn in, across
    /// both drawing paths (box rasterised, sphere ray cast).
    func testNearerObjectWinsRegardlessOfOrder() {
        let box = RenderItem(shape: .box(halfExtents: Vec3(0.03, 0.03, 0.03)),
                             pose: Transform(translation: Vec3(0, 0, 0.4)), color: Vec3(1, 0, 0))
        let sphere = RenderItem(shape: .sphere(radius: 0.1), pose: Transform(translation: Vec3(0, 0, 0.7)), color: Vec3(0, 0, 1))
        let a = render([box, sphere]), b = render([sphere, box])
        XCTAssertEqual(depth(a, 63, 63), 0.37, accuracy: 1e-6)
        XCTAssertTrue(color(a, 63, 63)[0] > 0 && color(a, 63, 63)[2] == 0, "box (red) in front")
        XCTAssertTrue(a.rgb.elementsEqual(b.rgb))
        XCTAssertTrue(a.depth.elementsEqual(b.depth))
        // Sphere visible around the box.
        XCTAssertGreaterThan(color(a, 63, 50)[2], 0, "sphere around the box: 13.5 px from centre, box 9 px, sphere 16 px")

        // And the other way round: sphere in front of a large box.
        let wall = RenderItem(shape: .box(halfExtents: Vec3(1, 1, 0.01)), pose: Transform(translation: Vec3(0, 0, 0.9)),
                              color: Vec3(1, 0, 0))
        let small = RenderItem(shape: .sphere(radius: 0.02), pose: Transform(translation: Vec3(0, 0, 0.5)), color: Vec3(0, 0, 1))
        let c = render([small, wall])
        XCTAssertEqual(color(c, 63, 63)[0], 0)
        XCTAssertEqual(depth(c, 0, 0), 0.89, accuracy: 1e-6)
    }

    /// Objects behind the camera, a plane seen from its back, and solids containing the camera
    /// leave the images empty (surfaces are one-sided, as a culled closed mesh would be).
    func testCameraSeesNothingBehindItOrFromInside() {
        let white = Vec3(1, 1, 1)
        let items: [RenderItem] = [
            RenderItem(shape: .box(halfExtents: Vec3(0.2, 0.2, 0.2)), pose: Transform(translation: Vec3(0, 0, -0.5)), color: white),
            RenderItem(shape: .sphere(radius: 0.3), pose: Transform(translation: Vec3(0.1, 0, -0.4)), color: white),
            RenderItem(shape: .capsule(radius: 0.1, halfLength: 0.3), pose: Transform(translation: Vec3(0, 0.1, -0.2)), color: white),
            RenderItem(shape: .cylinder(radius: 0.1, halfLength: 0.3),
                       pose: Transform(rotation: .rpy(1, 0, 0), translation: Vec3(0, 0, -0.35)), color: white),
            // A plane 0.3 m above the camera (camera y points down) whose normal points up, away from it.
            RenderItem(shape: .plane, pose: Transform(rotation: .axisAngle(.unitX, .pi / 2), translation: Vec3(0, -0.3, 0)),
                       color: white),
            // Solids containing the camera.
            RenderItem(shape: .box(halfExtents: Vec3(1, 1, 1)), pose: .identity, color: white),
            RenderItem(shape: .sphere(radius: 1), pose: Transform(translation: Vec3(0, 0, 0.5)), color: white),
            RenderItem(shape: .capsule(radius: 0.2, halfLength: 1), pose: Transform(translation: Vec3(0, 0.1, 0.5)), color: white),
            RenderItem(shape: .cylinder(radius: 0.2, halfLength: 1), pose: Transform(translation: Vec3(0.1, 0, 0.5)), color: white),
        ]
        XCTAssertEqual(items[4].pose.rotation.c2.y, -1, accuracy: 1e-12, "plane normal points away from the camera")
        let r = render(items)
        XCTAssertTrue(r.depth.allSatisfy { $0 == .infinity })
        XCTAssertTrue(r.rgb.allSatisfy { $0 == 0 })
    }

    /// Same input, byte-identical output, across renders and across renderer instances.
    func testRenderingIsDeterministic() {
        let (items, camera) = RenderBenchmark.tableTopScene()
        let a = render(items, camera: camera)
        let firstRGB = Array(a.rgb), firstDepth = a.depth.map(\.bitPattern)
        a.render(items, worldFromCamera: camera)
        XCTAssertEqual(Array(a.rgb), firstRGB)
        XCTAssertEqual(a.depth.map(\.bitPattern), firstDepth)
        let b = render(items, camera: camera)
        XCTAssertEqual(Array(b.rgb), firstRGB)
        XCTAssertEqual(b.depth.map(\.bitPattern), firstDepth)
        XCTAssertGreaterThan(Set(firstRGB).count, 10, "the scene renders with some variety")
    }

    /// After construction, rendering allocates nothing (all shapes, including the curved ones).
    func testRenderDoesNotAllocate() {
        var (items, camera) = RenderBenchmark.tableTopScene()
        items.append(RenderItem(shape: .sphere(radius: 0.03), pose: Transform(translation: Vec3(0.1, 0.1, 0.8)), color: Vec3(1, 1, 0)))
        items.append(RenderItem(shape: .capsule(radius: 0.02, halfLength: 0.05), pose: Transform(translation: Vec3(-0.1, 0.1, 0.8)), color: Vec3(1, 0, 1)))
        items.append(RenderItem(shape: .cylinder(radius: 0.02, halfLength: 0.05), pose: Transform(translation: Vec3(0.1, -0.2, 0.8)), color: Vec3(0, 1, 1)))
        let renderer = Renderer(intrinsics: intrinsics)
        XCTAssertGreaterThan(countAllocations { blackHole([Double](repeating: 1, count: 64)) }, 0, "counter inactive")
        items.withUnsafeBufferPointer { buffer in
            renderer.render(buffer, worldFromCamera: camera)
            let allocations = countAllocations {
                for _ in 0..<10 { renderer.render(buffer, worldFromCamera: camera) }
            }
            XCTAssertEqual(allocations, 0)
        }
    }

    /// Prints the frame rate of the reference scene; timing is reported, never asserted.
    func testTableTopFrameRate() {
        let fps = RenderBenchmark.framesPerSecond(width: 128, height: 128, frames: 200)
        print("render: table-top scene (29 primitives), 128×128 RGB+depth: \(Int(fps)) frames/s (this build configuration)")
    }

    // MARK: Helpers

    /// Compares every pixel's depth with `expected(ray)` (camera z of the first visible hit, or nil).
    /// A hit nearer than `near` counts as nothing visible. Pixels whose expected hit lies within
    /// 1e-9 of an edge of the decision are not counted as mismatches.
    func compareWithRayCast(_ r: Renderer, near: Double, expected: (Vec3) -> Double?)
        -> (hits: Int, mismatches: Int, maxError: Double)
    {
        var hits = 0, mismatches = 0, maxError = 0.0
        for v in 0..<intrinsics.height {
            for u in 0..<intrinsics.width {
                let ray = intrinsics.ray(u: Double(u), v: Double(v))
                let want = expected(ray).flatMap { $0 >= near ? $0 : nil }
                let got = depth(r, u, v)
                if got.isFinite { hits += 1 }
                switch (want, got.isFinite) {
                case (let w?, true): maxError = max(maxError, abs(w - got))
                case (nil, false): break
                default:
                    // Allow disagreement only for rays grazing an edge (perturb the ray slightly).
                    let nudges = [Vec3(1e-9, 0, 0), Vec3(-1e-9, 0, 0), Vec3(0, 1e-9, 0), Vec3(0, -1e-9, 0)]
                    let ambiguous = nudges.contains { n in
                        (expected(ray + n).flatMap { $0 >= near ? $0 : nil } != nil) == got.isFinite
                    }
                    if !ambiguous { mismatches += 1 }
                }
            }
        }
        return (hits, mismatches, maxError)
    }
}

/// Camera z of the first entry of the camera ray `ray` (z = 1) into the box, by slab intersection;
/// nil when the ray misses or starts inside.
private func rayBoxEntry(pose: Transform, halfExtents h: Vec3, ray: Vec3) -> Double? {
    let o = pose.actInverse(point: .zero)
    let d = pose.rotation.transposedTimes(ray)
    var enter = -Double.infinity, exit = Double.infinity
    for k in 0..<3 {
        if d[k] == 0 {
            if abs(o[k]) > h[k] { return nil }
            continue
        }
        let t0 = (-h[k] - o[k]) / d[k], t1 = (h[k] - o[k]) / d[k]
        enter = max(enter, min(t0, t1))
        exit = min(exit, max(t0, t1))
    }
    guard enter <= exit, enter > 0 else { return nil }
    return enter
}

@inline(never)
private func blackHole<T>(_ x: T) {}
