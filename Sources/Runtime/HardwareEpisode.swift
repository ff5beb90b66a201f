import Atomics
import Control
import Foundation
import Physics
import RobotModel
import Safety

/// One seeded episode on a robot whose plant runs on its own clock: a servo bus (real, or an
/// emulated chain on a pseudo-terminal). The loop is the one of ``runEpisode(_:observe:)`` on the
/// executive's two wall-clock threads, except that nothing steps a simulator: the controller
/// period is the bus's (one sync read and one sync write per tick), and the objects' poses come
/// from an ``ObjectPoseFeed`` rather than from the robot.
public struct HardwareEpisodeSettings: Sendable {
    public var instruction: String
    public var seed: UInt64
    /// Wall-clock time limit, seconds.
    public var timeLimit: Double = 25
    /// Controller period, ns: as fast as one bus cycle allows (2 ms: 500 Hz on a 1 Mbit/s SO-101 bus).
    public var controllerPeriod: Int64 = 2_000_000
    /// Planner period, ns (10 Hz).
    public var plannerPeriod: Int64 = 100_000_000
    public var priority: Int32? = 80
    public var lockMemory = true
    public var keepSamples = false
    /// The planner in the 10 Hz slot (nil: the scripted expert).
    public var planner: EpisodePlannerFactory?
    /// An operator's stop requests and telemetry tap (the onboard daemon); nil: none.
    public var `operator`: EpisodeOperator?

    public init(instruction: String, seed: UInt64) {
        self.instruction = instruction
        self.seed = seed
    }
}

/// Configures (unless it already is: a daemon keeps its bus configured and holding between
/// episodes) and activates `robot`, moves it to the scene's ready pose (``moveToReadyPose``; with
/// `scene` nil, a real arm's, it starts where it is), runs one episode of `settings.instruction` with the scripted
/// expert, then deactivates it: the servos hold their measured positions with the torque on, until
/// the caller disconnects. `model` is the robot's URDF model (its mimic joints follow their
/// masters); `configuration` its robot.toml (the supervisor's limits); `servoStiffness` the
/// position servos' stiffness per joint, for the controller's gravity offsets. The expert's speed
/// and approach height are drawn from the seed exactly as in simulation (with `scene` nil, a real
/// arm's, the unrandomised defaults). Throws for bad input and for a robot that cannot start; a
/// failed task, or a fault the supervisor latched, is a result.
public func runHardwareEpisode(_ settings: HardwareEpisodeSettings, robot: any RobotInterface, model: Model,
                               configuration: RobotConfiguration, servoStiffness: [Double]?,
                               objects: ObjectPoseFeed, scene: SceneDescription?) throws -> EpisodeResult {
    guard let task = Task(instruction: settings.instruction) else {
        throw ControllerError("cannot parse the instruction \"\(settings.instruction)\" (templates: sim/tasks/README.md)")
    }
    let joints = try EpisodeJointMap(robotJoints: robot.jointNames, model: model)
    guard model.dof <= EpisodeSnapshot.capacity else { throw ControllerError("an episode tracks at most \(EpisodeSnapshot.capacity) joints") }
    let draw = scene.map { EpisodeDraw($0, task: task, seed: settings.seed) }
    var profile = try ManipulatorProfile.named(model.name, model: model)
    profile.speed = draw?.speed ?? EpisodeDraw.defaultSpeed

    let period = settings.controllerPeriod
    let supervisorModel = try SupervisorModel(configuration: configuration, kinematics: model, jointNames: robot.jointNames,
                                              driveModes: positionDriveModes(robot), period: period)
    let limits: [ClosedRange<Double>?] = (1...model.dof).map { i in
        let info = model.jointInfo[i]
        return info.type == .continuous ? nil : info.limit.map { $0.lower...$0.upper }
    }

    if robot.lifecycle != .inactive { try robot.configure() }
    try robot.activate()
    defer { robot.deactivate() }
    let bus = BusLoop(robot: robot, joints: joints, model: model, profile: profile, servoStiffness: servoStiffness,
                      supervisorModel: supervisorModel, limits: limits, objects: objects, settings: settings)
    let ready = scene.flatMap { readyPose($0, model: model) }
    if let ready, let stopped = try moveToReadyPose(ready, on: bus) { return stopped }
    let controller = try bus.controllerAtMeasuredPose()
    let readyPoseError = ready.map { ReadyPoseError(measured: controller.jointTargets, ready: $0, model: model) }
    let supervisor = Supervisor(supervisorModel)
    let deadline = MonotonicClock.now() + 1_000_000_000
    while !objects.hasPublished {
        guard MonotonicClock.now() < deadline else { throw ControllerError("no object poses from the plant within 1 s") }
        MonotonicClock.sleep(until: MonotonicClock.now() + 1_000_000)
    }
    let initialObjects = objects.states()
    let context = EpisodePlannerContext(task: task, instruction: settings.instruction, seed: settings.seed,
                                        approachHeight: draw?.approachHeight ?? EpisodeDraw.defaultApproachHeight, objects: initialObjects,
                                        jaw: controller.jawGauge)
    let planning = EpisodePlanning(planner: try settings.planner?(context) ?? ScriptedPlanner(context),
                                   instruction: settings.instruction, objects: initialObjects, world: nil)
    let stepLimit = Int64(settings.timeLimit * 1e9) / period
    let (control, summary) = try bus.run(controller, supervisor, planning, stepLimit: stepLimit)
    let (success, outcome) = judge(task, initial: initialObjects, final: objects.states(),
                                   finished: planning.doneAtStep.load(ordering: .relaxed) >= 0, status: planning.planner.status)
    var result = EpisodeResult(success: success && supervisor.fault == nil,
                         outcome: bus.stopOutcome(control, supervisor) ?? outcome,
                         period: period,
                         control: control, summary: summary, plannerLatency: summary.plannerLatencyHistogram, supervisor: supervisor)
    result.readyPoseError = readyPoseError
    return result
}
