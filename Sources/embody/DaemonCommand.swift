import ArgumentParser
import Daemon
import Foundation
import RobotModel

/// `embody daemon`: the headless onboard service (see Sources/Daemon and api/openapi.yaml).
struct Daemon: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the onboard service: hold the arm, run submitted tasks, serve the control API.",
        discussion: """
            Reads FILE (TOML; packaging/daemon.toml is the annotated example): the robot folder, the arm \
            (scene = simulator, emulate = emulated serial arm, port + calibration = serial arm), the \
            planner, the API listeners (a Unix socket, optionally TCP with a bearer token), the recordings \
            folder and the telemetry rate. SIGTERM or SIGINT stops a moving arm with a controlled stop, \
            then exits 0. Under systemd (Type=notify) it sends READY=1, WATCHDOG=1 and STOPPING=1.
            """)

    @Option(help: "Daemon configuration (TOML).")
    var config: String

    func run() throws {
        let configuration: DaemonConfiguration
        do { configuration = try DaemonConfiguration.load(contentsOf: config) } catch { throw CommandError.badInput(error.description) }
        let daemon: OnboardDaemon
        do { daemon = try OnboardDaemon(configuration: configuration) } catch let error as DaemonError {
            throw error.isBadInput ? CommandError.badInput(error.description) : CommandError.runtime(error.description)
        } catch { throw CommandError.badInput("\(error)") }
        let outcome = DaemonOutcome()
        let done = DispatchSemaphore(value: 0)
        _Concurrency.Task {
            do { try await daemon.run() } catch { outcome.set(error) }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            if let error = error as? DaemonError {
                throw error.isBadInput ? CommandError.badInput(error.description) : CommandError.runtime(error.description)
            }
            throw CommandError.runtime("\(error)")
        }
    }
}

/// The daemon task's error, handed to the blocked main thread.
private final class DaemonOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}
