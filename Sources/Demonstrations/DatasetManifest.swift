import Foundation

/// `manifest.json`: what a generator run made and how well the expert did, for people and for
/// checking a merged dataset is complete (the shards themselves carry everything a loader needs).
struct DatasetManifest: Encodable {
    struct TaskCount: Encodable {
        var episodes = 0
        var successes = 0
    }

    struct Failure: Encodable {
        var index: Int
        var seed: UInt64
        var instruction: String
        var outcome: String
    }

    var format = DemonstrationShard.format
    var command: String
    var scene: String
    var seed: UInt64
    var episodes_requested: Int
    var shard: String
    var episodes_per_shard: Int
    var perturb: Double
    var hold: Double
    /// The learner's model folder and share of episodes (DAgger runs only).
    var learner: DemonstrationShard.LearnerMetadata?
    var learner_steps: Int?
    var episodes: Int
    var successes: Int
    var success_rate: Double
    var perturbed_episodes: Int
    var per_task: [String: TaskCount]
    var failures: [Failure]
    var files: [String]
    var rows: Int
    var bytes: Int
    var seconds: Double
    var episodes_per_second: Double

    init(settings: DatasetSettings, episodes list: [EpisodeSummary], files: [String], rows: Int, bytes: Int, seconds: Double) {
        command = settings.commandLine.joined(separator: " ")
        scene = settings.scene
        seed = settings.seed
        episodes_requested = settings.episodes
        shard = settings.shard.description
        episodes_per_shard = settings.episodesPerShard
        perturb = settings.perturbProbability
        hold = settings.holdProbability
        learner = settings.learner?.metadata
        learner_steps = settings.learner == nil ? nil : list.reduce(0) { $0 + ($1.learnerSteps ?? 0) }
        episodes = list.count
        successes = list.filter(\.success).count
        success_rate = list.isEmpty ? 0 : (Double(successes) / Double(list.count) * 10000).rounded() / 10000
        perturbed_episodes = list.filter { $0.perturbations > 0 }.count
        var counts: [String: TaskCount] = [:]
        for e in list {
            let name = settings.tasks.taskName(of: e.instruction)
            counts[name, default: TaskCount()].episodes += 1
            if e.success { counts[name, default: TaskCount()].successes += 1 }
        }
        per_task = counts
        failures = list.filter { !$0.success }.map { Failure(index: $0.index, seed: $0.seed, instruction: $0.instruction, outcome: $0.outcome) }
        self.files = files.map { ($0 as NSString).lastPathComponent }
        self.rows = rows
        self.bytes = bytes
        self.seconds = (seconds * 100).rounded() / 100
        episodes_per_second = seconds > 0 ? (Double(list.count) / seconds * 1000).rounded() / 1000 : 0
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
