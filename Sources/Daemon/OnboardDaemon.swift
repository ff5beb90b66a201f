import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import Runtime
import ServiceLifecycle

/// `embody daemon`: the headless onboard service. It holds the arm, runs one task's episode at a
/// time on the wall clock, and serves the control API (api/openapi.yaml) on a Unix socket and
/// optionally on TCP with a bearer token, under swift-service-lifecycle: SIGTERM or SIGINT brings
/// a moving arm to rest with a controlled stop, then the listeners close and `run` returns.
/// It tells systemd itself (`READY=1` once listening, `WATCHDOG=1` while the loop is healthy,
/// `STOPPING=1`).
public final class OnboardDaemon: Sendable {
    public let configuration: DaemonConfiguration
    let api: ControlAPI
    private let token: String?
    private let notifier: SystemdNotifier
    private let logger: Logger
    private let group = NIOLockedValueBox<ServiceGroup?>(nil)

    /// Loads the robot and everything the configuration names; throws one line for bad input.
    public init(configuration: DaemonConfiguration, notifier: SystemdNotifier = SystemdNotifier(), logger: Logger? = nil) throws {
        self.configuration = configuration
        self.notifier = notifier
        var logger = logger ?? Logger(label: "embody.daemon") { StreamLogHandler.standardError(label: $0) }
        if logger.logLevel > .notice { logger.logLevel = .notice }
        self.logger = logger
        if configuration.tcp != nil, let file = configuration.tokenFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw DaemonError.badInput("[api] token_file = \"\(file)\": cannot be read")
            }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count >= 16, !trimmed.contains(where: \.isWhitespace) else {
                throw DaemonError.badInput("[api] token_file = \"\(file)\": expected one token of at least 16 characters")
            }
            token = trimmed
        } else {
            token = nil
        }
        let arm = try DaemonArm(configuration)
        let metrics = DaemonMetrics()
        let log = logger
        let tasks = TaskController(arm: arm) { result, record, bus in
            metrics.episodeEnded(result, record, bus: bus)
            log.notice("task \(record.id) \"\(record.instruction)\": \(record.success ? "success" : "failure") after \(String(format: "%.2f", record.durationS)) s — \(record.outcome)")
        }
        api = ControlAPI(tasks: tasks, statistics: LoopStatistics(), metrics: metrics,
                         recordings: try RecordingControl(folder: configuration.recordings, jointNames: arm.jointNames),
                         broadcast: TelemetryBroadcast(), configuration: configuration)
    }

    /// Runs until SIGTERM/SIGINT (`trapSignals`) or ``shutdown()``. `onReady` is called once every
    /// listener accepts connections (when systemd hears `READY=1`).
    public func run(trapSignals: Bool = true, onReady: @escaping @Sendable () -> Void = {}) async throws {
        let socketPath = configuration.unixSocket
        try UnixSocketPath.claim(socketPath)
        umask(0o007)  // the socket is never world-accessible, not even before its chmod
        defer { UnixSocketPath.remove(socketPath) }
        let listeners = configuration.tcp == nil ? 1 : 2
        let started = NIOLockedValueBox(0)
        let notifier = notifier, logger = logger, configuration = configuration
        let ready: @Sendable () -> Void = {
            guard started.withLockedValue({ $0 += 1; return $0 }) == listeners else { return }
            notifier.notify("READY=1")
            logger.notice("listening on \(configuration.unixSocket)\(configuration.tcp.map { " and \($0.host):\($0.port)" } ?? "")")
            onReady()
        }
        var appLogger = logger
        appLogger.logLevel = .warning
        var services: [any Service] = []
        services.append(Application(
            router: api.router(token: nil), server: .http1WebSocketUpgrade(webSocketRouter: api.router(token: nil), configuration: Self.webSocket),
            configuration: .init(address: .unixDomainSocket(path: socketPath), serverName: "embody"),
            onServerRunning: { _ in
                UnixSocketPath.restrict(socketPath)
                ready()
            }, logger: appLogger))
        if let tcp = configuration.tcp, let token {
            services.append(Application(
                router: api.router(token: token), server: .http1WebSocketUpgrade(webSocketRouter: api.router(token: token), configuration: Self.webSocket),
                configuration: .init(address: .hostname(tcp.host, port: tcp.port), serverName: "embody"),
                onServerRunning: { _ in ready() }, logger: appLogger))
        }
        services.append(TelemetryPump(tasks: api.tasks, statistics: api.statistics, metrics: api.metrics, recordings: api.recordings,
                                      broadcast: api.broadcast, rate: configuration.telemetryRate, jointNames: api.tasks.arm.jointNames))
        services.append(WatchdogService(notifier: notifier, tasks: api.tasks))
        // Last, so that graceful shutdown reaches it first: the arm stops while the API still answers.
        services.append(ArmShutdownService(tasks: api.tasks, notifier: notifier, logger: logger))
        let group = ServiceGroup(services: services, gracefulShutdownSignals: trapSignals ? [.sigterm, .sigint] : [],
                                 logger: appLogger)
        self.group.withLockedValue { $0 = group }
        try await group.run()
    }

    /// A telemetry client that never answers the close frame holds shutdown up for at most 1 s.
    static let webSocket = HTTP1WebSocketUpgradeChannel.Configuration(ws: .init(closeTimeout: .seconds(1)))

    /// Graceful shutdown, as SIGTERM: the arm to rest, then the listeners close.
    public func shutdown() async {
        await group.withLockedValue { $0 }?.triggerGracefulShutdown()
    }
}

/// Waits for graceful shutdown, then stops the arm: `STOPPING=1`, a controlled stop of a running
/// episode, and a line with how long it took against the supervisor's bound.
struct ArmShutdownService: Service {
    let tasks: TaskController
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        notifier.notify("STOPPING=1")
        if let timing = await tasks.shutdown() {
            let rest = timing.rest.map { String(format: "at rest %.1f ms after the request", Double($0 - timing.requested) / 1e6) } ?? "not at rest"
            logger.notice("controlled stop: \(rest) (bound \(String(format: "%.1f", Double(timing.bound) / 1e6)) ms); requested_ns=\(timing.requested) seen_ns=\(timing.seen) rest_ns=\(timing.rest ?? -1) bound_ns=\(timing.bound) ticks=\(timing.ticks) bound_ticks=\(timing.boundTicks)")
        }
    }
}
