import Histogram

/// The declared rates of the two loops and how to run them (Drake-style: rates are declared, not
/// hand-scheduled). Times in nanoseconds.
public struct ExecutiveConfiguration: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Two threads on wall-clock time: the controller on a ``RealTimeThread``, the planner on an
        /// ordinary thread. The controller never waits for the planner.
        case realTime
        /// One thread on simulated time (``LockstepClock``): deterministic and as fast as possible. The
        /// planner runs at exact multiples of the controller tick and its latency counts as 0.
        case lockstep
    }

    public var mode: Mode
    /// Controller period (1 ms for 1 kHz).
    public var controllerPeriod: Int64
    /// Planner period (100 ms for 10 Hz). In lockstep it must be a multiple of the controller period.
    public var plannerPeriod: Int64
    /// Planner offset from the controller's tick 0 (Drake's "offset"); a multiple of the controller
    /// period in lockstep.
    public var plannerOffset: Int64
    /// A chunk first consumed when older than this (since its planner tick started) counts as late.
    public var lateChunkThreshold: Int64
    /// Controller thread settings (real-time mode).
    public var priority: Int32?
    public var lockMemory: Bool
    public var controllerCPU: Int?
    public var plannerCPU: Int?
    public var spinTail: Int64

    public init(
        mode: Mode = .realTime, controllerPeriod: Int64 = 1_000_000, plannerPeriod: Int64 = 100_000_000,
        plannerOffset: Int64 = 0, lateChunkThreshold: Int64? = nil, priority: Int32? = 80, lockMemory: Bool = true,
        controllerCPU: Int? = nil, plannerCPU: Int? = nil, spinTail: Int64 = 80_000
    ) {
        precondition(controllerPeriod > 0 && plannerPeriod > 0, "periods must be positive")
        self.mode = mode
        self.controllerPeriod = controllerPeriod
        self.plannerPeriod = plannerPeriod
        self.plannerOffset = plannerOffset
        self.lateChunkThreshold = lateChunkThreshold ?? (plannerPeriod + plannerPeriod / 2)
        self.priority = priority
        self.lockMemory = lockMemory
        self.controllerCPU = controllerCPU
        self.plannerCPU = plannerCPU
        self.spinTail = spinTail
    }
}

/// What the controller body learns each tick.
public struct ControllerTick: Sendable, Equatable {
    /// Grid index (deadline = index · period); jumps after a skipped overrun.
    public var index: Int64
    /// Tick time, ns since the executive's epoch (the deadline, so it is the same in both modes).
    public var time: Int64
    /// Controller period, ns (the `dt` for the controller).
    public var period: Int64
    /// Stamp of the chunk handed to the body (sequence 0: the initial chunk, nothing planned yet).
    public var chunkStamp: MailboxStamp
    /// True on the first tick that sees this chunk.
    public var chunkIsNew: Bool
    /// `time − chunkStamp.time`, ns.
    public var chunkAge: Int64
}

/// What the planner body learns each tick.
public struct PlannerTick: Sendable, Equatable {
    /// Planner grid index.
    public var index: Int64
    /// Planner tick time, ns since the epoch (wall mode: when the body started; lockstep: the deadline).
    public var time: Int64
    /// Stamp of the state snapshot handed to the body.
    public var stateStamp: MailboxStamp
}

/// The multi-rate executive: a fast controller and a slow planner that meet only through two
/// lock-free ``Mailbox``es (state snapshot → planner, action chunk → controller).
///
/// - The controller body runs every controller period. It gets the latest chunk (or the previous one
///   again: a late chunk is not an error) and returns the state snapshot to publish for the planner.
/// - The planner body runs every planner period on the latest state snapshot and returns a chunk to
///   publish, or nil for "no change". It may block for as long as it likes in real-time mode: the
///   controller never waits for it.
///
/// `State` and `Chunk` should be fixed-size values (no arrays or class references) to keep the
/// controller tick allocation-free.
public final class Executive<State: Sendable, Chunk: Sendable>: @unchecked Sendable {
    public typealias ControllerBody = @Sendable (ControllerTick, Chunk) -> State
    public typealias PlannerBody = @Sendable (PlannerTick, State) -> Chunk?

    public let configuration: ExecutiveConfiguration
    /// Controller → planner.
    public var stateMailbox: Mailbox<State> { ticks.stateMailbox }
    /// Planner → controller.
    public var chunkMailbox: Mailbox<Chunk> { ticks.chunkMailbox }
    /// Everything the two loops touch; the threads hold it strongly (not the executive), so the
    /// executive can stop and join them from `deinit`.
    private let ticks: ExecutiveTicks<State, Chunk>
    private var controllerThread: RealTimeThread?
    private var plannerThread: RealTimeThread?
    private var status: RealTimeStatus?
    private var stopped = false
    private var lastSummary: ExecutiveSummary?
    /// Monotonic ns of the controller's tick 0 (real-time mode).
    public private(set) var epoch: Int64 = 0

    public init(
        _ configuration: ExecutiveConfiguration, initialState: State, initialChunk: Chunk,
        controller: @escaping ControllerBody, planner: @escaping PlannerBody
    ) {
        self.configuration = configuration
        ticks = ExecutiveTicks(configuration: configuration, initialState: initialState, initialChunk: initialChunk,
                               controller: controller, planner: planner)
    }

    deinit {
        controllerThread?.requestStop()
        plannerThread?.requestStop()
        controllerThread?.join()
        plannerThread?.join()
    }

    // MARK: Real-time mode

    /// Starts both threads (real-time mode). Returns what the OS granted the controller thread; print
    /// its ``RealTimeStatus/warnings`` once.
    @discardableResult
    public func start() -> RealTimeStatus {
        precondition(configuration.mode == .realTime, "start() is for real-time mode; use runLockstep")
        precondition(controllerThread == nil, "Executive started twice")
        let c = configuration
        // Tick 0 is set by the controller thread once its real-time settings are applied (mlockall can
        // take a hundred milliseconds on the first call): time is index · period from there.
        let controllerThread = RealTimeThread(
            .init(name: "embody-ctrl", period: c.controllerPeriod, priority: c.priority, lockMemory: c.lockMemory,
                  cpu: c.controllerCPU, spinTail: c.spinTail, origin: nil)
        ) { [ticks] info in
            ticks.controllerTick(index: info.index, time: info.index * c.controllerPeriod)
            return .continue
        }
        let status = controllerThread.start()
        epoch = controllerThread.origin
        let epoch = self.epoch
        let plannerThread = RealTimeThread(
            .init(name: "embody-plan", period: c.plannerPeriod, priority: nil, lockMemory: false,
                  cpu: c.plannerCPU, spinTail: 0, origin: epoch + c.plannerOffset)
        ) { [ticks] info in
            ticks.plannerTick(index: info.index, time: info.start - epoch) { MonotonicClock.now() - epoch }
            return .continue
        }
        self.controllerThread = controllerThread
        self.plannerThread = plannerThread
        plannerThread.start()
        self.status = status
        return status
    }

    /// Stops both threads (the planner after its current body returns) and summarises the run.
    @discardableResult
    public func stop() -> ExecutiveSummary {
        guard let controllerThread, let plannerThread else { preconditionFailure("stop() before start()") }
        if stopped, let lastSummary { return lastSummary }
        controllerThread.requestStop()
        plannerThread.requestStop()
        let controllerTelemetry = controllerThread.join()
        let plannerTelemetry = plannerThread.join()
        stopped = true
        let result = summary(controller: controllerTelemetry, planner: plannerTelemetry)
        lastSummary = result
        return result
    }

    /// Starts, runs for `seconds` of wall-clock time, stops.
    public func run(seconds: Double) -> ExecutiveSummary {
        start()
        let end = MonotonicClock.now() + Int64(seconds * 1e9)
        MonotonicClock.sleep(until: end)
        return stop()
    }

    /// Controller ticks so far (any thread).
    public var liveControllerTicks: Int64 { controllerThread?.liveTicks ?? 0 }
    /// Planner ticks so far (any thread).
    public var livePlannerTicks: Int64 { plannerThread?.liveTicks ?? 0 }

    // MARK: Lockstep mode

    /// Runs `controllerTicks` ticks on simulated time, on the calling thread. At a planner tick the
    /// planner runs first (on the state the previous controller tick published) and its chunk is
    /// visible to the controller at the same tick: latency 0 in simulated time. Deterministic:
    /// the sequence of body calls and the times they see depend only on the configuration.
    /// `until` is checked after each controller tick and ends the run early when it returns true
    /// (an episode that finished before its time limit).
    public func runLockstep(controllerTicks: Int64, clock: LockstepClock = LockstepClock(),
                            until finished: () -> Bool = { false }) -> ExecutiveSummary {
        precondition(configuration.mode == .lockstep, "runLockstep is for lockstep mode")
        let c = configuration
        precondition(c.plannerPeriod % c.controllerPeriod == 0, "lockstep: planner period must be a multiple of the controller period")
        precondition(c.plannerOffset % c.controllerPeriod == 0 && c.plannerOffset >= 0, "lockstep: planner offset must be a non-negative multiple of the controller period")
        let every = c.plannerPeriod / c.controllerPeriod
        let offsetTicks = c.plannerOffset / c.controllerPeriod
        let origin = clock.now
        var grid = DeadlineGrid(origin: origin, period: c.controllerPeriod)
        var controllerTelemetry = LoopTelemetry()
        var plannerTelemetry = LoopTelemetry()
        var remaining = controllerTicks
        // A `while` on purpose: iterating a `Range<Int64>` allocates in unoptimised builds.
        while remaining > 0 {
            remaining -= 1
            clock.wait(until: grid.deadline)
            let index = grid.index
            let time = clock.now - origin
            let started = MonotonicClock.now()
            if index >= offsetTicks && (index - offsetTicks) % every == 0 {
                ticks.plannerTick(index: (index - offsetTicks) / every, time: time) { time }
                plannerTelemetry.ticks += 1
                Histograms.record(0, into: &plannerTelemetry.periodError)
                Histograms.record(MonotonicClock.now() - started, into: &plannerTelemetry.compute)
            }
            let controllerStarted = MonotonicClock.now()
            ticks.controllerTick(index: index, time: time)
            controllerTelemetry.ticks += 1
            Histograms.record(0, into: &controllerTelemetry.periodError)
            Histograms.record(MonotonicClock.now() - controllerStarted, into: &controllerTelemetry.compute)
            grid.advance(finishedAt: clock.now)
            if finished() { break }
        }
        clock.wait(until: grid.deadline)
        return summary(controller: controllerTelemetry, planner: plannerTelemetry)
    }

    // MARK: Summary

    private func summary(controller: LoopTelemetry, planner: LoopTelemetry) -> ExecutiveSummary {
        let controllerSide = ticks.controllerSide, plannerSide = ticks.plannerSide
        return ExecutiveSummary(
            mode: configuration.mode, status: status,
            controllerPeriod: configuration.controllerPeriod, plannerPeriod: configuration.plannerPeriod,
            controllerTicks: controller.ticks, deadlineMisses: controller.deadlineMisses,
            skippedPeriods: controller.skippedPeriods,
            periodError: controller.periodErrorMicroseconds, compute: controller.computeMicroseconds,
            plannerTicks: planner.ticks, plannerMisses: planner.deadlineMisses,
            plannerLatency: DistributionSummary(plannerSide.latency, nanosecondsPerUnit: 1e6, unit: "ms"),
            plannerLatencyHistogram: plannerSide.latency,
            chunksPublished: plannerSide.chunksPublished, chunksConsumed: controllerSide.chunksConsumed,
            lateChunks: controllerSide.lateChunks, lateChunkThreshold: configuration.lateChunkThreshold,
            chunkAge: DistributionSummary(controllerSide.chunkAge, nanosecondsPerUnit: 1e6, unit: "ms"),
            controllerTelemetry: controller, plannerTelemetry: planner
        )
    }
}

/// The state the two loops share (two mailboxes) and the tick logic of each. Each `…Side` object is
/// touched only by the thread running that loop; the summary reads them after the threads are joined.
final class ExecutiveTicks<State: Sendable, Chunk: Sendable>: @unchecked Sendable {
    let stateMailbox: Mailbox<State>
    let chunkMailbox: Mailbox<Chunk>
    let controller: Executive<State, Chunk>.ControllerBody
    let planner: Executive<State, Chunk>.PlannerBody
    let period: Int64
    let lateChunkThreshold: Int64

    final class ControllerSide: @unchecked Sendable {
        var chunksConsumed: Int64 = 0
        var lateChunks: Int64 = 0
        var chunkAge = Histograms.nanoseconds()
    }
    final class PlannerSide: @unchecked Sendable {
        var chunksPublished: Int64 = 0
        var latency = Histograms.nanoseconds()
    }
    let controllerSide = ControllerSide()
    let plannerSide = PlannerSide()

    init(configuration: ExecutiveConfiguration, initialState: State, initialChunk: Chunk,
         controller: @escaping Executive<State, Chunk>.ControllerBody, planner: @escaping Executive<State, Chunk>.PlannerBody) {
        stateMailbox = Mailbox(initial: initialState)
        chunkMailbox = Mailbox(initial: initialChunk)
        self.controller = controller
        self.planner = planner
        period = configuration.controllerPeriod
        lateChunkThreshold = configuration.lateChunkThreshold
    }

    /// One controller tick at `time` (ns since epoch): take the newest chunk, run the body, publish
    /// the state it returns.
    @inline(__always)
    func controllerTick(index: Int64, time: Int64) {
        let side = controllerSide
        let threshold = lateChunkThreshold
        let period = period
        let controller = controller
        let state = chunkMailbox.withLatest { chunk, stamp, isNew -> State in
            let age = time - stamp.time
            if isNew && stamp.sequence > 0 {
                side.chunksConsumed += 1
                Histograms.record(age, into: &side.chunkAge)
                if age > threshold { side.lateChunks += 1 }
            }
            let tick = ControllerTick(index: index, time: time, period: period, chunkStamp: stamp, chunkIsNew: isNew, chunkAge: age)
            return controller(tick, chunk)
        }
        stateMailbox.publish(state, time: time)
    }

    /// One planner tick started at `time`; `now` reads the planner's clock after the body.
    @inline(__always)
    func plannerTick(index: Int64, time: Int64, now: () -> Int64) {
        let read = stateMailbox.read()
        let tick = PlannerTick(index: index, time: time, stateStamp: read.stamp)
        if let chunk = planner(tick, read.value) {
            chunkMailbox.publish(chunk, time: time)
            plannerSide.chunksPublished += 1
            Histograms.record(now() - time, into: &plannerSide.latency)
        }
    }
}

/// The figures of one executive run.
public struct ExecutiveSummary: Sendable, CustomStringConvertible {
    public var mode: ExecutiveConfiguration.Mode
    /// Real-time settings granted (real-time mode only).
    public var status: RealTimeStatus?
    public var controllerPeriod: Int64
    public var plannerPeriod: Int64
    public var controllerTicks: Int64
    public var deadlineMisses: Int64
    public var skippedPeriods: Int64
    /// Controller start − deadline, µs.
    public var periodError: DistributionSummary
    /// Controller body time (including mailbox traffic), µs.
    public var compute: DistributionSummary
    public var plannerTicks: Int64
    public var plannerMisses: Int64
    /// Planner tick start → chunk published, ms (0 in lockstep).
    public var plannerLatency: DistributionSummary
    /// The same, as the full histogram in ns (to merge runs).
    public var plannerLatencyHistogram: Histogram<UInt64>
    public var chunksPublished: Int64
    /// Chunks the controller saw (a chunk overwritten before the controller looked is never consumed).
    public var chunksConsumed: Int64
    /// Chunks first consumed when older than ``lateChunkThreshold``.
    public var lateChunks: Int64
    public var lateChunkThreshold: Int64
    /// Chunk age at first consumption, ms.
    public var chunkAge: DistributionSummary
    /// Full histograms, for finer reports.
    public var controllerTelemetry: LoopTelemetry
    public var plannerTelemetry: LoopTelemetry

    public var description: String {
        var lines: [String] = []
        lines.append("mode: \(mode == .realTime ? "real-time (wall clock)" : "lockstep (simulated time)")")
        if let status { lines.append("real-time settings: \(status)") }
        lines.append("controller: \(controllerTicks) ticks at \(1_000_000_000 / controllerPeriod) Hz, \(deadlineMisses) deadline misses (\(skippedPeriods) periods skipped)")
        lines.append("  period error: \(periodError)")
        lines.append("  compute:      \(compute)")
        lines.append("planner: \(plannerTicks) ticks every \(formatFixed(Double(plannerPeriod) / 1e6, decimals: 1)) ms, \(plannerMisses) overruns")
        lines.append("  latency:      \(plannerLatency)")
        lines.append("chunks: \(chunksPublished) published, \(chunksConsumed) consumed, \(lateChunks) late (> \(formatFixed(Double(lateChunkThreshold) / 1e6, decimals: 1)) ms)")
        lines.append("  age at use:   \(chunkAge)")
        return lines.joined(separator: "\n")
    }
}
