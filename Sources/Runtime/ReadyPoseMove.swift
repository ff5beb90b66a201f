import Control
import Physics
import RobotModel
import Safety

/// The scene's ready pose in the model's joint order: the `[robot] initial` joints at their
/// values, every other joint at 0, as the simulator starts them.
func readyPose(_ scene: SceneDescription, model: Model) -> [Double]? {
    guard let initial = scene.robot?.initial else { return nil }
    return (1..<model.joints.count).map { initial[model.jointInfo[$0].name] ?? 0 }
}

/// How far an arm started from its ready pose, per kind of joint, so that radians and metres are
/// never compared.
public struct ReadyPoseError: Sendable, Equatable {
    /// The largest error of a revolute or continuous joint, rad.
    public var angle: Double
    /// The largest error of a prismatic joint (the OpenMANIPULATOR-X's jaws), m; nil without one.
    public var travel: Double?

    init(measured: [Double], ready: [Double], model: Model) {
        angle = 0
        for (i, (q, r)) in zip(measured, ready).enumerated() {
            if model.jointInfo[i + 1].type == .prismatic {
                travel = max(travel ?? 0, abs(q - r))
            } else {
                angle = max(angle, abs(q - r))
            }
        }
    }
}

/// Before an episode on a servo bus: moves the arm in joint space from wherever it was left to
/// `ready`, the pose every simulated episode, and so every demonstration, starts from, and lets
/// it settle for 0.5 s. On a bus the arm is never there on its own: its servos hold no torque
/// while the bus is configured, and it sags (on the emulated SO-101 the tool starts 9 mm low and
/// 8 mm back), so a learned planner would otherwise begin from a pose it was never shown.
/// Supervised by a supervisor of its own, with the episode's loop and an empty 10 Hz slot.
/// Returns nil once the arm is there; if the supervisor stopped it or the robot failed on the
/// way, the failed episode's result (its fault, samples and timings), so a caller records it as
/// it would a fault during the task.
func moveToReadyPose(_ ready: [Double], on bus: BusLoop) throws -> EpisodeResult? {
    let controller = try bus.controllerAtMeasuredPose()
    controller.moveJoints(to: ready)
    let period = bus.settings.controllerPeriod
    let steps = Int64(((controller.jointMoveDuration + 0.5) * 1e9).rounded(.up)) / period + 1
    let supervisor = Supervisor(bus.supervisorModel)
    let planning = EpisodePlanning(planner: NoTargets(), instruction: bus.settings.instruction, objects: bus.objects.states(), world: nil)
    let (control, summary) = try bus.run(controller, supervisor, planning, stepLimit: steps)
    guard let outcome = bus.stopOutcome(control, supervisor) else { return nil }
    return EpisodeResult(success: false, outcome: outcome + " (moving to the ready pose)", period: period, control: control,
                         summary: summary, plannerLatency: summary.plannerLatencyHistogram, supervisor: supervisor)
}

/// The 10 Hz slot while the arm moves to its ready pose: empty chunks, which keep the
/// supervisor's chunk watchdog satisfied and give the controller no tool target.
private final class NoTargets: EpisodePlanner {
    func plan(_ observation: Observation, world: WorldData?) -> ActionChunk? { ActionChunk(stamp: observation.time) }
    var isDone: Bool { false }
    var status: String { "moving to the ready pose" }
}
