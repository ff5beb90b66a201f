import Control
import Physics
import Runtime

/// The 10 Hz slot of a recorded episode: the scripted expert decides, and every tick this records
/// what a learned planner would see (front and wrist images, the event frame of the last 100 ms,
/// encoder joints, tool pose) with the expert's waypoint as the label; then it hands the
/// controller the expert's chunk, a perturbed copy while the episode's schedule says so, or the
/// learner's chunk while a ``LearnerTakeover`` window is open (DAgger).
///
/// `@unchecked Sendable` because the episode's planner factory must be: the recorder is made
/// before the episode and touched only by the lockstep thread running it (planner ticks and the
/// `observe` hook alternate on that thread), and read by the caller once `runEpisode` returns.
final class DemonstrationRecorder: EpisodePlanner, @unchecked Sendable {
    private let cameras: DemonstrationCameras
    private let eventCamera: EventCamera
    private let heading: ToolHeading
    private let perturbations: PerturbationSchedule
    private let learner: LearnerDriver?
    private let takeover: LearnerTakeover
    private var expert: ScriptedPlanner?
    private var plannerTicks = 0
    private(set) var recording = EpisodeRecording()
    /// Ticks the learner drove.
    private(set) var learnerTicks = 0

    init(cameras: DemonstrationCameras, eventCamera: EventCamera, heading: ToolHeading, perturbations: PerturbationSchedule,
         learner: LearnerDriver? = nil, takeover: LearnerTakeover = .none) {
        self.cameras = cameras
        self.eventCamera = eventCamera
        self.heading = heading
        self.perturbations = perturbations
        self.learner = learner
        self.takeover = takeover
        eventCamera.reset()
        let size = DemonstrationCameras.size
        recording.reserve(rows: 120, imageBytes: size * size * 3, eventBytes: 2 * size * size)
    }

    /// The planner factory's body: the episode's expert, from what its seed drew.
    func start(_ context: EpisodePlannerContext) -> DemonstrationRecorder {
        expert = ScriptedPlanner(context)
        return self
    }

    /// After every simulator step: the event camera's 100 Hz frames.
    func observe(_ world: WorldData) { eventCamera.observe(world) }

    func plan(_ observation: Observation, world: WorldData?) -> ActionChunk? {
        guard let expert else { return nil }
        let chunk = expert.plan(observation, world: world)
        let step = plannerTicks
        plannerTicks += 1
        // Without the lockstep world (never the case here) there is nothing to render.
        guard let world, let chunk, let label = chunk.active(at: chunk.stamp) else { return chunk }
        let toolYaw = heading.yaw(world)
        let (executed, perturbed) = perturbations.apply(to: chunk, tool: observation.toolPosition, toolYaw: toolYaw)
        record(observation, world: world, toolYaw: toolYaw, label: label, step: step, perturbed: perturbed)
        if takeover.drives(at: chunk.stamp), let own = learner?.chunk(forLastRowOf: recording, stamp: chunk.stamp) {
            recording.perturbed[recording.rows - 1] = 1
            learnerTicks += 1
            return own
        }
        return executed
    }

    var isDone: Bool { expert?.isDone ?? false }
    var status: String { expert?.status ?? "not started" }

    private func record(_ observation: Observation, world: WorldData, toolYaw: Double, label: Waypoint, step: Int, perturbed: Bool) {
        eventCamera.observe(world)  // the front image of this instant, and the events up to it
        if eventCamera.renderedStep != world.steps { cameras.front.capture(world) }
        recording.front.append(contentsOf: cameras.front.renderer.rgb)
        cameras.wrist.capture(world)
        recording.wrist.append(contentsOf: cameras.wrist.renderer.rgb)
        eventCamera.takeCounts(into: &recording.events)
        for i in 0..<EpisodeRecording.jointColumns {
            recording.joints.append(i < observation.jointPositions.count ? Float(observation.jointPositions[i]) : 0)
        }
        let tool = observation.toolPosition
        recording.tool += [Float(tool.x), Float(tool.y), Float(tool.z), Float(toolYaw)]
        let free = label.yaw.isNaN
        recording.target += [Float(label.position.x), Float(label.position.y), Float(label.position.z),
                             Float(free ? toolYaw : nearestEquivalentYaw(label.yaw, to: toolYaw)), Float(label.gripper)]
        recording.yawFree.append(free ? 1 : 0)
        recording.perturbed.append(perturbed ? 1 : 0)
        recording.steps.append(Int32(step))
        for object in observation.objects {
            recording.objects += [Float(object.position.x), Float(object.position.y), Float(object.position.z)]
        }
        recording.rows += 1
    }
}
