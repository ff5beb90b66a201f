import Physics
import Spatial
import XCTest

/// The simulator's camera as a frame source: each grab renders the current state and is stamped with the
/// simulation time.
final class SimulatedFrameSourceTests: XCTestCase {
    func testGrabRendersTheCurrentStateAtSimulationTime() throws {
        let eye = Transform.camera(eye: Vec3(0.5, 0, 0.3), lookAt: Vec3(0, 0, 0.05))
        let camera = CameraDescription(name: "side", width: 64, height: 48, fovYDegrees: 55,
                                       mount: .fixed(worldFromCamera: eye))
        let ball = BodyDescription(name: "ball", shape: .sphere(radius: 0.04), mass: 0.1, isStatic: false,
                                   pose: Transform(translation: Vec3(0, 0, 0.2)), color: Vec3(0.1, 0.3, 0.9))
        let scene = try Scene(SceneDescription(file: "test", gravity: Vec3(0, 0, -9.81), timestep: 0.002, robot: nil,
                                               bodies: [ball], cameras: [camera]))
        let data = scene.makeData()
        let source = SimulatedFrameSource(sensor: CameraSensor(camera, world: scene.model), data: data)
        XCTAssertEqual([source.width, source.height], [64, 48])
        var frame = [UInt8](repeating: 0, count: 64 * 48 * 3)
        let reference = Renderer(intrinsics: CameraIntrinsics(width: 64, height: 48, fovYDegrees: 55))

        for expectedSteps in [0, 50] {
            while data.steps < expectedSteps { try step(data) }
            let stamp = frame.withUnsafeMutableBufferPointer { source.grab(into: $0) }
            XCTAssertEqual(stamp, Int64(expectedSteps) * 2_000_000, "2 ms per step")
            // The falling ball, drawn where the simulation has it now.
            reference.render([RenderItem(shape: ball.shape, pose: data.bodyPose(0), color: ball.color)], worldFromCamera: eye)
            XCTAssertEqual(frame, Array(reference.rgb), "after \(expectedSteps) steps")
        }
        XCTAssertLessThan(data.bodyPose(0).translation.z, 0.2, "the ball moved between the two frames")
    }
}
