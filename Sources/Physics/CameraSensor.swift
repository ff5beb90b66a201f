import RobotModel
import Spatial

/// A scene camera (fixed, or carried by a robot link) rendering the world's geoms into RGB and
/// depth. The item list is allocated once; a capture only updates poses and rasterizes.
public final class CameraSensor {
    public let description: CameraDescription
    public let renderer: Renderer
    private var items: [RenderItem]
    /// The robot frame carrying the camera, for link mounts.
    private let frameIndex: Int?

    public init(_ camera: CameraDescription, world: WorldModel) {
        description = camera
        renderer = Renderer(intrinsics: CameraIntrinsics(width: camera.width, height: camera.height,
                                                         fovYDegrees: camera.fovYDegrees))
        items = world.geoms.map { RenderItem(shape: $0.shape, pose: .identity, color: $0.color) }
        if case .link(let name, _) = camera.mount {
            frameIndex = world.robot?.frameIndex(named: name)
        } else {
            frameIndex = nil
        }
    }

    /// The camera's world pose (OpenCV axes: x right, y down, z forward) for the current state.
    public func worldFromCamera(_ data: WorldData) -> Transform {
        switch description.mount {
        case .fixed(let pose):
            return pose
        case .link(_, let linkFromCamera):
            guard let f = frameIndex, let robotData = data.robotData else { return linkFromCamera }
            return data.model.robotBase * robotData.framePoses[f] * linkFromCamera
        }
    }

    /// Renders the current state; results in `renderer.rgb` and `renderer.depth`.
    public func capture(_ data: WorldData) {
        data.updatePoses()
        for g in 0..<items.count { items[g].pose = data.geomPoses[g] }
        let pose = worldFromCamera(data)
        items.withUnsafeBufferPointer { renderer.render($0, worldFromCamera: pose) }
    }
}
