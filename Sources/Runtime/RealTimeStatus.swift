#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the operating system granted a ``RealTimeThread``. The thread carries on either way; the
/// caller prints ``warnings`` once (the loop itself never does I/O).
public struct RealTimeStatus: Sendable, Equatable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        /// Not asked for (configuration).
        case notRequested
        case granted
        /// Refused, with the `errno` (e.g. EPERM without CAP_SYS_NICE / RLIMIT_RTPRIO, or a container
        /// without a real-time budget).
        case denied(errno: Int32)

        public var isGranted: Bool { self == .granted }
    }

    /// `SCHED_FIFO` at ``priority``.
    public var scheduling: Outcome = .notRequested
    public var priority: Int32 = 0
    /// `mlockall(MCL_CURRENT | MCL_FUTURE)` (process-wide, attempted once per process).
    public var memoryLock: Outcome = .notRequested
    /// CPU affinity.
    public var affinity: Outcome = .notRequested
    public var cpu: Int? = nil

    public init() {}

    /// One line per refused request; empty when everything asked for was granted.
    public var warnings: [String] {
        var lines: [String] = []
        if case .denied(let e) = scheduling {
            lines.append("real-time: SCHED_FIFO priority \(priority) not permitted (\(errnoName(e))); running with normal scheduling")
        }
        if case .denied(let e) = memoryLock {
            lines.append("real-time: mlockall(MCL_CURRENT|MCL_FUTURE) not permitted (\(errnoName(e))); page faults may add latency")
        }
        if case .denied(let e) = affinity {
            lines.append("real-time: pinning to CPU \(cpu ?? -1) failed (\(errnoName(e))); running unpinned")
        }
        return lines
    }

    public var description: String {
        func text(_ o: Outcome) -> String {
            switch o {
            case .notRequested: "not requested"
            case .granted: "granted"
            case .denied(let e): "denied (\(errnoName(e)))"
            }
        }
        var s = "SCHED_FIFO \(priority): \(text(scheduling)); mlockall: \(text(memoryLock))"
        if let cpu { s += "; CPU \(cpu): \(text(affinity))" }
        return s
    }
}

func errnoName(_ e: Int32) -> String {
    switch e {
    case EPERM: "EPERM"
    case ENOMEM: "ENOMEM"
    case EINVAL: "EINVAL"
    case EAGAIN: "EAGAIN"
    default: "errno \(e)"
    }
}

/// `mlockall` is process-wide: attempted the first time a real-time thread asks, the outcome reused after.
enum MemoryLock {
    static let outcome: RealTimeStatus.Outcome = {
        #if os(Linux)
        if mlockall(Int32(MCL_CURRENT | MCL_FUTURE)) == 0 { return .granted }
        return .denied(errno: errno)
        #else
        return .denied(errno: ENOTSUP)
        #endif
    }()
}
