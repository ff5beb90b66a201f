#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Atomics

/// What a periodic body learns about its tick.
public struct TickInfo: Sendable, Equatable {
    /// Grid index: this tick's deadline is `origin + index·period`. Jumps by more than 1 after a miss.
    public var index: Int64
    /// Absolute deadline, monotonic ns.
    public var deadline: Int64
    /// When the body actually started, monotonic ns (≥ deadline).
    public var start: Int64
    /// Ticks executed before this one (0, 1, 2, … without gaps).
    public var count: Int64
    /// Grid periods skipped immediately before this tick (after an overrun).
    public var skippedBefore: Int64
}

/// Whether a periodic loop goes on after a tick.
public enum LoopControl: Sendable {
    case `continue`
    case stop
}

/// A pthread that runs a body periodically on absolute deadlines.
///
/// - Deadlines are `origin + k·period` (``DeadlineGrid``): the thread sleeps with
///   `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)` until `spinTail` before the deadline, then spins.
/// - Overrun: a tick that finishes after the next deadline counts one miss and the missed periods are
///   skipped (never run in a burst).
/// - It asks for `SCHED_FIFO` at `priority`, `mlockall` and CPU affinity; refusals are recorded once in
///   the ``RealTimeStatus`` that ``start()`` returns, and the loop runs anyway.
/// - Telemetry (period error, compute time, misses) is recorded into histograms owned by the loop
///   thread, preallocated, no locks; ``join()`` hands them over. Live counters are relaxed atomics.
///   Optionally each tick is also pushed to an ``SPSCRing`` for a slower consumer.
///
/// After the first tick nothing in the loop allocates (verified by a test through
/// ``Configuration/iterationWrapper``).
public final class RealTimeThread: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Thread name (Linux truncates to 15 bytes).
        public var name: String
        /// Period, ns.
        public var period: Int64
        /// `SCHED_FIFO` priority (1…99); nil for ordinary scheduling (e.g. a planner thread).
        public var priority: Int32?
        /// Ask for `mlockall(MCL_CURRENT|MCL_FUTURE)` (process-wide, first request only).
        public var lockMemory: Bool
        /// Pin the thread to this CPU.
        public var cpu: Int?
        /// Busy-wait this long before each deadline instead of trusting the kernel's wake-up, ns.
        /// 0 sleeps all the way (no CPU cost, wake-up latency lands in the period error).
        public var spinTail: Int64
        /// Absolute monotonic time of deadline 0; nil starts one period after the thread is up.
        public var origin: Int64?
        /// Per-tick samples for a slower consumer (dropped when it is full).
        public var samples: SPSCRing<TickSample>?
        /// Called on the loop thread around each whole iteration (wait, body, bookkeeping) with the
        /// tick's grid index; must call the closure exactly once. For instrumentation such as counting
        /// allocations of the loop thread itself.
        public var iterationWrapper: (@Sendable (_ index: Int64, _ iteration: () -> Void) -> Void)?

        public init(
            name: String = "embody-rt", period: Int64, priority: Int32? = 80, lockMemory: Bool = true,
            cpu: Int? = nil, spinTail: Int64 = 80_000, origin: Int64? = nil, samples: SPSCRing<TickSample>? = nil,
            iterationWrapper: (@Sendable (Int64, () -> Void) -> Void)? = nil
        ) {
            self.name = name
            self.period = period
            self.priority = priority
            self.lockMemory = lockMemory
            self.cpu = cpu
            self.spinTail = spinTail
            self.origin = origin
            self.samples = samples
            self.iterationWrapper = iterationWrapper
        }
    }

    public typealias Body = @Sendable (TickInfo) -> LoopControl

    public let configuration: Configuration
    private let body: Body
    private var thread: pthread_t?
    private let stopFlag = ManagedAtomic<Bool>(false)
    private let ready = ManagedAtomic<Bool>(false)
    private let finished = ManagedAtomic<Bool>(false)
    private let liveTickCount = ManagedAtomic<Int64>(0)
    private let liveMissCount = ManagedAtomic<Int64>(0)
    // Written by the loop thread before `ready` (status, origin) or before it exits (telemetry, grid).
    private var status = RealTimeStatus()
    private var originTime: Int64 = 0
    private var result = LoopTelemetry()
    private var joined = false

    public init(_ configuration: Configuration, body: @escaping Body) {
        precondition(configuration.period > 0, "period must be positive")
        self.configuration = configuration
        self.body = body
    }

    deinit {
        if thread != nil && !joined {
            requestStop()
            _ = join()
        }
    }

    /// Starts the thread and returns once it has applied (or failed to apply) its real-time settings.
    /// The caller reports ``RealTimeStatus/warnings`` (once); the loop never prints.
    @discardableResult
    public func start() -> RealTimeStatus {
        precondition(thread == nil, "RealTimeThread started twice")
        let context = Unmanaged.passRetained(self).toOpaque()
        #if os(Linux)
        var tid = pthread_t()
        #else
        var tid: pthread_t?
        #endif
        let rc = pthread_create(&tid, nil, { raw in
            #if os(Linux)
            let me = Unmanaged<RealTimeThread>.fromOpaque(raw!).takeRetainedValue()
            #else
            let me = Unmanaged<RealTimeThread>.fromOpaque(raw).takeRetainedValue()
            #endif
            me.run()
            return nil
        }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        thread = tid
        while !ready.load(ordering: .acquiring) { usleep(50) }
        return status
    }

    /// Asks the loop to stop after the current tick (or wait). Any thread, including the body's.
    public func requestStop() { stopFlag.store(true, ordering: .relaxed) }

    /// Waits for the thread to end and returns what it measured. Call after ``requestStop()`` (or once
    /// the body returned `.stop`).
    @discardableResult
    public func join() -> LoopTelemetry {
        if let t = thread, !joined {
            pthread_join(t, nil)
            joined = true
        }
        return result
    }

    /// Ticks executed so far (relaxed; any thread).
    public var liveTicks: Int64 { liveTickCount.load(ordering: .relaxed) }
    /// Deadline misses so far (relaxed; any thread).
    public var liveMisses: Int64 { liveMissCount.load(ordering: .relaxed) }
    /// True once the loop has exited.
    public var isFinished: Bool { finished.load(ordering: .acquiring) }
    /// Monotonic time of deadline 0 (valid after ``start()``).
    public var origin: Int64 { originTime }
    /// Settings outcome (valid after ``start()``).
    public var realTimeStatus: RealTimeStatus { status }

    // MARK: Loop thread

    private func run() {
        status = applySettings()
        originTime = configuration.origin ?? (MonotonicClock.now() + configuration.period)
        ready.store(true, ordering: .releasing)

        var grid = DeadlineGrid(origin: originTime, period: configuration.period)
        var telemetry = LoopTelemetry()
        var skippedBefore: Int64 = 0
        var running = true
        let spinTail = configuration.spinTail
        let samples = configuration.samples
        let body = self.body

        // One iteration: wait for the deadline, run the body, account. Everything it touches was
        // allocated before the loop.
        func iterate() {
            let deadline = grid.deadline
            MonotonicClock.wait(until: deadline, spinTail: spinTail)
            let start = MonotonicClock.now()
            let info = TickInfo(index: grid.index, deadline: deadline, start: start, count: telemetry.ticks,
                                skippedBefore: skippedBefore)
            let control = body(info)
            let finish = MonotonicClock.now()
            telemetry.ticks += 1
            Histograms.record(start - deadline, into: &telemetry.periodError)
            Histograms.record(finish - start, into: &telemetry.compute)
            skippedBefore = grid.advance(finishedAt: finish)
            if skippedBefore > 0 { liveMissCount.wrappingIncrement(ordering: .relaxed) }
            liveTickCount.store(telemetry.ticks, ordering: .relaxed)
            samples?.push(TickSample(index: info.index, deadline: deadline, start: start, finish: finish))
            if control == .stop { running = false }
        }

        if let wrapper = configuration.iterationWrapper {
            while running && !stopFlag.load(ordering: .relaxed) { wrapper(grid.index) { iterate() } }
        } else {
            while running && !stopFlag.load(ordering: .relaxed) { iterate() }
        }

        telemetry.deadlineMisses = grid.misses
        telemetry.skippedPeriods = grid.skippedPeriods
        result = telemetry
        finished.store(true, ordering: .releasing)
    }

    private func applySettings() -> RealTimeStatus {
        var s = RealTimeStatus()
        #if os(Linux)
        GNUThreads.setName(String(configuration.name.utf8.prefix(15)) ?? "embody-rt")
        if let cpu = configuration.cpu {
            s.cpu = cpu
            var set = cpu_set_t()
            let ok = withUnsafeMutableBytes(of: &set) { raw -> Bool in
                let words = raw.bindMemory(to: UInt.self)
                guard cpu >= 0, cpu / UInt.bitWidth < words.count else { return false }
                words[cpu / UInt.bitWidth] |= 1 << UInt(cpu % UInt.bitWidth)
                return true
            }
            if !ok {
                s.affinity = .denied(errno: EINVAL)
            } else {
                let rc = GNUThreads.setAffinity(&set)
                s.affinity = rc == 0 ? .granted : .denied(errno: rc)
            }
        }
        #endif
        if let priority = configuration.priority {
            s.priority = priority
            var param = sched_param()
            param.sched_priority = priority
            let rc = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param)
            s.scheduling = rc == 0 ? .granted : .denied(errno: rc)
        }
        if configuration.lockMemory { s.memoryLock = MemoryLock.outcome }
        return s
    }
}

#if os(Linux)
/// glibc's GNU extensions (`pthread_setname_np`, `pthread_setaffinity_np`) are not in the Swift Glibc
/// module (it is imported without `_GNU_SOURCE`); they are looked up once at run time.
enum GNUThreads {
    private typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
    private typealias SetAffinity = @convention(c) (pthread_t, Int, UnsafePointer<cpu_set_t>) -> Int32

    private static let setNameFunction: SetName? = dlsym(nil, "pthread_setname_np").map { unsafeBitCast($0, to: SetName.self) }
    private static let setAffinityFunction: SetAffinity? = dlsym(nil, "pthread_setaffinity_np").map { unsafeBitCast($0, to: SetAffinity.self) }

    static func setName(_ name: String) {
        guard let f = setNameFunction else { return }
        _ = name.withCString { f(pthread_self(), $0) }
    }

    /// Returns 0 or an errno value.
    static func setAffinity(_ set: inout cpu_set_t) -> Int32 {
        guard let f = setAffinityFunction else { return ENOSYS }
        return f(pthread_self(), MemoryLayout<cpu_set_t>.size, &set)
    }
}
#endif
