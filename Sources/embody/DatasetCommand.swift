import ArgumentParser
import Demonstrations
import Foundation

/// `embody dataset`: training data for the vision-language-action planner.
struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record the scripted expert as training data for a learned planner.",
        subcommands: [DatasetGenerate.self])
}

/// `embody dataset generate`: seeded episodes of the task suite, recorded at the planner's 10 Hz
/// into safetensors shards (format: training/README-dataset.md).
struct DatasetGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Record seeded episodes of the scripted expert into safetensors shards.")

    @Option(help: "Scene file with front and wrist cameras (sim/scenes/*.toml).")
    var scene: String

    @Option(help: "\"all\" (the task suite of sim/tasks/README.md with its synonyms) or instructions separated by \";\".")
    var tasks = "all"

    @Option(help: "Episodes in the whole dataset; episode i has seed --seed + i.")
    var episodes: Int

    @Option(help: "Seed of episode 0.")
    var seed: UInt64 = 0

    @Option(help: "Folder for shard-NNNNN.safetensors and the manifest.")
    var output: String

    @Option(help: "K/N: record only the episodes with index mod N = K (one of N parallel runs).")
    var shard: String?

    @Option(name: .customLong("episodes-per-shard"), help: "Episodes per shard file.")
    var episodesPerShard = 50

    @Option(help: "Fraction of episodes with 1-3 perturbations of the executed target (DART-style).")
    var perturb = 0.5

    @Option(help: "Fraction of episodes in which the arm is held still for 0.3-1 s during its first approach, labelled with where the expert goes.")
    var hold = 0.0

    @Option(help: "A VLA model folder: the learner drives stretches of some episodes while the expert labels every tick (DAgger).")
    var learner: String?

    @Option(name: .customLong("learner-share"), help: "Fraction of episodes the learner drives in (with --learner).")
    var learnerShare = 0.5

    @Flag(help: "Load the learner's int8 weights.")
    var int8 = false

    @Option(help: "Simulated time limit of each episode, s.")
    var duration = 25.0

    @Option(help: "Episodes recorded at once (threads); the files do not depend on it.")
    var jobs = 1

    @Flag(help: "Print one line per episode.")
    var verbose = false

    func run() throws {
        var settings = DatasetSettings(scene: scene, episodes: episodes, seed: seed, output: output)
        do {
            settings.tasks = try TaskSuite.parse(tasks)
            if let shard { settings.shard = try ShardSelection(parsing: shard) }
        } catch { throw CommandError.badInput(error.description) }
        settings.episodesPerShard = episodesPerShard
        settings.perturbProbability = perturb
        settings.holdProbability = hold
        settings.timeLimit = duration
        if let learner {
            do { settings.learner = try DatasetLearner(directory: learner, probability: learnerShare, int8: int8) }
            catch { throw CommandError.badInput(error.description) }
        }
        settings.jobs = jobs
        settings.commandLine = CommandLine.arguments
        let counter = ProgressLine(total: settings.shard.episodes(of: max(episodes, 0)).count, verbose: verbose)
        let run: DatasetRun
        do {
            run = try generateDataset(settings) { counter.finished($0) }
        } catch {
            throw error.isBadInput ? CommandError.badInput(error.description) : CommandError.runtime(error.description)
        }
        let successes = run.episodes.filter(\.success).count
        print("\(run.episodes.count) episodes (\(successes) successful, \(percent(successes, run.episodes.count))), \(run.rows) steps, "
              + "\(run.files.count) shards, \(megabytes(run.bytes)) in \(String(format: "%.1f", run.seconds)) s "
              + "(\(String(format: "%.2f", Double(run.episodes.count) / max(run.seconds, 1e-9))) episodes/s)")
        print("manifest: \(run.manifest)")
    }
}

/// Progress on stderr: a line per episode with --verbose, else a count every 10 %.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let verbose: Bool
    /// Touched under the generator's progress lock only.
    private var done = 0, successes = 0

    init(total: Int, verbose: Bool) {
        self.total = total
        self.verbose = verbose
    }

    func finished(_ e: EpisodeSummary) {
        done += 1
        if e.success { successes += 1 }
        if verbose {
            print("episode \(e.index) seed \(e.seed) \"\(e.instruction)\": \(e.success ? "success" : "failure") after "
                  + "\(String(format: "%.1f", e.duration)) s, \(e.steps) steps, \(e.perturbations) perturbation\(e.perturbations == 1 ? "" : "s") — \(e.outcome)")
        } else if total >= 10, done % (total / 10) == 0 || done == total {
            FileHandle.standardError.write(Data("\(done)/\(total) episodes, \(successes) successful\n".utf8))
        }
    }
}

private func percent(_ part: Int, _ whole: Int) -> String {
    String(format: "%.1f%%", whole == 0 ? 0 : 100 * Double(part) / Double(whole))
}

private func megabytes(_ bytes: Int) -> String {
    String(format: "%.1f MB", Double(bytes) / 1e6)
}
