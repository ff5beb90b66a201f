import Control
import Foundation
import Hardware
import Physics
import RobotModel
import Runtime

/// The arm the daemon holds: everything about the robot that is checked once at start (the robot
/// folder, the scene or the calibration), and how one task's episode runs on it. Episodes run on
/// the wall clock: the controller on the executive's real-time thread, the planner on another.
final class DaemonArm: Sendable {
    let configuration: DaemonConfiguration
    let robotConfiguration: RobotConfiguration
    let model: Model
    private let scene: SceneDescription?

    /// Bus counters of the episodes so far (serial and emulated arms).
    struct BusCounters: Sendable {
        var retries = 0, corruptedPackets = 0, timeouts = 0, implausibleReadings = 0
    }

    /// Loads and checks what the configuration names; throws one line naming the file and what
    /// is wrong (bad input).
    init(_ configuration: DaemonConfiguration) throws {
        self.configuration = configuration
        let loaded: (urdf: URDF, model: Model, configuration: RobotConfiguration)
        do { loaded = try RobotConfiguration.loadValidated(robotDirectory: configuration.robot) } catch {
            throw DaemonError.badInput(error.description)
        }
        robotConfiguration = loaded.configuration
        model = loaded.model
        switch configuration.planner {
        case .scripted: break
        case .vla:
            throw DaemonError.badInput("planner = \"vla\": the VLA planner is not wired into the daemon yet; use planner = \"scripted\"")
        }
        switch configuration.arm {
        case .simulator(let path), .emulated(let path, _):
            let scene: SceneDescription
            do { scene = try SceneDescription.load(contentsOf: path) } catch { throw DaemonError.badInput(error.description) }
            let sceneURDF = scene.robot.map { URL(fileURLWithPath: $0.urdf).standardizedFileURL.path }
            guard sceneURDF == URL(fileURLWithPath: robotConfiguration.urdf).standardizedFileURL.path else {
                throw DaemonError.badInput("\(path): its robot is \(scene.robot?.urdf ?? "absent"), not \(robotConfiguration.urdf)")
            }
            self.scene = scene
        case .serial(let port, let calibration):
            do { _ = try Calibration.load(contentsOf: calibration) } catch { throw DaemonError.badInput("\(error)") }
            // The scripted expert needs object poses, which no servo reports (as `embody run`).
            throw DaemonError.badInput("port = \"\(port)\": planner = \"scripted\" needs object poses, which a real arm cannot report (no object sensing yet); use emulate = \"SCENE\"")
        }
    }

    /// Runs one episode of `instruction` with `seed`, reporting through `hooks`; the bus counters
    /// of that episode come back with the result. Blocks for the episode (call it off the
    /// cooperative pool). Throws for a robot that cannot start.
    func runEpisode(instruction: String, seed: UInt64, hooks: EpisodeOperator) throws -> (EpisodeResult, BusCounters?) {
        switch configuration.arm {
        case .simulator:
            var settings = EpisodeSettings(scene: scene!, instruction: instruction, seed: seed)
            settings.realtime = true
            settings.timeLimit = configuration.episodeTimeLimit
            settings.priority = configuration.priority
            settings.lockMemory = configuration.lockMemory
            settings.operator = hooks
            return (try Runtime.runEpisode(settings), nil)
        case .emulated(_, let link):
            return try runEmulatedEpisode(link: link, instruction: instruction, seed: seed, hooks: hooks)
        case .serial:
            throw DaemonError.runtime("a serial arm cannot run the scripted planner")
        }
    }

    private func runEmulatedEpisode(link: String, instruction: String, seed: UInt64,
                                    hooks: EpisodeOperator) throws -> (EpisodeResult, BusCounters?) {
        let scene = scene!
        let layout = try seededEpisodeScene(scene, instruction: instruction, seed: seed)
        let emulator = try EmulatedArm(configuration: robotConfiguration, scene: layout, link: link)
        defer { emulator.stop() }
        let bus = try ServoBus(configuration: robotConfiguration, model: model, port: link, calibration: emulator.calibration)
        defer { bus.disconnect() }
        var settings = HardwareEpisodeSettings(instruction: instruction, seed: seed)
        // As `embody run`: the wire time of one bus cycle × 1.5, rounded up to 0.5 ms.
        settings.controllerPeriod = Int64((Double(bus.cycleBudget.wireTime) * 1.5 / 5e5).rounded(.up)) * 500_000
        settings.timeLimit = configuration.episodeTimeLimit
        settings.priority = configuration.priority
        settings.lockMemory = configuration.lockMemory
        settings.operator = hooks
        let result = try runHardwareEpisode(settings, robot: bus, model: model, configuration: robotConfiguration,
                                            servoStiffness: emulator.servoStiffness, objects: emulator.feed, scene: scene)
        let s = bus.statistics
        return (result, BusCounters(retries: s.retries, corruptedPackets: s.corruptedPackets, timeouts: s.timeouts,
                                    implausibleReadings: s.implausibleReadings))
    }

    /// Joint names in robot order (telemetry and recordings).
    var jointNames: [String] { model.jointNames }
}
