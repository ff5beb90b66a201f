import Spatial

/// A deterministic software renderer producing the RGB and depth images of a simulated camera.
///
/// Pure Swift on one core, no GPU: the simulator must run headless in CI and on the robot's
/// computer, and the same scene must give byte-identical images on every run so that recorded
/// episodes replay exactly.
///
/// Method, per shape:
/// - Boxes and planes are planar, so they are drawn as convex polygons (a box's six faces, a plane's
///   one square) by a z-buffered scan-converter (`RenderPolygon.swift`): back faces culled in 3-D,
///   polygons clipped against the near plane (not dropped), depth from the face's exact plane
///   equation (1/z is affine in pixel coordinates, which is perspective-correct interpolation
///   without interpolation error), flat Lambert shading per face.
/// - Spheres, capsules and cylinders are curved, and any tessellation would put facets in the depth
///   image. They are ray cast per pixel inside their projected bounds (`RenderRayCast.swift`), which
///   gives the exact silhouette, exact depth and a per-pixel normal for shading.
///
/// Both paths share one depth buffer, so occlusion between them is per pixel and exact.
/// Nothing is tessellated or cached per shape: box corners and plane squares are computed in
/// place from the shape's parameters, so no mesh storage exists and any number of distinct shapes
/// can be drawn without allocation.
///
/// Buffers are allocated once in `init`; `render` allocates nothing. A renderer is one camera's
/// workspace: use one per thread.
///
/// Conventions: pixel centres at integer coordinates (see `CameraIntrinsics`); `rgb` is
/// `height × width × 3` bytes, row-major, top row first; `depth` is metres along the optical axis
/// (camera z, not distance along the ray), `+infinity` where nothing is hit. Items are drawn in
/// order and a later item replaces an earlier one only if strictly nearer, so ties are deterministic.
/// Surfaces are one-sided: a camera inside a solid, or below a plane, does not see it (as with
/// back-face culling of a closed mesh).
public final class Renderer {
    public let intrinsics: CameraIntrinsics
    public var style: RenderStyle
    /// Distance in front of the camera below which geometry is clipped, metres. Small enough for a
    /// wrist camera touching an object, large enough to keep 1/z well conditioned.
    public var nearPlane: Double

    let width: Int
    let height: Int
    let pixelCount: Int
    let rgbStorage: UnsafeMutablePointer<UInt8>
    let depthStorage: UnsafeMutablePointer<Float>

    /// Capacity of the polygon scratch: a quad clipped by one plane has at most 5 vertices.
    static let polygonCapacity = 8
    /// Box corners (index bits: x, y, z sign) or plane corners, camera frame.
    let corners: UnsafeMutablePointer<Vec3>
    /// The polygon being drawn, camera frame, before and after near-plane clipping.
    let polygonIn: UnsafeMutablePointer<Vec3>
    let polygonClipped: UnsafeMutablePointer<Vec3>
    /// Projected polygon vertices and edge equations `a·u + b·v + c ≥ 0` inside.
    let screenU: UnsafeMutablePointer<Double>
    let screenV: UnsafeMutablePointer<Double>
    let edgeA: UnsafeMutablePointer<Double>
    let edgeB: UnsafeMutablePointer<Double>
    let edgeC: UnsafeMutablePointer<Double>

    public init(intrinsics: CameraIntrinsics, style: RenderStyle = RenderStyle(), nearPlane: Double = 0.01) {
        precondition(nearPlane > 0, "near plane must be in front of the camera")
        self.intrinsics = intrinsics
        self.style = style
        self.nearPlane = nearPlane
        width = intrinsics.width
        height = intrinsics.height
        pixelCount = width * height
        rgbStorage = .allocate(capacity: pixelCount * 3)
        depthStorage = .allocate(capacity: pixelCount)
        let n = Renderer.polygonCapacity
        corners = .allocate(capacity: n)
        polygonIn = .allocate(capacity: n)
        polygonClipped = .allocate(capacity: n)
        screenU = .allocate(capacity: n)
        screenV = .allocate(capacity: n)
        edgeA = .allocate(capacity: n)
        edgeB = .allocate(capacity: n)
        edgeC = .allocate(capacity: n)
        rgbStorage.initialize(repeating: 0, count: pixelCount * 3)
        depthStorage.initialize(repeating: .infinity, count: pixelCount)
        corners.initialize(repeating: .zero, count: n)
        polygonIn.initialize(repeating: .zero, count: n)
        polygonClipped.initialize(repeating: .zero, count: n)
        screenU.initialize(repeating: 0, count: n)
        screenV.initialize(repeating: 0, count: n)
        edgeA.initialize(repeating: 0, count: n)
        edgeB.initialize(repeating: 0, count: n)
        edgeC.initialize(repeating: 0, count: n)
    }

    deinit {
        rgbStorage.deallocate()
        depthStorage.deallocate()
        corners.deallocate()
        polygonIn.deallocate()
        polygonClipped.deallocate()
        screenU.deallocate()
        screenV.deallocate()
        edgeA.deallocate()
        edgeB.deallocate()
        edgeC.deallocate()
    }

    /// The colour image: `height × width × 3` bytes (R, G, B), row-major, top row first.
    /// Valid until the next `render`.
    public var rgb: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: rgbStorage, count: pixelCount * 3) }

    /// The depth image: `height × width` metres along the optical axis, `+infinity` where nothing
    /// is hit. Valid until the next `render`.
    public var depth: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: depthStorage, count: pixelCount) }

    /// Clears both images and draws `items` as seen from a camera at `worldFromCamera`
    /// (OpenCV camera axes; see `Transform.camera(eye:lookAt:up:)`). Allocation-free.
    public func render(_ items: UnsafeBufferPointer<RenderItem>, worldFromCamera: Transform) {
        clear()
        let light = style.lightDirection.normalized ?? .unitZ
        for item in items {
            let cameraFromShape = worldFromCamera.inverseTimes(item.pose)
            // Lighting is evaluated in the shape's frame, where its normals are simplest.
            let lightInShape = item.pose.rotation.transposedTimes(light)
            switch item.shape {
            case .box(let halfExtents):
                drawBox(halfExtents: halfExtents, cameraFromShape: cameraFromShape,
                        lightInShape: lightInShape, color: item.color)
            case .plane:
                drawPlane(cameraFromShape: cameraFromShape, lightInShape: lightInShape, color: item.color)
            case .sphere(let radius):
                rayCast(RaySphere(radius: radius), cameraFromShape: cameraFromShape,
                        lightInShape: lightInShape, color: item.color)
            case .capsule(let radius, let halfLength):
                rayCast(RayCapsule(radius: radius, halfLength: halfLength), cameraFromShape: cameraFromShape,
                        lightInShape: lightInShape, color: item.color)
            case .cylinder(let radius, let halfLength):
                rayCast(RayCylinder(radius: radius, halfLength: halfLength), cameraFromShape: cameraFromShape,
                        lightInShape: lightInShape, color: item.color)
            }
        }
    }

    /// Convenience for callers holding an array; no copy, no allocation.
    public func render(_ items: [RenderItem], worldFromCamera: Transform) {
        items.withUnsafeBufferPointer { render($0, worldFromCamera: worldFromCamera) }
    }

    /// Background colour everywhere, infinite depth everywhere.
    func clear() {
        depthStorage.update(repeating: .infinity, count: pixelCount)
        let (r, g, b) = Renderer.quantize(style.background)
        var i = 0
        while i < pixelCount * 3 {
            rgbStorage[i] = r
            rgbStorage[i + 1] = g
            rgbStorage[i + 2] = b
            i += 3
        }
    }

    /// `ambient + diffuse · max(0, n · l)`, the brightness factor of a surface with unit normal `n`.
    @inline(__always)
    static func lambert(_ normalDotLight: Double, _ style: RenderStyle) -> Double {
        style.ambient + style.diffuse * max(0, normalDotLight)
    }

    /// One channel in [0, 1] to a byte, rounded to nearest, saturating.
    @inline(__always)
    static func quantize(_ c: Double) -> UInt8 {
        let scaled = c * 255 + 0.5
        return scaled <= 0 ? 0 : (scaled >= 255 ? 255 : UInt8(scaled))
    }

    @inline(__always)
    static func quantize(_ c: Vec3) -> (UInt8, UInt8, UInt8) {
        (quantize(c.x), quantize(c.y), quantize(c.z))
    }
}
