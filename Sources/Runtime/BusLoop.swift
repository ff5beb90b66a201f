import Control
import RobotModel
import Safety

/// What the supervised phases of an episode on a servo bus share (the move to the ready pose,
/// then the task): the robot, its joints and limits, the objects' feed and the run's settings.
/// Each phase gets a fresh controller from the arm's measured pose and a supervisor of its own.
struct BusLoop {
    let robot: any RobotInterface
    let joints: EpisodeJointMap
    let model: Model
    let profile: ManipulationController.Configuration
    /// Position servos' stiffness per joint, for the controller's gravity offsets.
    let servoStiffness: [Double]?
    let supervisorModel: SupervisorModel
    let limits: [ClosedRange<Double>?]
    let objects: ObjectPoseFeed
    let settings: HardwareEpisodeSettings

    /// A controller whose references start at the arm's measured pose.
    func controllerAtMeasuredPose() throws -> ManipulationController {
        var measured = JointState(joints: robot.jointNames.count)
        try robot.read(into: &measured)
        var q = Array(repeating: 0.0, count: model.dof)
        joints.expand(measured.position, into: &q)
        return try ManipulationController(model: model, configuration: profile, initial: q, servoStiffness: servoStiffness)
    }

    /// Runs `controller` under `supervisor` on the wall clock, `planning` in the 10 Hz slot, until
    /// `stepLimit` ticks, the planner's task is done or a stop has come to rest.
    func run(_ controller: ManipulationController, _ supervisor: Supervisor, _ planning: EpisodePlanning,
             stepLimit: Int64) throws -> (control: EpisodeControl, summary: ExecutiveSummary) {
        let period = settings.controllerPeriod
        let control = try EpisodeControl(robot: robot, joints: joints, limits: limits, period: period, controller: controller,
                                         supervisor: supervisor, objects: objects, simulation: nil, advance: nil,
                                         stepLimit: stepLimit, planning: planning, keepSamples: settings.keepSamples, observe: nil)
        control.operatorHooks = settings.operator
        let summary = execute(control, planning, ExecutiveConfiguration(
            mode: .realTime, controllerPeriod: period, plannerPeriod: settings.plannerPeriod,
            priority: settings.priority, lockMemory: settings.lockMemory), lockstepTicks: 0)
        return (control, summary)
    }

    /// How a phase ended early, if it did: the robot's error, else the supervisor's latched fault.
    func stopOutcome(_ control: EpisodeControl, _ supervisor: Supervisor) -> String? {
        control.robotError.map { "stopped: \($0)" } ?? supervisor.fault.map { "supervisor stop: \($0)" }
    }
}
