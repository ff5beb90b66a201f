import Spatial

/// The reference scene and timing loop behind the renderer's frame-rate figure, public so that
/// `embody bench` and tests report the same number the same way.
public enum RenderBenchmark {
    /// A table-top scene of 29 primitives: a checkered floor, a table (top and four legs), a
    /// 20-link arm drawn as boxes curling over the table, and three cubes; plus a camera looking
    /// down at the table from the front right, as a fixed scene camera would.
    public static func tableTopScene() -> (items: [RenderItem], worldFromCamera: Transform) {
        var items: [RenderItem] = []
        items.append(RenderItem(shape: .plane, pose: .identity, color: Vec3(0.55, 0.55, 0.55)))
        let tableHeight = 0.75
        let wood = Vec3(0.62, 0.46, 0.30)
        items.append(RenderItem(shape: .box(halfExtents: Vec3(0.6, 0.4, 0.02)),
                                pose: Transform(translation: Vec3(0, 0, tableHeight - 0.02)), color: wood))
        for (x, y) in [(-0.55, -0.35), (0.55, -0.35), (-0.55, 0.35), (0.55, 0.35)] {
            let legHalf = (tableHeight - 0.04) / 2
            items.append(RenderItem(shape: .box(halfExtents: Vec3(0.025, 0.025, legHalf)),
                                    pose: Transform(translation: Vec3(x, y, legHalf)), color: wood))
        }
        // The arm: a chain of 20 boxes, each bent 0.12 rad further about y than the previous one.
        var joint = Vec3(-0.35, 0, tableHeight)
        let linkLength = 0.045
        for link in 0..<20 {
            let rotation = Mat3.axisAngle(.unitY, 0.12 * Double(link))
            let axis = rotation * Vec3(0, 0, linkLength)
            let color = link % 2 == 0 ? Vec3(0.95, 0.55, 0.10) : Vec3(0.25, 0.25, 0.28)
            items.append(RenderItem(shape: .box(halfExtents: Vec3(0.018, 0.022, linkLength / 2)),
                                    pose: Transform(rotation: rotation, translation: joint + 0.5 * axis),
                                    color: color))
            joint += axis
        }
        let cube = Vec3(0.025, 0.025, 0.025)
        let onTable = tableHeight + 0.025
        items.append(RenderItem(shape: .box(halfExtents: cube), pose: Transform(translation: Vec3(0.10, -0.15, onTable)),
                                color: Vec3(0.85, 0.10, 0.10)))
        items.append(RenderItem(shape: .box(halfExtents: cube),
                                pose: Transform(rotation: .axisAngle(.unitZ, 0.5), translation: Vec3(0.22, 0.05, onTable)),
                                color: Vec3(0.10, 0.75, 0.15)))
        items.append(RenderItem(shape: .box(halfExtents: cube),
                                pose: Transform(rotation: .axisAngle(.unitZ, -0.3), translation: Vec3(0.0, 0.18, onTable)),
                                color: Vec3(0.15, 0.25, 0.90)))
        let camera = Transform.camera(eye: Vec3(0.9, -0.7, 1.35), lookAt: Vec3(0, 0, 0.8))
        return (items, camera)
    }

    /// Renders the table-top scene `frames` times at `width × height` (60° vertical field of view)
    /// on the calling thread and returns frames per second. Timing uses the monotonic clock and
    /// excludes set-up and one warm-up frame.
    public static func framesPerSecond(width: Int = 128, height: Int = 128, frames: Int = 2000) -> Double {
        let (items, camera) = tableTopScene()
        let renderer = Renderer(intrinsics: CameraIntrinsics(width: width, height: height, fovYDegrees: 60))
        return items.withUnsafeBufferPointer { buffer in
            renderer.render(buffer, worldFromCamera: camera)
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for _ in 0..<frames { renderer.render(buffer, worldFromCamera: camera) }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            return Double(frames) / seconds
        }
    }
}
