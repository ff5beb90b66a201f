import ArgumentParser
import Foundation
import Recording

/// `embody bench recording`: the MCAP recorder under the robot's load (6-joint state and command at
/// 1 kHz, 64×64 camera frames at 10 Hz): throughput unpaced, then the producer's cost per call paced
/// at the real rates.
struct BenchRecording: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recording",
        abstract: "Measure the MCAP recorder's throughput and the cost of a record call.")

    @Option(help: "Seconds of robot data recorded as fast as possible (throughput).")
    var seconds = 10.0

    @Option(help: "Seconds recorded at the real rates (producer-side cost per call).")
    var paced = 3.0

    @Option(help: "Folder for the benchmark's files.")
    var directory = NSTemporaryDirectory()

    func validate() throws {
        guard seconds > 0, paced > 0, seconds.isFinite, paced.isFinite else { throw ValidationError("--seconds and --paced must be positive") }
    }

    func run() throws {
        do {
            print(try RecorderBenchmark.run(directory: directory, simulatedSeconds: seconds, pacedSeconds: paced).report)
        } catch { throw CommandError.runtime("\(error)") }
    }
}
