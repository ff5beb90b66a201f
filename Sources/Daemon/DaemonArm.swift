import Control
import Demonstrations
import Foundation
import Hardware
import Physics
import RobotModel
import Runtime
import VLA

/// The arm the daemon holds: everything about the robot that is checked once at start (the robot
/// folder, the scene or the calibration, the VLA model, the cameras), and how one task's episode
/// runs on it. Episodes run on the wall clock: the controller on the executive's real-time thread,
/// the planner on another.
///
/// Between tasks no control loop runs, and what holds the arm depends on the arm:
/// - the simulator and the emulated serial arm exist only during an episode (each task builds
///   its world, laid out by the task's seed, and tears it down after);
/// - a real serial arm keeps its bus open and configured from one task to the next. At the end
///   of an episode ``ServoBus/deactivate()`` writes every servo's measured position as its goal
///   with the torque left on, so the servos' own position loops hold the arm where the
///   supervisor's last command brought it to rest (the same as a ros2_control hardware interface
///   in its inactive state). The next task activates from the measured pose without
///   reconfiguring, so the torque never drops between tasks. Only a fault lets go: a stop with
///   the torque off (category 0/1, the e-stop) leaves it off until the next task after
///   `POST /v1/reset` powers the servos up at their measured pose, and a bus error closes the
///   port (torque off to every servo that still answers) so the next task opens it afresh.
///   When the daemon exits the port closes and the servos keep holding; power the arm down
///   with its switch.
///
/// Touched by one episode's thread at a time (``TaskController`` runs one task at a time).
final class DaemonArm: @unchecked Sendable {
    let configuration: DaemonConfiguration
    let robotConfiguration: RobotConfiguration
    let model: Model
    private let scene: SceneDescription?
    /// The VLA planner (planner = "vla"), loaded and checked once, reused by every task.
    private let vla: VLAEpisodePlanner?
    /// Where the VLA's images come from: a mirror of the simulator's or the emulator's world, or
    /// the real arm's cameras.
    private let mirror: WorldCameraMirror?
    private let armCameras: ArmCameraFeed?
    /// A real arm's calibration and its bus, kept open and holding between tasks.
    private let calibration: Calibration?
    private var bus: ServoBus?

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
        var scene: SceneDescription?
        switch configuration.arm {
        case .simulator(let path), .emulated(let path, _):
            let described: SceneDescription
            do { described = try SceneDescription.load(contentsOf: path) } catch { throw DaemonError.badInput(error.description) }
            let sceneURDF = described.robot.map { URL(fileURLWithPath: $0.urdf).standardizedFileURL.path }
            guard sceneURDF == URL(fileURLWithPath: robotConfiguration.urdf).standardizedFileURL.path else {
                throw DaemonError.badInput("\(path): its robot is \(described.robot?.urdf ?? "absent"), not \(robotConfiguration.urdf)")
            }
            scene = described
            calibration = nil
        case .serial(let port, let path):
            do { calibration = try Calibration.load(contentsOf: path) } catch { throw DaemonError.badInput("\(error)") }
            if configuration.planner == .scripted {
                // The scripted expert needs object poses, which no servo reports (as `embody run`).
                throw DaemonError.badInput("port = \"\(port)\": planner = \"scripted\" needs object poses, which a real arm cannot report (no object sensing yet); use planner = \"vla\" with [cameras], or emulate = \"SCENE\"")
            }
        }
        self.scene = scene
        guard configuration.planner == .vla else {
            vla = nil
            mirror = nil
            armCameras = nil
            return
        }
        let model = try Self.loadModel(configuration.model, robot: loaded.model)
        do {
            switch configuration.arm {
            case .simulator, .emulated:
                let world = try Scene(scene!)
                let mirror = try WorldCameraMirror(scene: world)
                (self.mirror, armCameras) = (mirror, nil)
                vla = try VLAEpisodePlanner(model: model, scene: world, feed: mirror)
            case .serial:
                guard let cameras = configuration.cameras else {
                    throw DaemonError.badInput("[cameras]: missing; planner = \"vla\" on a serial arm needs front and wrist cameras")
                }
                let feed = try ArmCameraFeed(cameras, size: model.config.imageSize)
                (mirror, armCameras) = (nil, feed)
                vla = try VLAEpisodePlanner(model: model, robot: loaded.model, feed: feed)
            }
        } catch let error as DaemonError {
            throw error
        } catch {
            throw DaemonError.badInput("model = \"\(configuration.model ?? "")\": \(error)")
        }
    }

    /// Loads the VLA weights once and checks they fit the robot: one line naming the folder.
    private static func loadModel(_ directory: String?, robot: Model) throws -> VLAModel {
        guard let directory else { throw DaemonError.badInput("model: missing; planner = \"vla\" needs the model folder") }
        let model: VLAModel
        do { model = try VLAModel.load(directory: directory) } catch {
            throw DaemonError.badInput("model = \"\(directory)\": \(error)")
        }
        guard robot.dof <= model.config.joints else {
            throw DaemonError.badInput("model = \"\(directory)\": takes at most \(model.config.joints) joints, but \(robot.name) has \(robot.dof)")
        }
        return model
    }

    /// The planner factory of an episode: nil for the scripted expert, else the loaded VLA.
    private var plannerFactory: EpisodePlannerFactory? {
        guard let vla else { return nil }
        let mirror = mirror
        return { context in
            mirror?.reset()
            return try vla.start(context)
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
            settings.planner = plannerFactory
            let observe: ((WorldData) -> Void)? = mirror.map { mirror in { mirror.record($0) } }
            return (try Runtime.runEpisode(settings, observe: observe), nil)
        case .emulated(_, let link):
            return try runEmulatedEpisode(link: link, instruction: instruction, seed: seed, hooks: hooks)
        case .serial(let port, _):
            return try runSerialEpisode(port: port, instruction: instruction, seed: seed, hooks: hooks)
        }
    }

    private func hardwareSettings(_ bus: ServoBus, instruction: String, seed: UInt64, hooks: EpisodeOperator) -> HardwareEpisodeSettings {
        var settings = HardwareEpisodeSettings(instruction: instruction, seed: seed)
        settings.controllerPeriod = bus.cycleBudget.controllerPeriod
        settings.timeLimit = configuration.episodeTimeLimit
        settings.priority = configuration.priority
        settings.lockMemory = configuration.lockMemory
        settings.operator = hooks
        settings.planner = plannerFactory
        return settings
    }

    private func runEmulatedEpisode(link: String, instruction: String, seed: UInt64,
                                    hooks: EpisodeOperator) throws -> (EpisodeResult, BusCounters?) {
        let scene = scene!
        let layout = try seededEpisodeScene(scene, instruction: instruction, seed: seed)
        let emulator = try EmulatedArm(configuration: robotConfiguration, scene: layout, link: link, cameras: mirror)
        defer { emulator.stop() }
        // The emulated arm lives for one episode only, so its bus does too.
        let bus = try ServoBus(configuration: robotConfiguration, model: model, port: link, calibration: emulator.calibration)
        defer { bus.disconnect() }
        let result = try runHardwareEpisode(hardwareSettings(bus, instruction: instruction, seed: seed, hooks: hooks),
                                            robot: bus, model: model, configuration: robotConfiguration,
                                            servoStiffness: emulator.servoStiffness, objects: emulator.feed, scene: scene)
        return (result, Self.counters(bus.statistics, since: .init()))
    }

    /// A real arm: the bus stays open and holding between tasks (see the type's notes); the VLA
    /// sees the `[cameras]`, streaming only during the episode. Nothing senses the objects, so
    /// success is not judged: the task runs until the time limit or the operator's stop.
    private func runSerialEpisode(port: String, instruction: String, seed: UInt64,
                                  hooks: EpisodeOperator) throws -> (EpisodeResult, BusCounters?) {
        guard let cameras = armCameras else { throw DaemonError.runtime("a serial arm runs only the VLA planner") }
        let bus = try self.bus ?? ServoBus(configuration: robotConfiguration, model: model, port: port, calibration: calibration!)
        self.bus = bus
        let before = bus.statistics
        cameras.start()
        var result: EpisodeResult
        do {
            result = try runHardwareEpisode(hardwareSettings(bus, instruction: instruction, seed: seed, hooks: hooks),
                                            robot: bus, model: model, configuration: robotConfiguration,
                                            servoStiffness: nil, objects: ObjectPoseFeed(), scene: nil)
        } catch {
            _ = cameras.stop()
            release(bus)
            throw error
        }
        let cameraFailure = cameras.stop()
        if result.robotError != nil || bus.lifecycle != .inactive { release(bus) }
        if result.robotError == nil, result.fault == nil {
            result.success = false
            result.outcome = cameraFailure.map { "camera stopped: \($0)" }
                ?? "not judged: nothing senses the objects on a real arm (ran until the time limit)"
        }
        return (result, Self.counters(bus.statistics, since: before))
    }

    /// A bus in error lets go: torque off to every servo that still answers, port closed; the
    /// next task opens it again.
    private func release(_ bus: ServoBus) {
        bus.disconnect()
        self.bus = nil
    }

    private static func counters(_ s: ServoBus.Statistics, since b: ServoBus.Statistics) -> BusCounters {
        BusCounters(retries: s.retries - b.retries, corruptedPackets: s.corruptedPackets - b.corruptedPackets,
                    timeouts: s.timeouts - b.timeouts, implausibleReadings: s.implausibleReadings - b.implausibleReadings)
    }

    /// The planner in the 10 Hz slot, for the status.
    var plannerName: String { configuration.planner.rawValue }

    /// Joint names in robot order (telemetry and recordings).
    var jointNames: [String] { model.jointNames }
}
