import Physics

/// The two cameras a demonstration records, the scene's `front` and `wrist` rendered at 64×64:
/// the scene's descriptions with only the size changed, so the intrinsics (derived from the
/// vertical field of view and the height) see the same view at a lower resolution. Sensors keep
/// only geometry shapes and colours from the model, so one set serves every seeded layout of the
/// scene. One instance per thread (each sensor owns its renderer).
final class DemonstrationCameras {
    static let names = ["front", "wrist"]
    static let size = 64

    let front: CameraSensor
    let wrist: CameraSensor
    /// The descriptions as rendered (for the files' metadata).
    let descriptions: [CameraDescription]

    init(scene: Scene) throws(DatasetError) {
        var sensors: [CameraSensor] = []
        for name in Self.names {
            guard var camera = scene.description.camera(named: name) else {
                let known = scene.description.cameras.map(\.name)
                throw .badInput("--scene \(scene.description.file): needs a camera named \"\(name)\" (it has \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            }
            camera.width = Self.size
            camera.height = Self.size
            sensors.append(CameraSensor(camera, world: scene.model))
        }
        front = sensors[0]
        wrist = sensors[1]
        descriptions = sensors.map(\.description)
    }
}
