/// What `embody dataset generate` is asked for.
public struct DatasetSettings: Sendable {
    /// Scene file (sim/scenes/*.toml) with `front` and `wrist` cameras.
    public var scene: String
    public var tasks: TaskSuite = .all
    /// Episodes of the whole dataset; episode i has seed `seed + i`.
    public var episodes: Int
    public var seed: UInt64
    /// Folder for the shards and the manifest (created if missing).
    public var output: String
    /// Which episodes this run records (all by default).
    public var shard: ShardSelection = .whole
    public var episodesPerShard = 50
    /// Fraction of episodes with perturbations (see ``PerturbationSchedule``).
    public var perturbProbability = 0.5
    /// Fraction of episodes in which the arm is held still for a while (see ``Perturbation/holdsStill``).
    public var holdProbability = 0.0
    /// A learned planner that drives stretches of some episodes (DAgger); nil: the expert only.
    public var learner: DatasetLearner?
    /// Simulated time limit of each episode, s.
    public var timeLimit = 25.0
    /// Episodes recorded at once (threads); the files do not depend on it.
    public var jobs = 1
    /// Recorded in the manifest, so a dataset says how it was made.
    public var commandLine: [String] = []

    public init(scene: String, episodes: Int, seed: UInt64, output: String) {
        self.scene = scene
        self.episodes = episodes
        self.seed = seed
        self.output = output
    }

    /// The file a run's shard `number` is written to.
    public static func shardFile(_ number: Int) -> String {
        let digits = String(number)
        return "shard-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".safetensors"
    }

    /// The run's manifest: `manifest.json`, or `manifest-K-of-N.json` for one of N parallel runs
    /// (so copying the runs into one folder keeps every manifest).
    public var manifestFile: String {
        shard.count == 1 ? "manifest.json" : "manifest-\(shard.index)-of-\(shard.count).json"
    }
}
