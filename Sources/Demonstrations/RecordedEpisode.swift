/// One finished episode of a dataset: which it was, how it ended, and its rows.
struct RecordedEpisode {
    var index: Int
    var seed: UInt64
    var instruction: String
    var success: Bool
    /// The judge's verdict ("ok", or why it failed; a diverged simulation is a failure too).
    var outcome: String
    /// Simulated seconds.
    var duration: Double
    var perturbations: Int
    /// Planner ticks a learner drove (nil without `--learner`).
    var learnerSteps: Int?
    var recording: EpisodeRecording

    /// The episode's entry in the files' `episodes` metadata.
    var summary: EpisodeSummary {
        EpisodeSummary(index: index, seed: seed, instruction: instruction, success: success, steps: recording.rows,
                       outcome: outcome, duration: (duration * 1000).rounded() / 1000, perturbations: perturbations,
                       learnerSteps: learnerSteps)
    }
}

/// An episode as the metadata and the manifest list it.
public struct EpisodeSummary: Codable, Sendable, Equatable {
    public var index: Int
    public var seed: UInt64
    public var instruction: String
    public var success: Bool
    /// Rows (planner ticks) recorded.
    public var steps: Int
    public var outcome: String
    public var duration: Double
    public var perturbations: Int
    /// Planner ticks a learner drove (absent without `--learner`, so such files are unchanged).
    public var learnerSteps: Int?

    enum CodingKeys: String, CodingKey {
        case index, seed, instruction, success, steps, outcome, duration, perturbations
        case learnerSteps = "learner_steps"
    }
}
