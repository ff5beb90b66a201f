import AllocationCounter
import Atomics
import Control
import Histogram
import Physics
import Safety
import Spatial

/// The controller thread's side of an episode, run by the executive every 1 ms: read the robot,
/// follow the newest chunk, one controller tick, the supervisor's filter, write the safe command,
/// step the simulator (the robot), measure, and publish a snapshot for the planner. Touched only by the controller thread while the executive
/// runs; read by the caller after it has stopped. Allocation-free per tick (plot samples go into
/// storage reserved up front).
final class EpisodeControl: @unchecked Sendable {
    let robot: SimulatedRobot
    let controller: ManipulationController
    let supervisor: Supervisor
    private var state: JointState
    private var targets: [JointTarget]
    private let objects: [TrackedObject]
    private let base: Transform
    private let stepLimit: Int64
    private let planning: EpisodePlanning
    private let observe: ((WorldData) -> Void)?
    private let keepSamples: Bool
    /// Steps to let a released object settle after the expert is done.
    private let settleSteps: Int64 = 500

    /// Set by the controller thread when the episode is over (time limit, settled, or a fault).
    let finished = ManagedAtomic<Bool>(false)
    private(set) var steps: Int64 = 0
    private(set) var fault: SimulationError?
    /// Controller tick alone (chunk → joint command), ns: what the robot's computer spends.
    private(set) var controllerCompute = Histograms.nanoseconds()
    /// The simulator step (the robot's side in simulation), ns.
    private(set) var stepCompute = Histograms.nanoseconds()
    private(set) var allocations = 0, countedTicks = 0
    /// Ticks with a joint outside its position limits by more than 1 mrad.
    private(set) var limitViolations = 0
    /// 100 Hz plot samples, flat: time, q (dof), reference q (dof), tool (3), tool reference (3).
    private(set) var sampleValues: [Double] = []

    init(robot: SimulatedRobot, controller: ManipulationController, supervisor: Supervisor, objects: [TrackedObject], base: Transform,
         stepLimit: Int64, planning: EpisodePlanning, keepSamples: Bool, observe: ((WorldData) -> Void)?) throws {
        self.robot = robot
        self.controller = controller
        self.supervisor = supervisor
        state = JointState(joints: robot.jointNames.count)
        targets = Array(repeating: JointTarget(), count: robot.jointNames.count)
        try robot.read(into: &state)
        supervisor.activate(from: state, now: 0)
        self.objects = objects
        self.base = base
        self.stepLimit = stepLimit
        self.planning = planning
        self.keepSamples = keepSamples
        self.observe = observe
        if keepSamples {
            sampleValues.reserveCapacity(Int(stepLimit / 10 + 1) * (1 + 2 * robot.jointNames.count + 6))
        }
    }

    var data: WorldData { robot.data }

    /// The state the planner sees.
    func snapshot() -> EpisodeSnapshot {
        var s = EpisodeSnapshot()
        s.step = steps
        s.time = data.timeNanoseconds
        s.jointCount = min(data.q.count, EpisodeSnapshot.capacity)
        for i in 0..<s.jointCount { s.joints[i] = data.encoderPositions[i] }
        s.tool = controller.toolPosition(data.q)
        s.objectCount = min(objects.count, EpisodeSnapshot.capacity)
        for k in 0..<s.objectCount {
            let state = objects[k].pose(data, base: base)
            s.objectPositions[k] = state.position
            s.objectYaws[k] = state.yaw
        }
        return s
    }

    func tick(_ tick: ControllerTick, _ chunk: ActionChunk) -> EpisodeSnapshot {
        if finished.load(ordering: .relaxed) { return snapshot() }
        let done = planning.doneAtStep.load(ordering: .acquiring)
        if done >= 0, steps - done > settleSteps {
            finished.store(true, ordering: .releasing)
            return snapshot()
        }
        if tick.chunkIsNew, let waypoint = chunk.active(at: data.timeNanoseconds) { controller.follow(waypoint) }
        let dof = robot.jointNames.count
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
            try robot.advance()
        } catch let error as SimulationError {
            fault = error
            finished.store(true, ordering: .releasing)
        } catch {
            supervisor.reportFault(.robotFault, now: tick.time)  // the interface refused: stop
        }
        Histograms.record(MonotonicClock.now() - stepStart, into: &stepCompute)
        observe?(data)
        if keepSamples, steps % 10 == 0 { sample(dof) }
        countViolations(dof)
        steps += 1
        if steps >= stepLimit { finished.store(true, ordering: .releasing) }
        return snapshot()
    }

    /// Sensor read → controller → supervisor: what the robot's computer does each tick.
    private func command(_ tick: ControllerTick) -> SafeCommand? {
        do { try robot.read(into: &state) } catch {
            supervisor.reportFault(.robotFault, now: tick.time)
        }
        controller.tick(dt: data.model.timestep)
        for i in 0..<targets.count { targets[i].position = controller.servoCommands[i] }
        return supervisor.filter(state, targets: targets, now: tick.time, chunkTime: tick.chunkStamp.time)
    }

    private func sample(_ dof: Int) {
        sampleValues.append(data.time)
        for i in 0..<dof { sampleValues.append(data.q[i]) }
        for i in 0..<dof { sampleValues.append(controller.jointTargets[i]) }
        let tool = controller.toolPosition(data.q), reference = controller.reference
        sampleValues.append(tool.x); sampleValues.append(tool.y); sampleValues.append(tool.z)
        sampleValues.append(reference.x); sampleValues.append(reference.y); sampleValues.append(reference.z)
    }

    private func countViolations(_ dof: Int) {
        let joints = data.model.joints
        for i in 0..<dof {
            if let limits = joints[i].limits, data.q[i] < limits.lowerBound - 1e-3 || data.q[i] > limits.upperBound + 1e-3 {
                limitViolations += 1
                return
            }
        }
    }

    /// The flat samples as plot rows.
    func samples() -> [EpisodeSample] {
        let dof = robot.jointNames.count, width = 1 + 2 * dof + 6
        return stride(from: 0, to: sampleValues.count, by: width).map { o in
            let row = sampleValues[o..<(o + width)].map { $0 }
            return EpisodeSample(time: row[0], jointPositions: Array(row[1...dof]), jointReferences: Array(row[(1 + dof)...(2 * dof)]),
                                 tool: Vec3(row[2 * dof + 1], row[2 * dof + 2], row[2 * dof + 3]),
                                 toolReference: Vec3(row[2 * dof + 4], row[2 * dof + 5], row[2 * dof + 6]))
        }
    }
}
