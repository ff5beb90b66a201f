import Histogram
import Safety
import Control
import Foundation
import Physics
import RobotModel
import Spatial

/// One seeded episode of a task in the simulator, run by the ``Executive``: the controller (and
/// the simulator step, the robot) at 1 kHz, the scripted planner at 10 Hz, meeting only through
/// the executive's mailboxes. Lockstep runs are deterministic for a given scene, instruction and
/// seed; wall-clock runs put the controller on a real-time thread and the planner on another.
public struct EpisodeSettings: Sendable {
    public var scene: SceneDescription
    public var instruction: String
    public var seed: UInt64
    /// Simulated time limit, seconds.
    public var timeLimit: Double = 25
    /// Controller ticks per planner tick (1 kHz / 10 Hz).
    public var plannerEvery = 100
    /// Randomise object poses and the expert's approach and speed from the seed.
    public var randomise = true
    /// Run on the executive's two threads paced to the wall clock, instead of lockstep.
    public var realtime = false
    /// Real-time thread settings for wall-clock runs.
    public var priority: Int32? = 80
    public var lockMemory = true
    /// Keep 100 Hz samples for plots.
    public var keepSamples = false
    /// The planner in the 10 Hz slot (nil: the scripted expert).
    public var planner: EpisodePlannerFactory?
    /// An operator's stop requests and telemetry tap (the onboard daemon); nil: none.
    public var `operator`: EpisodeOperator?

    public init(scene: SceneDescription, instruction: String, seed: UInt64) {
        self.scene = scene
        self.instruction = instruction
        self.seed = seed
    }
}

/// One 100 Hz sample of an episode, for plots.
public struct EpisodeSample: Sendable {
    public var time: Double
    public var jointPositions: [Double]
    public var jointReferences: [Double]
    public var tool: Vec3
    public var toolReference: Vec3
}

public struct EpisodeResult: Sendable {
    public var success: Bool
    /// Simulated seconds until the expert finished (and the object settled) or the time limit.
    public var duration: Double
    /// Why it failed, or "ok".
    public var outcome: String
    /// Simulator steps (one per controller tick that ran).
    public var controllerTicks: Int
    /// What the executive measured: period error, whole-tick compute, deadline misses, planner
    /// ticks, chunk ages and late chunks (HDR histograms).
    public var executive: ExecutiveSummary
    /// Controller tick alone (chunk → joint command), ns.
    public var controllerCompute: Histogram<UInt64>
    /// Simulator step, ns (the robot's side in simulation).
    public var stepCompute: Histogram<UInt64>
    /// Planner: wall time of each plan call (lockstep) or tick start → chunk published (wall clock), ns.
    public var plannerLatency: Histogram<UInt64>
    /// Samples at 100 Hz for plots (when `keepSamples`).
    public var samples: [EpisodeSample]
    /// Heap allocations per controller tick, counted over 500 steady-state ticks.
    public var allocationsPerTick: Double
    /// Ticks in which a joint was outside its position limits by more than 1 mrad.
    public var limitViolations: Int
    /// What the supervisor did, by reason, and the fault it latched, if any.
    public var interventions: InterventionCounts
    public var fault: SafetyFault?
    /// The robot interface's first error (a silent servo, a vanished port), and when the loop met
    /// it (monotonic ns).
    public var robotError: String?
    public var robotErrorAt: Int64?
    /// Seconds from the tick a fault latched to the tick the supervisor's stop had every command
    /// at rest.
    public var stopDuration: Double?
    /// On a servo bus, how far the arm was from the scene's ready pose when the episode began,
    /// after ``moveToReadyPose``; nil when it was not moved there (in simulation it starts
    /// there; a real arm starts where it is).
    public var readyPoseError: ReadyPoseError?
}

/// Runs one episode. Throws for scenes or instructions that cannot work (bad input) and for a
/// diverged simulation; a failed task is a result, not an error.
public func runEpisode(_ settings: EpisodeSettings, observe: ((WorldData) -> Void)? = nil) throws -> EpisodeResult {
    guard let task = Task(instruction: settings.instruction) else {
        throw ControllerError("cannot parse the instruction \"\(settings.instruction)\" (templates: sim/tasks/README.md)")
    }
    let draw = EpisodeDraw(settings.scene, task: task, seed: settings.seed, randomise: settings.randomise)
    let description = draw.scene
    let scene = try Scene(description)
    let data = scene.makeData(seed: settings.seed)
    guard let model = scene.model.robot else { throw ControllerError("the scene has no robot") }
    var profile = try ManipulatorProfile.named(model.name, model: model)
    profile.speed = draw.speed
    let controller = try ManipulationController(model: model, configuration: profile, initial: data.q,
                                                servoStiffness: scene.model.joints.map { $0.actuator.kind == .positionServo ? $0.actuator.kp : 0 })
    let objects = trackedObjects(description)
    guard objects.count <= EpisodeSnapshot.capacity, model.dof <= EpisodeSnapshot.capacity else {
        throw ControllerError("an episode tracks at most \(EpisodeSnapshot.capacity) objects and joints")
    }
    let base = scene.model.robotBase
    let sceneObjects = SimulatedObjects(data: data, objects: objects, base: base)
    let initialObjects = sceneObjects.states()
    guard let robotConfiguration = scene.robotConfiguration else {
        throw ControllerError("\(model.name) has no robot.toml beside its URDF: the supervisor needs its limits")
    }
    let robot = SimulatedRobot(data)
    try robot.configure()
    try robot.activate()
    let period = Int64((scene.model.timestep * 1e9).rounded())
    let supervisor = Supervisor(try SupervisorModel(
        configuration: robotConfiguration, kinematics: model, jointNames: robot.jointNames,
        driveModes: positionDriveModes(robot), period: period))
    let context = EpisodePlannerContext(task: task, instruction: settings.instruction, seed: settings.seed,
                                        approachHeight: draw.approachHeight, objects: initialObjects, jaw: controller.jawGauge)
    let planning = EpisodePlanning(planner: try settings.planner?(context) ?? ScriptedPlanner(context),
                                   instruction: settings.instruction, objects: initialObjects,
                                   world: settings.realtime ? nil : data)
    let stepLimit = Int64(settings.timeLimit / scene.model.timestep)
    let control = try EpisodeControl(robot: robot, joints: .identity(model.dof), limits: scene.model.joints.map(\.limits), period: period, controller: controller,
                                     supervisor: supervisor, objects: sceneObjects, simulation: data, advance: robot.advance,
                                     stepLimit: stepLimit, planning: planning, keepSamples: settings.keepSamples, observe: observe)
    control.operatorHooks = settings.operator
    let summary = execute(control, planning, ExecutiveConfiguration(
        mode: settings.realtime ? .realTime : .lockstep, controllerPeriod: period,
        plannerPeriod: period * Int64(settings.plannerEvery), priority: settings.priority, lockMemory: settings.lockMemory),
                          lockstepTicks: stepLimit + 1)
    if let fault = control.fault { throw fault }
    let (success, outcome) = judge(task, initial: initialObjects, final: sceneObjects.states(),
                                   finished: planning.doneAtStep.load(ordering: .relaxed) >= 0, status: planning.planner.status)
    return EpisodeResult(success: success, outcome: outcome, period: period, control: control, summary: summary,
                         plannerLatency: settings.realtime ? summary.plannerLatencyHistogram : summary.plannerTelemetry.compute,
                         supervisor: supervisor)
}
