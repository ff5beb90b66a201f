import Control
import Physics
import RobotModel
import Runtime
import Spatial
import VLA

/// The vision-language-action model in an episode's 10 Hz slot. In lockstep simulation it renders
/// exactly what demonstrations record (the same 64×64 cameras, event camera and tool heading), so
/// the model sees at run time what it was trained on; against an emulated rig it takes the same
/// images from the plant's ``PlantCameraFeed``. It decodes one action chunk per tick.
///
/// The privileged object states in the observation are used for one thing only: to say when the
/// task is done (a gym environment's `terminated`), so the episode can end; never to plan.
/// `@unchecked Sendable`: made before the episode, then touched only by the lockstep thread.
public final class VLAEpisodePlanner: EpisodePlanner, @unchecked Sendable {
    public let model: VLAModel
    private let workspace: VLAWorkspace
    private let tokenizer: InstructionTokenizer
    /// The lockstep world's cameras (nil for a planner that only takes images from a feed).
    private let cameras: DemonstrationCameras?
    private let eventCamera: EventCamera?
    private let heading: ToolHeading
    /// Images from elsewhere instead of rendering the lockstep world: an emulated rig's plant, a
    /// paced simulation's camera mirror, a real arm's cameras.
    private let feed: (any VLACameraFeed)?
    private(set) var input: VLAInput
    private var task: Task?
    private var initialObjects: [ObjectState] = []
    private var done = false
    /// No tick of this episode has reached the model yet.
    private var firstTick = true
    /// Ablations: feed black camera images (and no events); plan for another instruction than
    /// the episode's.
    public var blankCameras = false
    public var instructionOverride: String?

    public convenience init(model: VLAModel, scene: Scene, feed: (any VLACameraFeed)? = nil) throws {
        guard let robot = scene.model.robot else { throw VLAError("the scene has no robot") }
        let cameras = try DemonstrationCameras(scene: scene)
        try self.init(model: model, robot: robot, cameras: cameras, eventCamera: try EventCamera(camera: cameras.front), feed: feed)
    }

    /// A planner that takes every image from `feed` (a real arm's cameras): no scene, only the
    /// robot's kinematics for the tool heading.
    public convenience init(model: VLAModel, robot: Model, feed: any VLACameraFeed) throws {
        try self.init(model: model, robot: robot, cameras: nil, eventCamera: nil, feed: feed)
    }

    private init(model: VLAModel, robot: Model, cameras: DemonstrationCameras?, eventCamera: EventCamera?,
                 feed: (any VLACameraFeed)?) throws {
        self.model = model
        workspace = VLAWorkspace(config: model.config)
        tokenizer = InstructionTokenizer(config: model.config)
        self.cameras = cameras
        self.eventCamera = eventCamera
        heading = ToolHeading(robot)
        self.feed = feed
        let size = model.config.imageSize
        guard size == DemonstrationCameras.size else {
            throw VLAError("config.json: image_size \(size), but the cameras render \(DemonstrationCameras.size)×\(DemonstrationCameras.size)")
        }
        input = VLAInput(front: Array(repeating: 0, count: size * size * 3), wrist: Array(repeating: 0, count: size * size * 3),
                         events: [], joints: Array(repeating: 0, count: model.config.joints), tool: [0, 0, 0, 0], words: [])
        input.events.reserveCapacity(2 * size * size)
    }

    /// The planner factory's body: a fresh event camera and the episode's task (a plant camera
    /// feed restarts its own when the next episode's plant starts again at time 0).
    public func start(_ context: EpisodePlannerContext) throws -> VLAEpisodePlanner {
        eventCamera?.reset()
        task = context.task
        initialObjects = context.objects
        done = false
        firstTick = true
        input.words = try tokenizer.tokenize(instructionOverride ?? context.instruction)
        return self
    }

    /// After every simulator step: the event camera's 100 Hz frames.
    public func observe(_ world: WorldData) { eventCamera?.observe(world) }

    public func plan(_ observation: Observation, world: WorldData?) -> ActionChunk? {
        guard let task else { return nil }
        if let world, let cameras, let eventCamera {
            eventCamera.observe(world)
            if eventCamera.renderedStep != world.steps { cameras.front.capture(world) }
            cameras.wrist.capture(world)
            input.events.removeAll(keepingCapacity: true)
            eventCamera.takeCounts(into: &input.events)
            copy(cameras.front.renderer.rgb, into: &input.front)
            copy(cameras.wrist.renderer.rgb, into: &input.wrist)
        } else {
            guard let feed, feed.take(into: &input) else { return nil }
            // The recorded episodes start at their first tick, which has no events before it; a
            // feed's events from before the start (a plant settling, an earlier task) are dropped.
            if firstTick { for i in 0..<input.events.count { input.events[i] = 0 } }
        }
        firstTick = false
        if blankCameras {
            for i in 0..<input.front.count { input.front[i] = 0; input.wrist[i] = 0 }
            for i in 0..<input.events.count { input.events[i] = 0 }
        }
        for i in 0..<input.joints.count {
            input.joints[i] = i < observation.jointPositions.count ? Float(observation.jointPositions[i]) : 0
        }
        let tool = observation.toolPosition
        input.tool[0] = Float(tool.x); input.tool[1] = Float(tool.y); input.tool[2] = Float(tool.z)
        input.tool[3] = Float(world.map { heading.yaw($0) } ?? heading.yaw(jointPositions: observation.jointPositions))
        do { try predict(model, input, workspace: workspace) } catch { return nil }
        let chunk = actionChunk(tokens: workspace.tokens, tool: input.tool, config: model.config, stamp: observation.time)
        done = taskDone(task, observation, gripper: chunk.count > 0 ? chunk[0].gripper : 1)
        return chunk
    }

    public var isDone: Bool { done }
    public var status: String { "vla" }

    private func copy(_ pixels: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        for i in 0..<buffer.count { buffer[i] = pixels[i] }
    }

    /// The task suite's success predicate on the current state; a reach is done when the tool is
    /// within 1 cm of the point 1 cm above the cube's top (the expert's reach target), a pick and
    /// place only once the model has let go of the cube.
    private func taskDone(_ task: Task, _ observation: Observation, gripper: Double) -> Bool {
        if case .pickAndPlace = task, gripper >= 0.5 { return false }
        var reached = false
        if case .reach = task, let cube = observation.objects.first(where: { $0.name == task.object }) {
            let target = cube.position + Vec3(0, 0, cube.halfExtents.z + 0.01)
            reached = (observation.toolPosition - target).norm < 0.01
        }
        return judge(task, initial: initialObjects, final: observation.objects, finished: reached, status: "vla").0
    }
}
