import Foundation
import Imaging
import Physics
import Spatial

/// Chessboard photos made by the simulator's renderer with a known pinhole camera: the ground truth for
/// calibration tests (the renderer has no lens distortion, so calibration must find ≈ 0 distortion).
///
/// The board is black boxes 0.1 mm thick on a white plate with a margin of one square (OpenCV's detector needs
/// a light border). Each view is rendered `supersampling` times larger and area-averaged down, which gives the
/// anti-aliased edges of a real lens and sensor; the intrinsics are scaled so the pixel-centre convention holds
/// exactly after averaging (k × k blocks, whose centres average to k·(u + ½) − ½).
enum RenderedChessboard {
    /// 640 x 480 with a non-square pixel aspect and an off-centre principal point, so that a calibration that
    /// assumed the textbook defaults would be caught.
    static let intrinsics = CameraIntrinsics(width: 640, height: 480, fx: 612, fy: 604, cx: 322.4, cy: 236.7)
    /// 9 x 6 inner corners, 30 mm squares (10 x 7 squares).
    static let columns = 9, rows = 6
    static let square = 0.03

    /// The plate and squares, with the board's corner (0, 0) at the world origin so object points are the
    /// board's own coordinates; the board lies in the world x–y plane, facing +z.
    static func items() -> [RenderItem] {
        let s = square
        let squaresX = columns + 1, squaresY = rows + 1
        // Square (i, j) spans x ∈ [(i − 1)s, i·s], y ∈ [(j − 1)s, j·s]: inner corner (c, r) sits at (c·s, r·s).
        let minX = -s, maxX = Double(columns) * s, minY = -s, maxY = Double(rows) * s
        let margin = s
        let plate = RenderItem(
            shape: .box(halfExtents: Vec3((maxX - minX) / 2 + margin, (maxY - minY) / 2 + margin, 0.002)),
            pose: Transform(translation: Vec3((minX + maxX) / 2, (minY + maxY) / 2, -0.002)), color: Vec3(1, 1, 1))
        var items = [plate]
        let thickness = 1e-4
        for j in 0..<squaresY {
            for i in 0..<squaresX where (i + j) % 2 == 0 {
                let centre = Vec3((Double(i) - 0.5) * s, (Double(j) - 0.5) * s, thickness / 2)
                items.append(RenderItem(
                    shape: .box(halfExtents: Vec3(s / 2, s / 2, thickness / 2)), pose: Transform(translation: centre),
                    color: Vec3(0, 0, 0)))
            }
        }
        return items
    }

    /// Camera poses that see the whole board: tilts of 15°–50° from every side, distances 0.4–0.8 m, any roll, and
    /// aimed off the board's centre so the board lands all over the image, corners included. Both matter for
    /// Zhang's method: tilt makes the focal length observable, and corners of the image separate distortion
    /// from focal length. Candidates come from a fixed pseudo-random sequence and are kept only when the whole
    /// plate projects inside the image with a margin, so the set is the same on every run.
    static func cameraPoses(count: Int = 14) -> [Transform] {
        let centre = Vec3(Double(columns - 1) * square / 2, Double(rows - 1) * square / 2, 0)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform(_ low: Double, _ high: Double) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return low + (high - low) * Double(state >> 11) / Double(1 << 53)
        }
        let plateCorners = [Vec3(-2 * square, -2 * square, 0), Vec3(Double(columns + 1) * square, -2 * square, 0),
                            Vec3(-2 * square, Double(rows + 1) * square, 0),
                            Vec3(Double(columns + 1) * square, Double(rows + 1) * square, 0)]
        var poses: [Transform] = []
        while poses.count < count {
            let tilt = uniform(15, 50) * .pi / 180
            let azimuth = uniform(0, 2 * .pi)
            let distance = uniform(0.4, 0.8)
            let target = centre + Vec3(uniform(-0.12, 0.12), uniform(-0.09, 0.09), 0)
            let eye = target + distance * Vec3(sin(tilt) * cos(azimuth), sin(tilt) * sin(azimuth), cos(tilt))
            let roll = uniform(-.pi, .pi)
            let pose = Transform.camera(eye: eye, lookAt: target, up: Vec3(cos(roll), sin(roll), 0))
            let margin = 8.0
            let visible = plateCorners.allSatisfy { corner in
                guard let (u, v) = intrinsics.project(pose.actInverse(point: corner)) else { return false }
                return u >= margin && u <= Double(intrinsics.width) - 1 - margin && v >= margin
                    && v <= Double(intrinsics.height) - 1 - margin
            }
            if visible { poses.append(pose) }
        }
        return poses
    }

    /// One rendered view as an 8-bit RGB image of `intrinsics`' size.
    static func render(from pose: Transform, supersampling k: Int = 3) throws -> Image {
        let base = intrinsics
        let big = CameraIntrinsics(
            width: base.width * k, height: base.height * k, fx: base.fx * Double(k), fy: base.fy * Double(k),
            cx: (base.cx + 0.5) * Double(k) - 0.5, cy: (base.cy + 0.5) * Double(k) - 0.5)
        let renderer = Renderer(intrinsics: big, style: RenderStyle(background: Vec3(0.45, 0.45, 0.45)))
        renderer.render(items(), worldFromCamera: pose)
        let image = try Image(width: big.width, height: big.height, channels: 3, bitDepth: 8, pixels: Array(renderer.rgb))
        return k == 1 ? image : try image.resized(width: base.width, height: base.height, interpolation: .area)
    }

    /// The views written as PNGs into `directory` (view-00.png, …); returns their paths.
    static func writeViews(to directory: URL, count: Int = 14) throws -> [String] {
        try cameraPoses(count: count).enumerated().map { index, pose in
            let path = directory.appendingPathComponent(String(format: "view-%02d.png", index)).path
            try writePNG(render(from: pose), to: path)
            return path
        }
    }
}
