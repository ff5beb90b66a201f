import Control
import Histogram
import Safety

/// Runs an episode's two sides on the executive until the controller side says it is over: on
/// the executive's two wall-clock threads (`.realTime`), or lockstep on the calling thread for at
/// most `lockstepTicks`. The same for the simulator and a servo bus.
func execute(_ control: EpisodeControl, _ planning: EpisodePlanning, _ configuration: ExecutiveConfiguration,
             lockstepTicks: Int64) -> ExecutiveSummary {
    let executive = Executive<EpisodeSnapshot, ActionChunk>(
        configuration, initialState: control.snapshot(), initialChunk: ActionChunk(stamp: 0),
        controller: { tick, chunk in control.tick(tick, chunk) },
        planner: { _, snapshot in planning.plan(snapshot) })
    guard configuration.mode == .realTime else {
        return executive.runLockstep(controllerTicks: lockstepTicks) { control.finished.load(ordering: .relaxed) }
    }
    executive.start()
    while !control.finished.load(ordering: .acquiring) { MonotonicClock.sleep(until: MonotonicClock.now() + 5_000_000) }
    return executive.stop()
}

/// The drive mode the episode loop commands each joint in: position where the joint takes it
/// (servos, and torque joints through their position input), else what it declares.
func positionDriveModes(_ robot: any RobotInterface) -> [CommandModes] {
    robot.commandModes.map { $0.contains(.position) ? .position : $0 }
}

extension EpisodeResult {
    /// The result of an episode run by `control`, from the judge's verdict and what the loop,
    /// the executive and the supervisor measured.
    init(success: Bool, outcome: String, period: Int64, control: EpisodeControl, summary: ExecutiveSummary,
         plannerLatency: Histogram<UInt64>, supervisor: Supervisor) {
        self.init(
            success: success, duration: Double(control.steps) * Double(period) * 1e-9, outcome: outcome,
            controllerTicks: Int(control.steps), executive: summary, controllerCompute: control.controllerCompute,
            stepCompute: control.stepCompute, plannerLatency: plannerLatency, samples: control.samples(),
            allocationsPerTick: Double(control.allocations) / Double(max(control.countedTicks, 1)),
            limitViolations: control.limitViolations, interventions: supervisor.interventions, fault: supervisor.fault,
            robotError: control.robotError, robotErrorAt: control.robotErrorAt, stopDuration: control.stopDuration)
    }
}
