import Demonstrations
import Physics
import Runtime
import Spatial
import VLA

/// The VLA planner's cameras on a simulated world that another thread steps: the daemon's
/// simulator, paced to the wall clock, whose controller thread owns the world and steps it every
/// millisecond, and the emulated serial arm, whose emulator thread steps its plant and must
/// answer the bus within a millisecond (real servos do not render cameras either). Nothing else
/// may read those worlds, and rendering two cameras on those threads would eat their deadlines.
/// Instead, every 10th step (100 Hz, the event camera's frame rate in the demonstrations) the
/// stepping thread copies the world's state (robot joints, free-body poses, step count: a few
/// hundred bytes) into a wait-free ring; the planner thread, at its tick, replays those states
/// into a mirror world of its own and renders them through a ``PlantCameraFeed``. So the model
/// sees the same 64×64 front and wrist images and the same 100 Hz event stream as in training,
/// and the stepping thread neither allocates, nor locks, nor renders.
final class WorldCameraMirror: VLACameraFeed, @unchecked Sendable {
    /// One world state as the stepping thread left it after a step; inline storage, so pushing
    /// it never allocates.
    struct Frame {
        var steps: Int64 = 0
        var q = InlineArray<16, Double>(repeating: 0)
        var positions = InlineArray<8, Vec3>(repeating: .zero)
        var orientations = InlineArray<8, Quaternion>(repeating: .identity)
    }

    /// Steps between mirrored states: 10 ms at the simulator's 1 ms step.
    static let frameEvery: Int64 = 10

    /// Six planner periods of frames (about 38 KiB): a planner late by several ticks loses none.
    private let ring = SPSCRing<Frame>(capacity: 64)
    /// The planner thread's world: only poses and the step count are ever written.
    private let mirror: WorldData
    private let plant: PlantCameraFeed
    private let dof: Int, bodies: Int

    /// A mirror of `scene` (any seeded layout of it: only the poses differ, and they are copied).
    /// One stepping thread and one planner thread at a time.
    init(scene: Scene) throws {
        mirror = scene.makeData()
        plant = try PlantCameraFeed(scene: scene)
        dof = scene.model.robotDOF
        bodies = scene.model.bodies.count
        guard dof <= 16, bodies <= 8 else {
            throw DaemonError.badInput("\(scene.description.file): the camera mirror holds at most 16 joints and 8 free bodies, the scene has \(dof) and \(bodies)")
        }
        // The first call instantiates generic metadata and statics (a dozen small allocations):
        // pay that here, not on the stepping thread.
        record(mirror)
        reset()
    }

    /// The stepping thread, after a step: every 10th state into the ring (dropped, and counted by
    /// the ring, if the planner has fallen six ticks behind). The controller thread calls this
    /// after every step; an emulator's plant only after each catch-up of a few steps, so some 10th
    /// steps go unseen there, exactly as with `embody run --emulate`'s ``PlantCameraFeed``.
    /// Allocation-free and wait-free.
    func record(_ data: WorldData) {
        guard data.steps % Self.frameEvery == 0 else { return }
        var frame = Frame()
        frame.steps = data.steps
        for i in 0..<dof { frame.q[i] = data.q[i] }
        for k in 0..<bodies {
            frame.positions[k] = data.bodyPositions[k]
            frame.orientations[k] = data.bodyOrientations[k]
        }
        ring.push(frame)
    }

    /// States dropped because the planner fell behind (read after an episode).
    var dropped: Int { ring.dropped }

    /// Before an episode starts (no thread is running): forgets the last episode's leftover states.
    func reset() {
        while ring.pop() != nil {}
    }

    /// Planner thread: renders every state recorded since the last tick (the event camera needs
    /// each one), then hands over the newest images and the events, as ``PlantCameraFeed`` does.
    func take(into input: inout VLAInput) -> Bool {
        while let frame = ring.pop() {
            for i in 0..<dof { mirror.q[i] = frame.q[i] }
            for k in 0..<bodies {
                mirror.bodyPositions[k] = frame.positions[k]
                mirror.bodyOrientations[k] = frame.orientations[k]
            }
            mirror.steps = frame.steps
            plant.publish(mirror)
        }
        return plant.take(into: &input)
    }
}
