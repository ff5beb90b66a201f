import Control
import Foundation
import Runtime
import Safety

/// The daemon's one arm and what it is doing: idle, running a task's episode, stopping, or
/// faulted (a latched stop waiting for `POST /v1/reset`). Every operator request goes to the
/// running episode's ``EpisodeOperator``, which the controller thread hands to the supervisor at
/// its next tick, so nothing here can move the arm past the supervisor. State changes take a lock
/// that only API handlers and the episode's own thread share (never the controller thread).
final class TaskController: @unchecked Sendable {
    enum Mode: String, Codable, Sendable {
        case idle, running, stopping, faulted
    }

    struct TaskInfo: Codable, Sendable, Equatable {
        var id: Int
        var instruction: String
        var seed: UInt64
        var startedAt: String
    }

    /// One finished episode, as `GET /v1/status` lists it.
    struct EpisodeRecord: Codable, Sendable {
        var id: Int
        var instruction: String
        var seed: UInt64
        var success: Bool
        /// "ok", why the task failed, "cancelled", or the supervisor's stop.
        var outcome: String
        var durationS: Double
        var fault: String?
        /// Stop request → every command at rest, and the supervisor's bound for it (ms).
        var stopMs: Double?
        var stopBoundMs: Double?
        /// The same in controller ticks, from the tick that saw the request: what the supervisor
        /// proves, whatever the machine's scheduling adds in wall time.
        var stopTicks: Int64?
        var stopBoundTicks: Int64?
        /// The planner in the 10 Hz slot, its ticks and the action chunks it published: a learned
        /// planner that ran but saw nothing (no camera frames) publishes none.
        var planner: String?
        var plannerTicks: Int64?
        var chunks: Int64?
    }

    /// Longest instruction accepted, characters.
    static let instructionLimit = 200
    /// The instruction templates in their canonical spelling, the `pattern` of api/openapi.yaml, so
    /// what the document calls valid and what the daemon accepts are the same set.
    nonisolated(unsafe) static let template = #/((put|place|move) the [a-z]+ cube (on|onto) the [a-z]+ pad|(touch|reach) the [a-z]+ cube|push the [a-z]+ cube (to the left|to the right|forward|back))/#
    /// Finished episodes kept for the status.
    static let historyLimit = 20

    let arm: DaemonArm
    private let lock = NSLock()
    private var mode = Mode.idle
    private var current: TaskInfo?
    private var hooks: EpisodeOperator?
    private var history: [EpisodeRecord] = []
    private var latchedFault: String?
    private var nextID = 1
    private var shuttingDown = false
    private var episodeThreadRunning = false
    /// Called on the episode's thread when it ends (metrics, logs).
    private let episodeEnded: @Sendable (EpisodeResult?, EpisodeRecord, DaemonArm.BusCounters?) -> Void

    init(arm: DaemonArm, episodeEnded: @escaping @Sendable (EpisodeResult?, EpisodeRecord, DaemonArm.BusCounters?) -> Void) {
        self.arm = arm
        self.episodeEnded = episodeEnded
    }

    struct Snapshot: Sendable {
        var mode: Mode
        var current: TaskInfo?
        var history: [EpisodeRecord]
        var latchedFault: String?
    }

    var snapshot: Snapshot {
        lock.withLock { Snapshot(mode: mode, current: current, history: history, latchedFault: latchedFault) }
    }

    /// The operator of the running (or last) episode, for the telemetry pump.
    var latestHooks: EpisodeOperator? { lock.withLock { hooks } }

    /// Starts `instruction` as a new episode, or says why not (400 for a bad instruction, 409 when
    /// busy, faulted or shutting down).
    func submit(_ instruction: String) throws(APIError) -> TaskInfo {
        guard !instruction.isEmpty else { throw APIError(.badRequest, "instruction: expected a non-empty string") }
        guard instruction.count <= Self.instructionLimit else {
            throw APIError(.badRequest, "instruction: expected at most \(Self.instructionLimit) characters, found \(instruction.count)")
        }
        guard instruction.wholeMatch(of: Self.template) != nil, Control.Task(instruction: instruction) != nil else {
            throw APIError(.badRequest, "instruction: \"\(instruction)\" is not a known task template (e.g. \"put the red cube on the green pad\", \"touch the yellow cube\", \"push the blue cube to the left\")")
        }
        lock.lock()
        defer { lock.unlock() }
        if shuttingDown { throw APIError(.conflict, "the daemon is shutting down") }
        switch mode {
        case .running, .stopping:
            throw APIError(.conflict, "busy: task \(current?.id ?? 0) is \(mode.rawValue); cancel it with DELETE /v1/tasks/current")
        case .faulted:
            throw APIError(.conflict, "faulted (\(latchedFault ?? "stopped")): clear it with POST /v1/reset")
        case .idle: break
        }
        let task = TaskInfo(id: nextID, instruction: instruction, seed: UInt64(nextID - 1),
                            startedAt: ISO8601DateFormatter().string(from: Date()))
        nextID += 1
        let hooks = EpisodeOperator()
        self.hooks = hooks
        current = task
        mode = .running
        episodeThreadRunning = true
        let thread = Thread { [self] in runEpisode(task, hooks: hooks) }
        thread.name = "embody-episode"
        thread.start()
        return task
    }

    /// The episode's thread: runs it (the executive's threads do the work), then records it.
    private func runEpisode(_ task: TaskInfo, hooks: EpisodeOperator) {
        var record = EpisodeRecord(id: task.id, instruction: task.instruction, seed: task.seed, success: false,
                                   outcome: "", durationS: 0)
        var result: EpisodeResult?
        var bus: DaemonArm.BusCounters?
        var fault: String?
        do {
            let (episode, counters) = try arm.runEpisode(instruction: task.instruction, seed: task.seed, hooks: hooks)
            result = episode
            bus = counters
            record.durationS = episode.duration
            record.planner = arm.plannerName
            record.plannerTicks = episode.executive.plannerTicks
            record.chunks = episode.executive.chunksPublished
            if hooks.isCancelled {
                record.outcome = "cancelled"
            } else if let error = episode.robotError {
                record.outcome = "stopped: \(error)"
                fault = "robot_fault: \(error)"
            } else if let latched = episode.fault {
                record.outcome = "supervisor stop: \(latched)"
                fault = latched.description
            } else {
                record.outcome = episode.outcome
                record.success = episode.success
            }
            record.fault = episode.fault?.description
        } catch {
            record.outcome = "error: \(error)"
            fault = "\(error)"
        }
        if let timing = hooks.stopTiming, let rest = timing.rest {
            record.stopMs = Double(rest - timing.requested) / 1e6
            record.stopBoundMs = Double(timing.bound) / 1e6
            record.stopTicks = timing.ticks
            record.stopBoundTicks = timing.boundTicks
        }
        lock.withLock {
            history.append(record)
            if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
            current = nil
            latchedFault = fault
            mode = fault == nil ? .idle : .faulted
            episodeThreadRunning = false
        }
        episodeEnded(result, record, bus)
    }

    /// Cancels the running task: a controlled stop, then the episode ends as "cancelled" and the
    /// daemon is idle again (no reset needed: the stop was asked for).
    func cancel() throws(APIError) -> TaskInfo {
        lock.lock()
        defer { lock.unlock() }
        guard let current, let hooks, mode == .running || mode == .stopping else {
            throw APIError(.conflict, "no task is running")
        }
        hooks.cancel()
        mode = .stopping
        return current
    }

    /// A category 2 stop (or the e-stop), latched: a running episode brakes to rest and ends; the
    /// daemon stays faulted until reset. When idle the arm is already at rest; the latch still
    /// holds, so no task starts before a reset.
    func stop(emergency: Bool) {
        lock.withLock {
            let reason = emergency ? InterventionReason.eStop.name : InterventionReason.stopRequest.name
            switch mode {
            case .running, .stopping:
                if emergency { hooks?.eStop() } else { hooks?.requestStop() }
                mode = .stopping
            case .idle:
                latchedFault = reason
                mode = .faulted
            case .faulted:
                break
            }
        }
    }

    /// Clears a latched fault (409 while a task runs).
    func reset() throws(APIError) {
        lock.lock()
        defer { lock.unlock() }
        switch mode {
        case .running, .stopping: throw APIError(.conflict, "a task is \(mode.rawValue); stop or cancel it and wait for it to end")
        case .idle, .faulted:
            latchedFault = nil
            mode = .idle
        }
    }

    /// Graceful shutdown: refuses new tasks, brings a running arm to rest with a controlled stop
    /// and waits for its episode to end. Returns that episode's stop timing, if one ran.
    func shutdown() async -> EpisodeOperator.StopTiming? {
        let running: EpisodeOperator? = lock.withLock {
            shuttingDown = true
            guard episodeThreadRunning else { return nil }
            hooks?.requestStop()
            mode = .stopping
            return hooks
        }
        guard let running else { return nil }
        while lock.withLock({ episodeThreadRunning }) {
            try? await _Concurrency.Task.sleep(for: .milliseconds(2))
        }
        return running.stopTiming
    }
}
