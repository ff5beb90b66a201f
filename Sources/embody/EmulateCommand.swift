import ArgumentParser
import Foundation
import Hardware
import Physics
import RobotModel
import Spatial

/// `embody emulate`: a servo chain on a pseudo-terminal, answering like the robot's real servos,
/// with the built-in simulator as the arm: rehearse on a laptop, test without hardware.
struct Emulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Emulate a robot's servo chain on a pseudo-terminal, with the simulator as the arm.",
        discussion: """
            Opens a pseudo-terminal and links it at --link; programs open that path as they would the \
            USB adapter. Faults (--faults): drop=P, corrupt=P (per byte on the wire), silent=ID[@T], \
            overload=ID[@T] (from T seconds after start), vanish=T; comma-separated, seeded by --seed.
            """)

    @Option(help: "Robot folder, e.g. robots/so101 (its robot.toml names the bus and servos).")
    var robot: String

    @Option(help: "Where to link the emulated port, e.g. /tmp/so101.")
    var link: String

    @Option(help: "Bit rate (default: the robot.toml's).")
    var baud: Int?

    @Option(help: "Faults to inject, e.g. \"corrupt=0.01,silent=3@2\".")
    var faults: String?

    @Option(help: "Scene whose robot and objects the servos move (default: the robot alone at joint zero).")
    var scene: String?

    @Option(help: "Seed of the servo mounts, the scene and the faults.")
    var seed: UInt64 = 0

    @Flag(help: "Power up with the torque on (real servos power up with it off and the arm may sag).")
    var torqueOn = false

    @Option(help: "Write the calibration matching this emulated unit to FILE (LeRobot's format) and go on.")
    var writeCalibration: String?

    func run() throws {
        let loaded: (urdf: URDF, model: Model, configuration: RobotConfiguration)
        do { loaded = try RobotConfiguration.loadValidated(robotDirectory: robot) } catch {
            throw CommandError.badInput(error.description)
        }
        let configuration = loaded.configuration
        let faultSpec: FaultSpec
        do { faultSpec = try FaultSpec(parsing: faults ?? "") } catch { throw CommandError.badInput(error.description) }
        let world = try emulatorScene(for: configuration)
        let emulator: ServoChainEmulator
        do {
            emulator = try ServoChainEmulator(configuration: configuration, scene: world, baud: baud, faults: faultSpec,
                                              seed: seed, torqueOn: torqueOn)
        } catch {
            throw CommandError.badInput(error.description)
        }
        if let writeCalibration {
            do { try emulator.matchingCalibration().save(to: writeCalibration) } catch {
                throw CommandError.runtime("--write-calibration \(writeCalibration): \(error)")
            }
        }
        do { try emulator.open(link: link) } catch {
            throw error.kind == .system ? CommandError.badInput("--link \(error.description)") : CommandError.runtime(error.description)
        }
        let servos = configuration.joints.compactMap(\.servoID).map(String.init).joined(separator: ", ")
        let models = Set(configuration.joints.compactMap(\.servoModel)).sorted().joined(separator: ", ")
        say("emulating \(configuration.name): \(configuration.joints.count) × \(models) (IDs \(servos)) at \(emulator.baud) bit/s on \(link) → \(emulator.devicePath ?? "?"); Ctrl-C stops")

        signal(SIGINT) { _ in emulatorStopRequested = 1 }
        signal(SIGTERM) { _ in emulatorStopRequested = 1 }
        let start = Date()
        emulator.run { emulatorStopRequested == 0 }
        let vanished = !emulator.isOpen
        emulator.stop()
        if vanished, let at = faultSpec.vanishAt { say("the port vanished at \(at) s, as --faults asked") }
        let s = emulator.statistics
        say(String(format: "stopped after %.1f s: %d instructions, %d statuses, %d packets rejected, %d bytes dropped, %d corrupted, plant lag %.3f s",
                     Date().timeIntervalSince(start), s.instructions, s.statuses, s.rejectedPackets, s.droppedBytes, s.corruptedBytes, s.plantLag))
        if let failure = emulator.failure { throw CommandError.runtime(failure) }
    }

    /// The plant: the given scene (whose robot must be this robot), or the robot alone at zero.
    private func emulatorScene(for configuration: RobotConfiguration) throws -> Scene {
        guard let scene else {
            let description = SceneDescription(
                file: configuration.file, gravity: Vec3(0, 0, -9.81), timestep: 0.001,
                robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: [])
            do { return try Scene(description) } catch { throw CommandError.badInput(error.description) }
        }
        let loaded: Scene
        do { loaded = try Scene.load(contentsOf: scene) } catch { throw CommandError.badInput(error.description) }
        let sceneURDF = loaded.description.robot.map { URL(fileURLWithPath: $0.urdf).standardizedFileURL.path }
        guard sceneURDF == URL(fileURLWithPath: configuration.urdf).standardizedFileURL.path else {
            throw CommandError.badInput("--scene \(scene): its robot is \(loaded.description.robot?.urdf ?? "absent"), not \(configuration.urdf)")
        }
        return loaded
    }
}

/// Writes a line to stdout at once (not buffered: scripts wait for the banner).
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Set by SIGINT/SIGTERM; the emulator loop polls it.
nonisolated(unsafe) var emulatorStopRequested: sig_atomic_t = 0
