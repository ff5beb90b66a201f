import ArgumentParser
import Foundation

/// Embody's command-line tool. Bad input exits 2 with one line on stderr; runtime faults exit 1.
struct Embody: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embody",
        abstract: "A robotics control stack: robot models, dynamics, simulation, serial hardware.",
        subcommands: [
            Daemon.self,
            Inspect.self, Dynamics.self, Sim.self, SafetyCommand.self, Bench.self, Ports.self, EventsCommand.self, Emulate.self, Calibrate.self, Run.self, Dataset.self, Replay.self]
    )
}

do {
    var command = try Embody.parseAsRoot()
    try command.run()
} catch let error as CommandError {
    FileHandle.standardError.write(Data("embody: \(error.message)\n".utf8))
    exit(error.exitCode)
} catch {
    let code = Embody.exitCode(for: error)
    // Usage mistakes are bad input too: exit 2 with one line, like every other bad input.
    if code == .validationFailure {
        FileHandle.standardError.write(Data("embody: \(Embody.message(for: error))\n".utf8))
        exit(2)
    }
    Embody.exit(withError: error)
}
