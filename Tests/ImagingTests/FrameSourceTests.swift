import Physics
import Spatial
import XCTest

@testable import Imaging

/// One interface for every camera: the simulator's, seen through `FrameSource`, gives the renderer's pixels.
final class FrameSourceTests: XCTestCase {
    func testSimulatedCameraIsAFrameSource() throws {
        let eye = Transform.camera(eye: Vec3(0.6, 0, 0.4), lookAt: .zero)
        let camera = CameraDescription(name: "front", width: 80, height: 60, fovYDegrees: 50, mount: .fixed(worldFromCamera: eye))
        let box = BodyDescription(name: "crate", shape: .box(halfExtents: Vec3(0.05, 0.05, 0.05)), mass: 0, isStatic: true,
                                  pose: Transform(translation: Vec3(0, 0, 0.05)), color: Vec3(0.9, 0.2, 0.1))
        let scene = try Scene(SceneDescription(file: "test", gravity: Vec3(0, 0, -9.81), timestep: 0.002, robot: nil,
                                               bodies: [box], cameras: [camera]))
        let data = scene.makeData()
        let sensor = CameraSensor(camera, world: scene.model)
        let source: any FrameSource = SimulatedFrameSource(sensor: sensor, data: data)
        XCTAssertEqual([source.width, source.height], [80, 60])
        let (image, stamp) = try XCTUnwrap(source.nextFrame())
        XCTAssertEqual(stamp, 0)

        let reference = Renderer(intrinsics: CameraIntrinsics(width: 80, height: 60, fovYDegrees: 50))
        reference.render([RenderItem(shape: box.shape, pose: box.pose, color: box.color)], worldFromCamera: eye)
        XCTAssertEqual(image.pixels, Array(reference.rgb))
        XCTAssertGreaterThan(Set(image.pixels).count, 2, "the box is in view")
    }
}
