import ArgumentParser
import Foundation
import Hardware
import RobotModel

/// `embody calibrate`: servo arms (the default, so `embody calibrate --robot … --port …` keeps working) and cameras.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibrate a robot unit's servos (default) or a camera.",
        subcommands: [CalibrateServos.self, CameraCalibrate.self],
        defaultSubcommand: CalibrateServos.self)
}

/// `embody calibrate [servos]`: records a unit's calibration (LeRobot's file format) through its bus.
struct CalibrateServos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servos",
        abstract: "Record a robot unit's servo calibration (homing offsets, ranges) into a JSON file.",
        discussion: """
            Interactive: put the arm in its calibration pose (every joint at the URDF zero) and press \
            Enter; then move every joint through its whole range and press Enter. With \
            --non-interactive the arm must already stand in the calibration pose and the ranges come \
            from the URDF limits (for the emulator and tests). Offsets the servos cannot store are refused.
            """)

    @Option(help: "Robot folder, e.g. robots/so101.")
    var robot: String

    @Option(help: "Serial port of the bus (default: robot.toml's).")
    var port: String?

    @Option(help: "Where to write the calibration, e.g. calibration/so101-a.json.")
    var output: String

    @Option(help: "Bit rate (default: robot.toml's).")
    var baud: Int?

    @Flag(help: "Take the current pose as the calibration pose and the URDF limits as ranges, without prompts.")
    var nonInteractive = false

    func run() throws {
        let loaded: (urdf: URDF, model: Model, configuration: RobotConfiguration)
        do { loaded = try RobotConfiguration.loadValidated(robotDirectory: robot) } catch {
            throw CommandError.badInput(error.description)
        }
        let configuration = loaded.configuration
        guard let path = port ?? configuration.bus.port else {
            throw CommandError.badInput("--port: \(configuration.file) names no [bus] port; give one")
        }
        let session: CalibrationSession
        do {
            session = try CalibrationSession(configuration: configuration, model: loaded.model, port: path, baud: baud)
        } catch let error as SerialPortError {
            throw error.kind == .notFound || error.kind == .notATerminal ? CommandError.badInput(error.description) : CommandError.runtime(error.description)
        } catch {
            throw CommandError.runtime("\(error)")
        }
        do {
            if nonInteractive {
                try session.recordZero()
            } else {
                prompt("Put \(configuration.name) in its calibration pose (every joint at its URDF zero), then press Enter.")
                _ = readLine()
                try session.recordZero()
                prompt("Move every joint through its whole range, slowly, then press Enter.")
                while !standardInputReady(withinMilliseconds: 20) { try session.sample() }
                _ = readLine()
            }
            let calibration = try session.calibration(sweep: !nonInteractive)
            try calibration.save(to: output, order: configuration.joints.map(\.name))
            for joint in configuration.joints {
                let j = calibration.joints[joint.name]!
                print("\(joint.name.padding(toLength: 14, withPad: " ", startingAt: 0)) id \(j.id)  homing_offset \(j.homingOffset)  range \(j.rangeMin)...\(j.rangeMax)")
            }
            print("wrote \(output)")
        } catch let error as CalibrationError {
            throw CommandError.runtime(error.description)
        } catch {
            throw CommandError.runtime("\(error)")
        }
    }

    private func prompt(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// True when a line is waiting on standard input.
    private func standardInputReady(withinMilliseconds timeout: Int32) -> Bool {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, timeout) > 0
    }
}
