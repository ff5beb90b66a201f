import AllocationCounter
import Atomics
import Control
import Histogram
import Physics
import Safety
import Spatial

/// The controller thread's side of an episode, run by the executive every period: read the robot,
/// follow the newest chunk, one controller tick, the supervisor's filter, write the safe command,
/// step the simulator when the robot is simulated in lockstep with the loop, measure, and publish
/// a snapshot for the planner. The robot is any ``RobotInterface`` (the simulator, a servo bus);
/// object poses come from an ``EpisodeObjects`` source, because a bus cannot report them.
/// Touched only by the controller thread while the executive runs; read by the caller after it
/// has stopped. Allocation-free per tick (plot samples go into storage reserved up front).
final class EpisodeControl: @unchecked Sendable {
    let robot: any RobotInterface
    let controller: ManipulationController
    let supervisor: Supervisor
    private var state: JointState
    private var targets: [JointTarget]
    private let objects: any EpisodeObjects
    /// The simulated world behind the robot, when it is simulated here: ground truth for plots,
    /// limit counts and the planner's clock (nil on a bus, where only `read` is known).
    private let simulation: WorldData?
    /// Steps the simulator one period after each write (nil when the plant runs on its own).
    private let advance: (() throws -> Void)?
    /// Position limits per model joint (nil: unlimited), for counting violations.
    private let limits: [ClosedRange<Double>?]
    /// Robot joints into the controller's model (mimic joints computed).
    private let joints: EpisodeJointMap
    /// Model positions from the latest read (no simulation).
    private var modelPositions: [Double]
    /// Controller period, ns and s.
    private let period: Int64
    private let dt: Double
    /// Executive time of the latest tick, ns: the planner's clock when there is no simulation.
    private var now: Int64 = 0
    private let stepLimit: Int64
    private let planning: EpisodePlanning
    private let observe: ((WorldData) -> Void)?
    private let keepSamples: Bool
    /// Ticks to let a released object settle after the expert is done (0.5 s).
    private let settleSteps: Int64

    /// Set by the controller thread when the episode is over (time limit, settled, or a fault).
    let finished = ManagedAtomic<Bool>(false)
    private(set) var steps: Int64 = 0
    private(set) var fault: SimulationError?
    /// The robot interface's first error (a silent servo, a vanished port), as it said it, and
    /// when the loop met it (monotonic ns); the fault path only, so its allocation is no concern.
    private(set) var robotError: String?
    private(set) var robotErrorAt: Int64?
    /// Ticks at which a fault latched and at which the stop had every command at rest (−1: not yet).
    private var faultStep: Int64 = -1, restStep: Int64 = -1
    /// Controller tick alone (chunk → joint command), ns: what the robot's computer spends.
    private(set) var controllerCompute = Histograms.nanoseconds()
    /// The simulator step (the robot's side in simulation), ns.
    private(set) var stepCompute = Histograms.nanoseconds()
    private(set) var allocations = 0, countedTicks = 0
    /// Ticks with a joint outside its position limits by more than 1 mrad.
    private(set) var limitViolations = 0
    /// 100 Hz plot samples, flat: time, q (dof), reference q (dof), tool (3), tool reference (3).
    private(set) var sampleValues: [Double] = []
    /// An operator's requests and telemetry (the daemon), polled inside the counted tick.
    var operatorHooks: EpisodeOperator?

    /// `simulation` and `advance` together for a simulator stepped by the loop; both nil for a
    /// robot whose plant runs on its own clock (a servo bus, real or emulated).
    init(robot: any RobotInterface, joints: EpisodeJointMap, limits: [ClosedRange<Double>?], period: Int64, controller: ManipulationController, supervisor: Supervisor,
         objects: any EpisodeObjects, simulation: WorldData?, advance: (() throws -> Void)?,
         stepLimit: Int64, planning: EpisodePlanning, keepSamples: Bool, observe: ((WorldData) -> Void)?) throws {
        self.robot = robot
        self.limits = limits
        self.joints = joints
        modelPositions = Array(repeating: 0, count: joints.modelDOF)
        self.period = period
        dt = Double(period) * 1e-9
        settleSteps = max(1, 500_000_000 / period)
        self.controller = controller
        self.supervisor = supervisor
        state = JointState(joints: robot.jointNames.count)
        targets = Array(repeating: JointTarget(), count: robot.jointNames.count)
        try robot.read(into: &state)
        joints.expand(state.position, into: &modelPositions)
        supervisor.activate(from: state, now: 0)
        self.objects = objects
        self.simulation = simulation
        self.advance = advance
        self.stepLimit = stepLimit
        self.planning = planning
        self.keepSamples = keepSamples
        self.observe = observe
        if keepSamples {
            sampleValues.reserveCapacity(Int(stepLimit / 10 + 1) * (1 + 2 * joints.modelDOF + 6))
        }
    }

    /// The planner's clock: simulated time, or the executive's.
    private var time: Int64 { simulation?.timeNanoseconds ?? now }

    /// Joint positions: the simulator's truth, or what the robot last reported.
    private var positions: [Double] { simulation?.q ?? modelPositions }

    /// The state the planner sees.
    func snapshot() -> EpisodeSnapshot {
        var s = EpisodeSnapshot()
        s.step = steps
        s.time = time
        s.jointCount = min(joints.modelDOF, EpisodeSnapshot.capacity)
        if let data = simulation {
            for i in 0..<s.jointCount { s.joints[i] = data.encoderPosition(i) }
        } else {
            for i in 0..<s.jointCount { s.joints[i] = modelPositions[i] }
        }
        s.tool = controller.toolPosition(positions)
        objects.fill(&s)
        return s
    }

    func tick(_ tick: ControllerTick, _ chunk: ActionChunk) -> EpisodeSnapshot {
        if finished.load(ordering: .relaxed) { return snapshot() }
        let done = planning.doneAtStep.load(ordering: .acquiring)
        if done >= 0, steps - done > settleSteps {
            finished.store(true, ordering: .releasing)
            return snapshot()
        }
        now = tick.time
        if tick.chunkIsNew, let waypoint = chunk.active(at: time) { controller.follow(waypoint) }
        let dof = joints.modelDOF
        let start = MonotonicClock.now()
        var command: SafeCommand?
        if steps >= 1000, steps < 1500 {
            allocations += countAllocations { command = self.command(tick) }
            countedTicks += 1
        } else {
            command = self.command(tick)
        }
        let stepStart = MonotonicClock.now()
        Histograms.record(stepStart - start, into: &controllerCompute)
        do {
            if let command { try robot.write(command) }
            try advance?()
        } catch let error as SimulationError {
            fault = error
            finished.store(true, ordering: .releasing)
        } catch {
            noteRobotError(error)
            supervisor.reportFault(.robotFault, now: tick.time)  // the interface refused: stop
        }
        Histograms.record(MonotonicClock.now() - stepStart, into: &stepCompute)
        if let observe, let data = simulation { observe(data) }
        if keepSamples, steps % 10 == 0 { sample(dof) }
        countViolations(dof)
        steps += 1
        if steps >= stepLimit || stopCompleted() { finished.store(true, ordering: .releasing) }
        return snapshot()
    }

    /// Sensor read → controller → supervisor: what the robot's computer does each tick.
    private func command(_ tick: ControllerTick) -> SafeCommand? {
        operatorHooks?.beginTick(tick, supervisor: supervisor)
        do { try robot.read(into: &state) } catch {
            noteRobotError(error)
            supervisor.reportFault(.robotFault, now: tick.time)
        }
        if simulation == nil { joints.expand(state.position, into: &modelPositions) }
        controller.tick(dt: dt)
        for i in 0..<targets.count { targets[i].position = controller.servoCommands[joints.modelIndex[i]] }
        let safe = supervisor.filter(state, targets: targets, now: tick.time, chunkTime: tick.chunkStamp.time)
        operatorHooks?.endTick(tick, state: state, supervisor: supervisor)
        return safe
    }

    private func noteRobotError(_ error: any Error) {
        guard robotError == nil else { return }
        robotErrorAt = MonotonicClock.now()
        robotError = "\(error)"
    }

    /// After a latched fault the episode is over once the stop has brought every command to
    /// rest, plus a moment (0.2 s) for the last state to be read and recorded.
    private func stopCompleted() -> Bool {
        guard supervisor.fault != nil else { return false }
        if faultStep < 0 { faultStep = steps }
        guard case .stopped = supervisor.mode else { return false }
        if restStep < 0 { restStep = steps }
        return steps - restStep >= max(1, 200_000_000 / period)
    }

    /// Seconds from the tick a fault latched to the tick every command was at rest (nil: no
    /// fault, or the episode ended first).
    var stopDuration: Double? {
        guard faultStep >= 0, restStep >= 0 else { return nil }
        return Double(restStep - faultStep) * dt
    }

    private func sample(_ dof: Int) {
        let q = positions
        sampleValues.append(Double(time) * 1e-9)
        for i in 0..<dof { sampleValues.append(q[i]) }
        for i in 0..<dof { sampleValues.append(controller.jointTargets[i]) }
        let tool = controller.toolPosition(q), reference = controller.reference
        sampleValues.append(tool.x); sampleValues.append(tool.y); sampleValues.append(tool.z)
        sampleValues.append(reference.x); sampleValues.append(reference.y); sampleValues.append(reference.z)
    }

    private func countViolations(_ dof: Int) {
        let q = positions
        for i in 0..<dof {
            if let limits = limits[i], q[i] < limits.lowerBound - 1e-3 || q[i] > limits.upperBound + 1e-3 {
                limitViolations += 1
                return
            }
        }
    }

    /// The flat samples as plot rows.
    func samples() -> [EpisodeSample] {
        let dof = joints.modelDOF, width = 1 + 2 * dof + 6
        return stride(from: 0, to: sampleValues.count, by: width).map { o in
            let row = sampleValues[o..<(o + width)].map { $0 }
            return EpisodeSample(time: row[0], jointPositions: Array(row[1...dof]), jointReferences: Array(row[(1 + dof)...(2 * dof)]),
                                 tool: Vec3(row[2 * dof + 1], row[2 * dof + 2], row[2 * dof + 3]),
                                 toolReference: Vec3(row[2 * dof + 4], row[2 * dof + 5], row[2 * dof + 6]))
        }
    }
}
