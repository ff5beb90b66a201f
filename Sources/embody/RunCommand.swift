import ArgumentParser
import Control
import Demonstrations
import Foundation
import Hardware
import Physics
import RobotModel
import Runtime
import VLA

/// `embody run`: the whole stack on a servo bus (executive, scripted planner, controller,
/// supervisor, bus driver) on the wall clock, with the summary of `embody sim --task`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run task episodes on a servo bus: the whole stack on the wall clock.",
        discussion: """
            The controller runs at the rate one bus cycle (sync read + sync write) allows, 500 Hz on a \
            1 Mbit/s bus, not 1 kHz. The scripted planner needs object poses, which no servo reports: \
            with --emulate SCENE an in-process servo-chain emulator on a pseudo-terminal linked at \
            --port is the arm, re-laid out for each episode with the seeded layout of `embody sim`, and \
            its plant publishes the object poses to the planner and the judge (the side channel). \
            A real arm has no such channel yet, so --planner scripted requires --emulate.
            """)

    @Option(help: "Robot folder, e.g. robots/so101 (its robot.toml names the bus and servos).")
    var robot: String

    @Option(help: "Serial port of the bus (with --emulate: where the emulator links its pseudo-terminal).")
    var port: String

    @Option(help: "Calibration file (LeRobot's format); with --emulate, default: the emulated unit's own.")
    var calibration: String?

    @Option(help: "Planner in the 10 Hz slot: scripted, or vla (with --model).")
    var planner = "scripted"

    @Option(help: "With --planner vla: the model folder (config.json, model.safetensors), e.g. models/so101-vla.")
    var model: String?

    @Flag(help: "With --planner vla: use the int8 weights.")
    var int8 = false

    @Option(help: "Instruction, e.g. \"put the red cube on the green pad\" (templates: sim/tasks/README.md).")
    var task: String

    @Option(help: "Episodes to run, each seeded from --seed + its index.")
    var episodes = 1

    @Option(help: "Seed of the first episode's layout and expert.")
    var seed: UInt64 = 0

    @Option(help: "Write the run summary as JSON.")
    var summary: String?

    @Option(help: "Write PNG plots of the last episode (the faulted one, if one faulted) to this folder.")
    var plots: String?

    @Option(help: "Wall-clock seconds each episode may take.")
    var duration: Double = 25

    @Option(help: "Controller rate, Hz (default: what one bus cycle allows, in whole milliseconds).")
    var rate: Double?

    @Option(help: "Bit rate (default: the robot.toml's).")
    var baud: Int?

    @Option(help: "Emulate the arm in-process with this scene as its plant (its robot must be --robot's).")
    var emulate: String?

    @Option(help: "With --emulate: faults to inject on the emulated wire and servos (as `embody emulate --faults`).")
    var faults: String?

    @Option(name: .customLong("unit-seed"), help: "With --emulate: seed of the emulated unit's servo mounts (as `embody emulate --seed`).")
    var unitSeed: UInt64 = 0

    func validate() throws {
        guard episodes > 0 else { throw ValidationError("--episodes must be positive") }
        guard duration > 0, duration.isFinite else { throw ValidationError("--duration must be a positive number of seconds") }
        if let rate { guard rate > 0, rate <= 2000 else { throw ValidationError("--rate must be in (0, 2000] Hz") } }
    }

    func run() throws {
        guard planner == "scripted" || planner == "vla" else { throw CommandError.badInput("--planner \(planner): expected scripted or vla") }
        guard planner == "scripted" || model != nil else { throw CommandError.badInput("--planner vla needs --model DIR") }
        guard let emulate else {
            throw CommandError.badInput(planner == "scripted"
                ? "--planner scripted needs object poses, which a real arm cannot report (no object sensing yet); run against an emulator with --emulate SCENE"
                : "--planner vla on a real arm needs its cameras wired to the planner (not yet); run against an emulator with --emulate SCENE")
        }
        guard Task(instruction: task) != nil else {
            throw CommandError.badInput("--task \"\(task)\": not an instruction template (sim/tasks/README.md)")
        }
        let loaded: (urdf: URDF, model: Model, configuration: RobotConfiguration)
        do { loaded = try RobotConfiguration.loadValidated(robotDirectory: robot) } catch { throw CommandError.badInput(error.description) }
        let configuration = loaded.configuration
        let scene: SceneDescription
        do { scene = try SceneDescription.load(contentsOf: emulate) } catch { throw CommandError.badInput(error.description) }
        let sceneURDF = scene.robot.map { URL(fileURLWithPath: $0.urdf).standardizedFileURL.path }
        guard sceneURDF == URL(fileURLWithPath: configuration.urdf).standardizedFileURL.path else {
            throw CommandError.badInput("--emulate \(emulate): its robot is \(scene.robot?.urdf ?? "absent"), not \(configuration.urdf)")
        }
        let faultSpec: FaultSpec
        do { faultSpec = try FaultSpec(parsing: faults ?? "") } catch { throw CommandError.badInput(error.description) }
        let rig = EmulatedRig(configuration: configuration, link: port, baud: baud, faults: faultSpec, unitSeed: unitSeed)
        let unitCalibration: Calibration
        do {
            unitCalibration = try calibration.map { try Calibration.load(contentsOf: $0) } ?? rig.calibration(scene: scene)
        } catch { throw CommandError.badInput("\(error)") }
        let makeBus = { () throws -> ServoBus in
            try ServoBus(configuration: configuration, model: loaded.model, port: port, calibration: unitCalibration, baud: baud)
        }
        let period: Int64
        do {
            let budget = try makeBus().cycleBudget
            period = rate.map { Int64((1e9 / $0).rounded()) } ?? budget.controllerPeriod
            print(String(format: "%@ at %d bit/s: one bus cycle is %.2f ms on the wire; controller at %.0f Hz",
                         configuration.name, budget.baud, Double(budget.wireTime) / 1e6, 1e9 / Double(period)))
        } catch { throw CommandError.badInput("\(error)") }

        var learned: VLAEpisodePlanner?
        var cameras: PlantCameraFeed?
        if let model {
            do { cameras = try PlantCameraFeed(scene: try Scene(scene)) } catch { throw CommandError.badInput("--emulate \(emulate): \(error)") }
            learned = try loadVLAPlanner(model, int8: int8, scene: scene, feed: cameras)
        }
        var results: [EpisodeResult] = []
        var robotFaults: [EpisodeReport.RobotFaultRecord] = []
        var bus = ServoBus.Statistics()
        for k in 0..<episodes {
            var settings = HardwareEpisodeSettings(instruction: task, seed: seed + UInt64(k))
            settings.timeLimit = duration
            settings.controllerPeriod = period
            settings.keepSamples = plots != nil
            if let learned { settings.planner = { context in try learned.start(context) } }
            let result: EpisodeResult
            do {
                let layout = try seededEpisodeScene(scene, instruction: task, seed: settings.seed)
                let (feed, stiffness) = try rig.start(scene: layout, cameras: cameras)
                defer { rig.stop() }
                let servoBus = try makeBus()
                defer { servoBus.disconnect() }
                result = try runHardwareEpisode(settings, robot: servoBus, model: loaded.model, configuration: configuration,
                                                servoStiffness: stiffness, objects: feed, scene: scene)
                bus.add(servoBus.statistics)
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError.runtime("episode \(k) (seed \(settings.seed)): \(error)")
            }
            results.append(result)
            let start = result.readyPoseError.map { error in
                let travel = error.travel.map { String(format: " and %.1f mm", $0 * 1000) } ?? ""
                return String(format: " (started %.1f mrad", error.angle * 1000) + travel + " from the ready pose)"
            } ?? ""
            print("episode \(k) seed \(settings.seed): \(result.success ? "success" : "failure") after \(String(format: "%.2f", result.duration)) s — \(result.outcome)\(start)")
            if let error = result.robotError {
                var detection: Double?
                if let at = result.robotErrorAt, let onset = rig.faultOnset { detection = Double(at - onset) * 1e-9 }
                robotFaults.append(.init(episode: k, error: error, stopSeconds: result.stopDuration, detectionSeconds: detection))
                break  // a faulted arm waits for its operator: no further episodes
            }
        }
        var report = EpisodeReport(results, realtime: true)
        report.robotStep = "bus write"
        report.bus = ["cycles": bus.cycles, "retries": bus.retries, "corrupted_packets": bus.corruptedPackets,
                      "implausible_readings": bus.implausibleReadings, "timeouts": bus.timeouts]
        report.robotFaults = robotFaults
        print(report.table(instruction: task))
        if let path = summary {
            do { try Data(report.json.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw CommandError.badInput("--summary \(path): \(error.localizedDescription)")
            }
        }
        if let dir = plots, let last = results.last {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try writePlots(last, report: report, jointNames: loaded.model.jointNames, to: dir)
            } catch { throw CommandError.runtime("--plots \(dir): \(error)") }
        }
        if let fault = robotFaults.first { throw CommandError.runtime(fault.line) }
    }
}
