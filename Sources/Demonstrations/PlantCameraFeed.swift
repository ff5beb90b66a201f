import Foundation
import Physics
import VLA

/// The cameras of an emulated rig: the emulator's plant thread renders the scene's front and
/// wrist cameras at 64×64 every 10 ms of plant time and runs the event camera on the front one,
/// exactly as demonstrations recorded them; the planner thread takes the newest images and the
/// events accumulated since its last tick. On a real arm, V4L2 cameras take this place.
///
/// Neither side is the control thread, so a lock is fine here: the plant holds it for two copies
/// of 12 KiB, the planner for the same.
public final class PlantCameraFeed: VLACameraFeed, @unchecked Sendable {
    private let cameras: DemonstrationCameras
    private let eventCamera: EventCamera
    private let lock = NSLock()
    private var front: [UInt8]
    private var wrist: [UInt8]
    private var frames = 0
    /// Plant time of the newest frame: a plant that starts again (the next episode's emulator)
    /// restarts the event camera, whose frames must move forward in time.
    private var lastTime: Int64 = -1

    public init(scene: Scene) throws {
        cameras = try DemonstrationCameras(scene: scene)
        eventCamera = try EventCamera(camera: cameras.front)
        let bytes = DemonstrationCameras.size * DemonstrationCameras.size * 3
        front = Array(repeating: 0, count: bytes)
        wrist = Array(repeating: 0, count: bytes)
    }

    /// After each plant step (the emulator's thread).
    public func publish(_ world: WorldData) {
        guard world.steps % EventCamera.frameEvery == 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        if world.timeNanoseconds <= lastTime {
            eventCamera.reset()
            frames = 0
        }
        lastTime = world.timeNanoseconds
        eventCamera.observe(world)
        cameras.wrist.capture(world)
        let rgb = cameras.front.renderer.rgb, wristRGB = cameras.wrist.renderer.rgb
        for i in 0..<front.count { front[i] = rgb[i] }
        for i in 0..<wrist.count { wrist[i] = wristRGB[i] }
        frames += 1
    }

    /// The newest images and the events since the last call (the planner's thread); false before
    /// the first frame.
    public func take(into input: inout VLAInput) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard frames > 0 else { return false }
        for i in 0..<front.count { input.front[i] = front[i] }
        for i in 0..<wrist.count { input.wrist[i] = wrist[i] }
        input.events.removeAll(keepingCapacity: true)
        eventCamera.takeCounts(into: &input.events)
        return true
    }
}
