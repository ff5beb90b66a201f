import Atomics
import Control
import Safety

/// One controller tick as an operator (the onboard daemon) sees it: fixed-size, so handing it to a
/// slower thread through an ``SPSCRing`` never allocates on the controller thread.
public struct OperatorSample: Sendable {
    /// Joints a sample carries (the shipped arms have 6).
    public static let jointCapacity = 8

    /// Monotonic ns when the tick started.
    public var time: Int64 = 0
    /// Executive time of the tick (index · period), ns.
    public var tickTime: Int64 = 0
    public var index: Int64 = 0
    public var jointCount = 0
    /// Measured joint positions, rad (robot joint order).
    public var positions = InlineArray<8, Double>(repeating: 0)
    /// The supervisor's safe command per joint: position and velocity.
    public var commands = InlineArray<8, Double>(repeating: 0)
    public var commandVelocities = InlineArray<8, Double>(repeating: 0)
    public var mode = OperatorMode.running
    /// Stop category while stopping or stopped.
    public var stopCategory = 0
    /// Raw value of the latched fault's ``InterventionReason`` (−1: none).
    public var fault = -1
    /// The supervisor's intervention counts so far (onsets and ticks per reason).
    public var interventions = InterventionCounts()
    /// Tick start − its deadline, ns (0 on the lockstep clock).
    public var periodError: Int64 = 0
    /// Sensor read, controller and supervisor, ns.
    public var compute: Int64 = 0
    /// Periods skipped just before this tick (the previous tick missed its deadline).
    public var skipped: Int64 = 0

    public init() {}
}

/// The supervisor's mode, flattened for telemetry.
public enum OperatorMode: Int, Sendable {
    case running, stopping, stopped

    public var name: String {
        switch self {
        case .running: "running"
        case .stopping: "stopping"
        case .stopped: "stopped"
        }
    }
}

/// How an operator reaches a running episode without a lock: requests (a category 2 stop, an
/// e-stop, a cancel) are flags the controller thread polls and hands to the supervisor at its next
/// tick, so nothing bypasses it; each tick goes out as an ``OperatorSample`` through a lock-free
/// ring that the operator drains at its own rate; loop timing and the stop's timing are atomics
/// any thread can read. Set it as ``EpisodeSettings/operator`` or
/// ``HardwareEpisodeSettings/operator``; one episode at a time.
public final class EpisodeOperator: @unchecked Sendable {
    /// Ticks, newest last; when the operator falls behind, new ticks are dropped and counted.
    public let telemetry: SPSCRing<OperatorSample>

    private let stopFlag = ManagedAtomic<Bool>(false)
    private let eStopFlag = ManagedAtomic<Bool>(false)
    private let cancelFlag = ManagedAtomic<Bool>(false)
    private let cancelledFlag = ManagedAtomic<Bool>(false)
    private let requestedAt = ManagedAtomic<Int64>(0)
    private let seenAt = ManagedAtomic<Int64>(0)
    private let boundNanoseconds = ManagedAtomic<Int64>(0)
    private let restAt = ManagedAtomic<Int64>(0)
    /// Controller ticks run from the one that handed the stop over to the one at rest, and the
    /// supervisor's bound in ticks (⌈max |v|/(b·dt)⌉ + 1): load-independent, unlike wall time,
    /// which grows by every period a loaded machine makes the loop skip.
    private let stopTickCount = ManagedAtomic<Int64>(0)
    private let boundTicks = ManagedAtomic<Int64>(0)
    private let tickCount = ManagedAtomic<Int64>(0)
    private let missCount = ManagedAtomic<Int64>(0)
    private let lastPeriodError = ManagedAtomic<Int64>(0)
    private let lastCompute = ManagedAtomic<Int64>(0)

    // Controller-thread state.
    private var origin: Int64?
    private var tickStart: Int64 = 0
    private var previousIndex: Int64 = -1
    private var stopPending = false

    /// `capacity` ticks of slack before samples are dropped (4096: four seconds at 1 kHz).
    public init(capacity: Int = 4096) {
        telemetry = SPSCRing(capacity: capacity)
    }

    // MARK: Operator side (any thread)

    /// A category 2 stop, latched in the supervisor (the episode then ends at rest).
    public func requestStop() { note(); stopFlag.store(true, ordering: .releasing) }

    /// The e-stop input: the robot's configured e-stop category, latched.
    public func eStop() { note(); eStopFlag.store(true, ordering: .releasing) }

    /// A controlled stop (category 2), after which the episode ends as cancelled.
    public func cancel() {
        note()
        cancelledFlag.store(true, ordering: .releasing)
        cancelFlag.store(true, ordering: .releasing)
    }

    /// True once ``cancel()`` was called.
    public var isCancelled: Bool { cancelledFlag.load(ordering: .acquiring) }

    private func note() {
        _ = requestedAt.compareExchange(expected: 0, desired: MonotonicClock.now(), ordering: .relaxed)
    }

    /// Controller ticks so far, and those that started after skipped periods (deadline misses).
    public var ticks: Int64 { tickCount.load(ordering: .relaxed) }
    public var deadlineMisses: Int64 { missCount.load(ordering: .relaxed) }
    /// The latest tick's period error and compute, ns.
    public var latestPeriodError: Int64 { lastPeriodError.load(ordering: .relaxed) }
    public var latestCompute: Int64 { lastCompute.load(ordering: .relaxed) }

    /// The first stop, e-stop or cancel: when it was asked for, when the controller handed it to
    /// the supervisor, when every command was at rest (monotonic ns), and the bound the supervisor
    /// proves for it: max over joints of |v|/b at the tick it began, plus one tick.
    public struct StopTiming: Sendable, Equatable {
        public var requested: Int64
        public var seen: Int64
        public var rest: Int64?
        public var bound: Int64
        public var ticks: Int64
        public var boundTicks: Int64
    }

    public var stopTiming: StopTiming? {
        let seen = seenAt.load(ordering: .acquiring)
        guard seen != 0 else { return nil }
        let rest = restAt.load(ordering: .acquiring)
        return StopTiming(requested: requestedAt.load(ordering: .relaxed), seen: seen, rest: rest == 0 ? nil : rest,
                          bound: boundNanoseconds.load(ordering: .relaxed), ticks: stopTickCount.load(ordering: .acquiring),
                          boundTicks: boundTicks.load(ordering: .relaxed))
    }

    // MARK: Controller side (the controller thread only; allocation-free)

    /// Start of a tick: hands pending requests to the supervisor.
    @inline(__always)
    func beginTick(_ tick: ControllerTick, supervisor: Supervisor) {
        tickStart = MonotonicClock.now()
        if origin == nil { origin = tickStart - tick.time }
        var asked = false
        if eStopFlag.exchange(false, ordering: .acquiring) { supervisor.eStop(now: tick.time); asked = true }
        if stopFlag.exchange(false, ordering: .acquiring) { supervisor.requestStop(now: tick.time); asked = true }
        if cancelFlag.exchange(false, ordering: .acquiring) { supervisor.requestStop(now: tick.time); asked = true }
        if asked, seenAt.load(ordering: .relaxed) == 0 {
            let model = supervisor.model
            var bound = 0.0
            for i in 0..<model.envelopes.count where model.followers[i] == nil {
                bound = max(bound, abs(supervisor.commands[i].velocity) / model.envelopes[i].braking)
            }
            boundNanoseconds.store(Int64(bound * 1e9) + model.period, ordering: .relaxed)
            boundTicks.store(Int64((bound / model.dt).rounded(.up)) + 1, ordering: .relaxed)
            seenAt.store(tickStart, ordering: .releasing)
            stopPending = true
        }
    }

    /// End of a tick: notes rest after a stop and publishes the sample.
    @inline(__always)
    func endTick(_ tick: ControllerTick, state: JointState, supervisor: Supervisor) {
        let finish = MonotonicClock.now()
        var sample = OperatorSample()
        sample.time = tickStart
        sample.tickTime = tick.time
        sample.index = tick.index
        sample.periodError = tickStart - (origin ?? tickStart) - tick.time
        sample.compute = finish - tickStart
        sample.skipped = previousIndex >= 0 ? max(0, tick.index - previousIndex - 1) : 0
        previousIndex = tick.index
        let n = min(state.position.count, OperatorSample.jointCapacity)
        sample.jointCount = n
        for i in 0..<n {
            sample.positions[i] = state.position[i]
            sample.commands[i] = supervisor.commands[i].position
            sample.commandVelocities[i] = supervisor.commands[i].velocity
        }
        if stopPending { stopTickCount.wrappingIncrement(ordering: .relaxed) }
        switch supervisor.mode {
        case .running: sample.mode = .running
        case .stopping(let c): sample.mode = .stopping; sample.stopCategory = c.rawValue
        case .stopped(let c):
            sample.mode = .stopped; sample.stopCategory = c.rawValue
            if stopPending { stopPending = false; restAt.store(tickStart, ordering: .releasing) }
        }
        sample.fault = supervisor.fault?.reason.rawValue ?? -1
        sample.interventions = supervisor.interventions
        tickCount.wrappingIncrement(ordering: .relaxed)
        if sample.skipped > 0 { missCount.wrappingIncrement(ordering: .relaxed) }
        lastPeriodError.store(sample.periodError, ordering: .relaxed)
        lastCompute.store(sample.compute, ordering: .relaxed)
        telemetry.push(sample)
    }
}
