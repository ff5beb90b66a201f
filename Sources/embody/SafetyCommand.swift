import ArgumentParser
import Control
import Foundation
import RobotModel
import Runtime
import Safety

/// `embody safety`: the supervisor's proofs and its fuzzing.
struct SafetyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "safety",
        abstract: "Prove the supervisor's bounds with Z3, or fuzz it against the simulator.",
        subcommands: [Prove.self, Fuzz.self]
    )

    /// The supervisor of a robot folder, as `embody sim` builds it (position drive for servos).
    static func supervisorModel(_ directory: String) throws(CommandError) -> SupervisorModel {
        do {
            let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: directory)
            let modes: [CommandModes] = model.jointNames.map { name in
                let joint = configuration.joint(named: name) ?? model.jointInfo.first { $0.name == name }?.mimic
                    .flatMap { configuration.joint(named: $0.joint) }
                guard let modes = joint?.commandModes else { return .position }
                return modes == .position ? .position : (modes.contains(.impedance) ? .impedance : modes)
            }
            return try SupervisorModel(configuration: configuration, kinematics: model, jointNames: model.jointNames,
                                       driveModes: modes, period: 1_000_000)
        } catch let error as RobotConfigurationError {
            throw .badInput(error.description)
        } catch {
            throw .badInput("\(directory): \(error)")
        }
    }

    struct Prove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate SMT-LIB proof obligations from the robot's limits and the filter's equations; run Z3 on each.")

        @Option(name: .long, help: "Robot folder, e.g. robots/so101.")
        var robot: String

        @Option(name: .long, help: "Write each obligation's SMT-LIB script into this folder.")
        var smt: String?

        @Option(name: .long, help: "Z3 processes at once.")
        var parallel = 2

        func run() throws {
            let model = try SafetyCommand.supervisorModel(robot)
            let results: [ObligationResult]
            do { results = try proveSupervisor(model, parallel: parallel) } catch { throw CommandError.runtime("\(error)") }
            print("supervisor proofs for \(robot) (Z3, control period \(model.dt * 1e3) ms)")
            print("floating point: the envelope keeps \(JointEnvelope.roundingMargin) of room for rounding errors up to "
                + "\(JointEnvelope.roundingBound) per computed quantity (each obligation checks that suffices)")
            for i in model.jointNames.indices where model.followers[i] == nil {
                let e = model.envelopes[i]
                print("  \(model.jointNames[i]): command range \(fixed(e.lower))…\(fixed(e.upper)), |v| ≤ \(e.velocity), |a| ≤ \(e.acceleration), "
                    + "|j| ≤ \(e.jerk), brake b = \(e.braking): stop within \(fixed(e.velocity / e.braking + model.dt)) s, "
                    + "\(fixed(e.velocity * e.velocity / (2 * e.braking))) of travel at most")
            }
            print("obligations (each per joint, with that joint's numbers):")
            var named: [String] = []
            for r in results where !named.contains(r.obligation.name) {
                named.append(r.obligation.name)
                print("  \(r.obligation.name): \(r.obligation.statement)")
            }
            var failed = 0
            for r in results {
                let verdict: String
                switch r.outcome {
                case .proved: verdict = "proved"
                case .counterexample(let model):
                    failed += 1
                    let keys = ["q", "v", "a", "desired"].compactMap { k in model[k].map { "\(k) = \($0)" } }
                    verdict = "COUNTEREXAMPLE " + keys.joined(separator: ", ")
                case .unknown(let why):
                    failed += 1
                    verdict = "UNKNOWN (\(why))"
                }
                print("  \(r.joint.padding(toLength: 16, withPad: " ", startingAt: 0)) \(r.obligation.name.padding(toLength: 11, withPad: " ", startingAt: 0)) "
                    + "\(verdict)  [\(fixed(r.seconds, 2)) s]")
                if let dir = smt {
                    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    try? r.obligation.smt.write(toFile: "\(dir)/\(r.joint)-\(r.obligation.name).smt2", atomically: true, encoding: .utf8)
                }
            }
            print("\(results.count - failed)/\(results.count) obligations proved")
            if failed > 0 { throw CommandError.runtime("\(failed) obligation(s) not proved") }
        }
    }

    struct Fuzz: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drive supervisor + simulator with random and adversarial commands; report violations and the minimum margin.")

        @Option(name: .long, help: "Robot folder, e.g. robots/so101.")
        var robot: String

        @Option(name: .long, help: "Ticks (1 ms each).")
        var ticks: Int64 = 100_000

        @Option(name: .long, help: "Seed.")
        var seed: UInt64 = 1

        @Flag(name: .long, help: "Print one JSON object.")
        var json = false

        func run() throws {
            guard ticks > 0 else { throw CommandError.badInput("--ticks \(ticks): expected a positive count") }
            _ = try SafetyCommand.supervisorModel(robot)  // bad input is reported as such
            let report: SupervisorFuzzReport
            do { report = try fuzzSupervisor(robotDirectory: robot, ticks: ticks, seed: seed) } catch {
                throw CommandError.runtime("\(error)")
            }
            if json {
                print(report.json)
            } else {
                print("\(robot): \(report.ticks) fuzzed ticks, \(report.violations) limit violations, \(report.interventions) interventions, "
                    + "\(report.faults) faults reset, minimum margin to a URDF limit: commands \(fixed(report.minimumCommandMargin, 4)), "
                    + "measured \(fixed(report.minimumMargin, 4)) (\(report.minimumMarginJoint), drives on); "
                    + "largest servo tracking error \(fixed(report.maximumTrackingError, 4))")
                if let first = report.firstViolation { print("first violation: \(first)") }
            }
            if report.violations > 0 { throw CommandError.runtime("\(report.violations) limit violations") }
        }
    }
}

private func fixed(_ x: Double, _ decimals: Int = 3) -> String { String(format: "%.\(decimals)f", x) }
