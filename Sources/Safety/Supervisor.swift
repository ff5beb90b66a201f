import Control
import RobotModel
import Spatial

/// The supervisor (the Simplex pattern's safety controller): every tick it checks the sensors and
/// watchdogs, then either filters the controller's command into the proven envelope or runs the
/// stop controller, and hands the robot the only thing it accepts, a ``SafeCommand``.
///
/// Runs on the 1 kHz thread: allocation-free, no locks. Faults latch until ``reset(_:now:)``.
public final class Supervisor {
    public enum Mode: Sendable, Equatable {
        case running
        /// Braking at b toward rest, then off (category 1) or holding (category 2).
        case stopping(StopCategory)
        /// At rest: drives off (categories 0 and 1) or holding (category 2).
        case stopped(StopCategory)
    }

    public let model: SupervisorModel
    public private(set) var mode: Mode = .stopped(.two)
    /// The first fault since the last reset, latched.
    public private(set) var fault: SafetyFault?
    public private(set) var interventions = InterventionCounts()
    /// Collaborative mode: the lower tool speed limit (a person may be near).
    public var collaborative = false
    /// The commanded state per joint: what the envelope is proven about.
    public private(set) var commands: [TrajectoryState]

    private var previousMeasured: [Double]
    private var stateTime: Int64 = .min
    private var stateChangedAt: Int64 = 0
    private var lastTick: Int64?
    /// Periods since the previous tick (≥ 1): a late tick (a bus cycle stretched by retries) has
    /// seen the joints move further, which is not an encoder jump.
    private var periodsSinceLastTick = 1.0
    private var holding = false
    private let kinematicsData: RobotModel.Data
    private var candidate: [Double]
    /// The commands at the start of this tick's step, and the tool position they put it at.
    private var before: [TrajectoryState]
    /// Last tick's targets, for the target's own velocity.
    private var previousTargets: [Double]
    private var previousTargetsKnown = false
    /// This tick's desired velocity per joint.
    private var desired: [Double]
    /// When each joint's measured effort went above its overload level (.max: it is not).
    private var overloadSince: [Int64]

    public init(_ model: SupervisorModel) {
        self.model = model
        let n = model.jointNames.count
        commands = Array(repeating: TrajectoryState(position: 0), count: n)
        previousMeasured = Array(repeating: 0, count: n)
        kinematicsData = RobotModel.Data(model.kinematics)
        candidate = Array(repeating: 0, count: model.kinematics.dof)
        before = commands
        desired = Array(repeating: 0, count: n)
        overloadSince = Array(repeating: .max, count: n)
        previousTargets = Array(repeating: 0, count: n)
    }

    // MARK: Lifecycle and operator inputs

    /// Starts supervising from the measured state: the command starts where the robot is, at rest.
    public func activate(from state: JointState, now: Int64) {
        for i in 0..<commands.count {
            commands[i] = TrajectoryState(position: clampedToEnvelope(i, state.position[i]))
            previousMeasured[i] = state.position[i]
            overloadSince[i] = .max
        }
        stateTime = state.time
        stateChangedAt = now
        lastTick = nil
        fault = nil
        holding = false
        mode = .running
        previousTargetsKnown = false
    }

    /// The e-stop input: stop in the configured category, latched.
    public func eStop(now: Int64) { latch(.eStop, joint: nil, value: .nan, now: now) }

    /// An operator or program asks for a stop (category 2 unless said), latched.
    public func requestStop(now: Int64) { latch(.stopRequest, joint: nil, value: .nan, now: now) }

    /// A fault found outside the supervisor (servo error bits, a lost bus, the intrusion reflex).
    public func reportFault(_ reason: InterventionReason, joint: Int? = nil, now: Int64) {
        latch(reason, joint: joint, value: .nan, now: now)
    }

    /// Clears a latched fault once the state is sane again; the command restarts at the measured
    /// state. Returns the reason it refused, or nil.
    public func reset(_ state: JointState, now: Int64) -> String? {
        for i in 0..<commands.count {
            let q = state.position[i]
            guard q.isFinite, state.velocity[i].isFinite else { return "joint \(model.jointNames[i]) reads \(q)" }
            guard model.sensorRange[i].contains(q) else { return "joint \(model.jointNames[i]) reads \(q), outside \(model.sensorRange[i])" }
        }
        activate(from: state, now: now)
        return nil
    }

    // MARK: The tick

    /// One tick: sensors and watchdogs, then the filter (running) or the stop controller.
    /// `chunkTime` is when the planner's newest chunk was published, on the same clock as `now`.
    public func filter(_ state: JointState, targets: [JointTarget], now: Int64, chunkTime: Int64) -> SafeCommand {
        checkTick(now)
        checkSensors(state, now: now)
        let n = commands.count
        if case .running = mode {
            for i in 0..<n where model.followers[i] == nil && !(targets[i].position.isFinite && targets[i].velocity.isFinite) {
                latch(.invalidCommand, joint: i, value: targets[i].position, now: now)
                break
            }
        }
        let stale = now - chunkTime > Int64(model.safety.chunkTimeout * 1e9)
        if case .running = mode, stale {
            interventions.note(.staleChunk)
            holding = true
        } else if holding, !stale {
            holding = false
        }
        checkOverload(state, now: now)
        switch mode {
        case .running where !holding: track(targets, measured: state)
        case .running: brake()
        case .stopping(let category):
            if category == .zero { haltAtMeasured(state) } else { brake() }
        case .stopped(let category):
            if category == .two { brake() } else { haltAtMeasured(state) }
        }
        if case .stopping(let category) = mode, category != .zero, atRest {
            mode = .stopped(category)
        }
        interventions.endTick()
        return command(targets)
    }

    // MARK: Parts of the tick

    /// Every joint's command at rest (a loop: `allSatisfy` allocates in debug builds).
    private var atRest: Bool {
        for i in 0..<commands.count where commands[i].velocity != 0 { return false }
        return true
    }

    private func checkTick(_ now: Int64) {
        periodsSinceLastTick = 1
        if let last = lastTick {
            if now - last > Int64(model.safety.tickTimeout * 1e9) {
                latch(.missedTick, joint: nil, value: Double(now - last) * 1e-9, now: now)
            }
            periodsSinceLastTick = max(1, Double(now - last) / Double(model.period))
        }
        lastTick = now
    }

    private func checkSensors(_ state: JointState, now: Int64) {
        for i in 0..<commands.count {
            let q = state.position[i]
            if !q.isFinite || !state.velocity[i].isFinite {
                latch(.sensorInvalid, joint: i, value: q, now: now)
            } else if !model.sensorRange[i].contains(q) {
                latch(.sensorRange, joint: i, value: q, now: now)
            } else if abs(q - previousMeasured[i]) > model.jumpThreshold[i] * periodsSinceLastTick {
                latch(.encoderJump, joint: i, value: q - previousMeasured[i], now: now)
            }
            if q.isFinite { previousMeasured[i] = q }
        }
        if state.time != stateTime {
            stateTime = state.time
            stateChangedAt = now
        } else if now - stateChangedAt > Int64(model.safety.stateTimeout * 1e9) {
            latch(.staleState, joint: nil, value: Double(now - stateChangedAt) * 1e-9, now: now)
        }
    }

    /// Running: each joint's desired velocity through ``filterJoint``, then the Cartesian zones.
    ///
    /// A target the joint can reach this tick within its speed, acceleration and jerk bounds is
    /// passed unchanged. Otherwise the supervisor tracks it as a jerk-limited servo would: a velocity
    /// goal (the target's own velocity plus a proportional catch-up, no faster than braking at half
    /// the acceleration limit allows) and an acceleration toward it that reaches zero as the velocity
    /// arrives, so the command rejoins the target without overshoot or oscillation. The proofs hold
    /// for every desired velocity; this only decides which safe command is the most useful.
    private func track(_ targets: [JointTarget], measured: JointState) {
        let dt = model.dt
        for i in 0..<commands.count { before[i] = commands[i] }
        for i in 0..<commands.count where model.followers[i] == nil {
            if model.driveModes[i] == .velocity {
                desired[i] = targets[i].velocity
            } else {
                let requested = targets[i].position
                let target = torqueLimited(i, requested, measured: measured.position[i])
                let targetVelocity = previousTargetsKnown ? (requested - previousTargets[i]) / dt : 0
                previousTargets[i] = requested
                // While the torque limit holds the target back, the target moves with the measured
                // joint, not the controller: feeding that motion forward closes a loop through the
                // servo's lag that oscillated the gripper ±0.45 rad about an open target.
                desired[i] = trackingVelocity(i, target: target, targetVelocity: target == requested ? targetVelocity : 0)
            }
        }
        previousTargetsKnown = true
        let shaped = shapeForZones()
        for i in 0..<commands.count where model.followers[i] == nil {
            var actions = FilterActions()
            commands[i] = filterJoint(model.envelopes[i], period: dt, state: commands[i], desiredVelocity: desired[i],
                                      jerkLimited: !shaped, actions: &actions)
            if actions.contains(.velocity) { interventions.note(.velocity) }
            if actions.contains(.acceleration) { interventions.note(.acceleration) }
            if actions.contains(.jerk) { interventions.note(.jerk) }
            if actions.contains(.envelope) { interventions.note(.envelope) }
        }
        followMasters()
    }

    /// A position servo pushes with about kp·(command − measured): a target further from the
    /// measured position than limits.torque/kp would ask for more than the joint's torque limit
    /// (a gripper squeezing an object, an arm pushing on an obstacle), so it is pulled in.
    private func torqueLimited(_ i: Int, _ target: Double, measured: Double) -> Double {
        let kp = model.servoStiffness[i]
        guard kp > 0, target.isFinite else { return target }
        let reach = model.envelopes[i].torque / kp
        let limited = min(max(target, measured - reach), measured + reach)
        if limited != target { interventions.note(.torque) }
        return limited
    }

    /// Measured effort above 1.5 × limits.torque for longer than `overloadTime`: a latched
    /// category 2 stop (something is forcing the joint: a collision, a jam).
    private func checkOverload(_ state: JointState, now: Int64) {
        for i in 0..<commands.count {
            if abs(state.effort[i]) > 1.5 * model.envelopes[i].torque {
                if overloadSince[i] == .max { overloadSince[i] = now }
                if now - overloadSince[i] > Self.overloadTime {
                    latch(.overload, joint: i, value: state.effort[i], now: now)
                }
            } else {
                overloadSince[i] = .max
            }
        }
    }

    /// How long an overload may last before it is a fault, ns.
    static let overloadTime: Int64 = 200_000_000

    /// Gain of the catch-up toward a target the command lags, 1/s (about 0.1 s to close a lag
    /// without overshoot at the SO-101's limits).
    static let catchUpGain = 10.0

    private func trackingVelocity(_ i: Int, target: Double, targetVelocity: Double) -> Double {
        let e = model.envelopes[i], c = commands[i], dt = model.dt
        let direct = (target - c.position) / dt
        let jerkStep = (direct - c.velocity) / dt - c.acceleration
        if abs(direct) <= e.velocity, abs(direct - c.velocity) <= e.acceleration * dt, abs(jerkStep) <= e.jerk * dt {
            return direct
        }
        let lag = target - c.position
        let goal = targetVelocity + (lag < 0 ? -1 : 1) * min(Self.catchUpGain * abs(lag), (e.acceleration * abs(lag)).squareRoot())
        let change = goal - c.velocity
        let acceleration = (change < 0 ? -1 : 1) * min(abs(change) / dt, (2 * e.jerk * abs(change)).squareRoot(), e.acceleration)
        return c.velocity + acceleration * dt
    }

    /// Stopping or holding: ``stopJoint`` on every joint.
    private func brake() {
        for i in 0..<commands.count where model.followers[i] == nil {
            commands[i] = stopJoint(model.envelopes[i], period: model.dt, state: commands[i])
        }
        followMasters()
    }

    /// Category 0 (and off after category 1): no drive; the command tracks the measured position
    /// at rest, so re-enabling never jumps.
    private func haltAtMeasured(_ state: JointState) {
        for i in 0..<commands.count {
            commands[i] = TrajectoryState(position: clampedToEnvelope(i, state.position[i].isFinite ? state.position[i] : commands[i].position))
        }
        if case .stopping(.zero) = mode { mode = .stopped(.zero) }
    }

    private func followMasters() {
        for i in 0..<commands.count {
            guard let f = model.followers[i] else { continue }
            let m = commands[f.master]
            commands[i] = TrajectoryState(position: f.multiplier * m.position + f.offset, velocity: f.multiplier * m.velocity,
                                            acceleration: f.multiplier * m.acceleration)
        }
    }

    /// Tool inside the workspace box, above the table, out of the base column, and slower than the
    /// tool speed limit; links above the table. A desired step that would worsen a zone (counting
    /// the tool's braking distance at ``toolBraking``) or exceed the tool speed is scaled back along
    /// itself (bisection), before the joint filter: the proven joint bounds always have the last
    /// word, so after a sudden change (collaborative mode switched on) the tool slows at the
    /// joints' braking rate rather than at once. These zones are checked at run time and fuzzed,
    /// not proven (README, "Safety case").
    /// Returns true when it slowed the step (the joint filter then drops its jerk box for the tick,
    /// so the slower step is taken at once).
    private func shapeForZones() -> Bool {
        let s = model.safety
        let start = toolPosition(scaled: 0)
        let already = max(zoneViolation(at: start, includeLinks: true).amount, 0)
        let speedLimit = collaborative ? s.collaborativeToolSpeed : s.toolSpeed
        let dt = model.dt
        var next = toolPosition(scaled: 1)
        var speed = (next - start).norm / dt
        var worst = zoneViolation(at: next, includeLinks: true)
        let tooFast = speed > speedLimit * (1 + 1e-9)
        let intrudes = worst.amount + speed * speed / (2 * Self.toolBraking) > already && worst.amount > -1
        guard tooFast || intrudes else { return false }
        if tooFast { interventions.note(.toolSpeed) }
        if intrudes, let reason = worst.reason { interventions.note(reason) }
        var low = 0.0, high = 1.0
        for _ in 0..<12 {
            let alpha = (low + high) / 2
            next = toolPosition(scaled: alpha)
            speed = (next - start).norm / dt
            worst = zoneViolation(at: next, includeLinks: true)
            if speed <= speedLimit, worst.amount + speed * speed / (2 * Self.toolBraking) <= already { low = alpha } else { high = alpha }
        }
        for i in 0..<commands.count { desired[i] *= low }
        return true
    }

    /// Deceleration the zones assume the tool can brake at, m/s²: a conservative figure for the
    /// shipped arms (their joints brake at 16 rad/s² on links of 0.1–0.2 m).
    static let toolBraking = 2.0

    /// The largest penetration of any zone (m, > 0 means inside a forbidden region) and its reason.
    private func zoneViolation(at tool: Vec3, includeLinks: Bool) -> (amount: Double, reason: InterventionReason?) {
        let s = model.safety
        var worst = (amount: -Double.infinity, reason: InterventionReason?.none)
        if let box = s.workspace {
            // Pairwise max: the variadic one allocates an array.
            let outside = max(max(max(box.min.x - tool.x, tool.x - box.max.x), max(box.min.y - tool.y, tool.y - box.max.y)),
                              max(box.min.z - tool.z, tool.z - box.max.z))
            if outside > worst.amount { worst = (outside, .workspace) }
        }
        if let table = s.tableHeight {
            if table - tool.z > worst.amount { worst = (table - tool.z, .tableClearance) }
            if includeLinks {
                for k in 0..<model.clearanceFrames.count {
                    let below = table + s.linkRadius - kinematicsData.framePoses[model.clearanceFrames[k]].translation.z
                    if below > worst.amount { worst = (below, .tableClearance) }
                }
            }
        }
        if let column = s.baseColumn, tool.z < column.height {
            let inside = column.radius - (tool.x * tool.x + tool.y * tool.y).squareRoot()
            if inside > worst.amount { worst = (inside, .baseColumn) }
        }
        return worst
    }

    /// Tool position after this tick's desired step scaled by `alpha` (0: where the command is).
    private func toolPosition(scaled alpha: Double) -> Vec3 {
        for i in 0..<commands.count {
            let velocity = model.followers[i].map { desired[$0.master] * $0.multiplier } ?? desired[i]
            candidate[model.kinematicsIndex[i]] = before[i].position + alpha * velocity * model.dt
        }
        forwardKinematics(model.kinematics, kinematicsData, q: candidate)
        return kinematicsData.framePoses[model.toolFrame].translation
    }

    private func command(_ targets: [JointTarget]) -> SafeCommand {
        let drivesOn: Bool, stopping: Bool
        switch mode {
        case .running: (drivesOn, stopping) = (true, false)
        case .stopping(.one), .stopping(.two), .stopped(.two): (drivesOn, stopping) = (true, true)
        case .stopping(.zero), .stopped(.zero), .stopped(.one): (drivesOn, stopping) = (false, true)
        }
        var out = SafeCommand(count: commands.count, time: lastTick ?? 0, torqueEnabled: drivesOn, stopping: stopping)
        for i in 0..<commands.count {
            let e = model.envelopes[i]
            let c = commands[i]
            let wanted = i < targets.count ? targets[i] : JointTarget()
            var torque = wanted.torque.isFinite ? wanted.torque : 0
            if abs(torque) > e.torque {
                torque = torque > 0 ? e.torque : -e.torque
                interventions.note(.torque)
            }
            if case .running = mode {} else { torque = 0 }
            out.set(JointTarget(position: c.position, velocity: c.velocity, torque: torque,
                                kp: max(0, wanted.kp.isFinite ? wanted.kp : 0), kd: max(0, wanted.kd.isFinite ? wanted.kd : 0)),
                    mode: model.driveModes[i], at: i)
        }
        return out
    }

    private func latch(_ reason: InterventionReason, joint: Int?, value: Double, now: Int64) {
        interventions.note(reason)
        guard fault == nil, let category = reason.stopCategory(eStop: model.safety.eStopCategory == 1 ? .one : .zero) else { return }
        fault = SafetyFault(reason: reason, joint: joint, time: now, value: value)
        mode = category == .zero ? .stopping(.zero) : .stopping(category)
    }

    private func clampedToEnvelope(_ i: Int, _ q: Double) -> Double {
        min(max(q, model.envelopes[i].lower), model.envelopes[i].upper)
    }
}
