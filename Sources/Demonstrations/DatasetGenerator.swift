import Control
import Dispatch
import Foundation
import Physics
import Runtime

/// What a generator run produced.
public struct DatasetRun: Sendable {
    public var episodes: [EpisodeSummary]
    /// Shard files written, full paths.
    public var files: [String]
    public var manifest: String
    public var rows: Int
    public var bytes: Int
    /// Wall-clock time of the run, s.
    public var seconds: Double
}

/// Records the scripted expert on seeded episodes of a task suite into safetensors shards: the
/// training data of the vision-language-action planner (format: training/README-dataset.md).
/// Episodes run lockstep, so every file is a pure function of the settings (not of `jobs`, nor of
/// which machine ran which shard). `progress` is called once per finished episode, from the
/// thread that ran it, one call at a time.
public func generateDataset(_ settings: DatasetSettings,
                            progress: (@Sendable (EpisodeSummary) -> Void)? = nil) throws(DatasetError) -> DatasetRun {
    guard settings.episodes > 0 else { throw .badInput("--episodes: expected a positive count, got \(settings.episodes)") }
    guard settings.episodesPerShard > 0 else { throw .badInput("--episodes-per-shard: expected a positive count, got \(settings.episodesPerShard)") }
    guard (0...1).contains(settings.perturbProbability) else { throw .badInput("--perturb: expected a fraction in 0...1, got \(settings.perturbProbability)") }
    guard (0...1).contains(settings.holdProbability) else { throw .badInput("--hold: expected a fraction in 0...1, got \(settings.holdProbability)") }
    guard settings.jobs > 0 else { throw .badInput("--jobs: expected a positive count, got \(settings.jobs)") }
    guard settings.timeLimit > 0, settings.timeLimit.isFinite else { throw .badInput("--duration: expected positive seconds, got \(settings.timeLimit)") }
    if let learner = settings.learner, !(0...1).contains(learner.probability) {
        throw .badInput("--learner-share: expected a fraction in 0...1, got \(learner.probability)")
    }
    let description: SceneDescription
    let scene: Scene
    do {
        description = try SceneDescription.load(contentsOf: settings.scene)
        scene = try Scene(description)
    } catch { throw .badInput("--scene: \(error.description)") }
    guard let robot = scene.model.robot else { throw .badInput("--scene \(settings.scene): has no robot") }
    let cameras = try DemonstrationCameras(scene: scene)  // fails early, once, if the scene lacks them
    do {
        try FileManager.default.createDirectory(atPath: settings.output, withIntermediateDirectories: true)
    } catch { throw .badInput("--output \(settings.output): cannot create the folder (\(error.localizedDescription))") }

    let context = DemonstrationShard.Context(
        instructions: settings.tasks.instructions, robot: robot.name, jointNames: robot.jointNames, scene: settings.scene,
        cameras: Dictionary(uniqueKeysWithValues: cameras.descriptions.map {
            ($0.name, DemonstrationShard.CameraMetadata(width: $0.width, height: $0.height, fov_y_deg: $0.fovYDegrees))
        }),
        perturbProbability: settings.perturbProbability, holdProbability: settings.holdProbability,
        objects: trackedObjectNames(description), learner: settings.learner?.metadata)
    let started = DispatchTime.now().uptimeNanoseconds
    let indices = settings.shard.episodes(of: settings.episodes)
    var summaries: [EpisodeSummary] = [], files: [String] = []
    var rows = 0, bytes = 0
    let pool = EpisodePool(scene: scene, description: description, settings: settings, jobs: settings.jobs)
    for (chunk, start) in stride(from: 0, to: indices.count, by: settings.episodesPerShard).enumerated() {
        let batch = Array(indices[start..<min(start + settings.episodesPerShard, indices.count)])
        let episodes = try pool.record(batch, progress: progress)
        let path = (settings.output as NSString).appendingPathComponent(DatasetSettings.shardFile(settings.shard.fileNumber(chunk: chunk)))
        let writer = try DemonstrationShard.serialize(episodes, context: context)
        do { try writer.write(to: path) } catch { throw .badInput("--output: \(error.description)") }
        files.append(path)
        summaries += episodes.map(\.summary)
        rows += episodes.reduce(0) { $0 + $1.recording.rows }
        bytes += (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let manifestPath = (settings.output as NSString).appendingPathComponent(settings.manifestFile)
    let manifest = DatasetManifest(settings: settings, episodes: summaries, files: files, rows: rows, bytes: bytes, seconds: seconds)
    do { try Data(manifest.json.utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic) }
    catch { throw .badInput("--output \(manifestPath): \(error.localizedDescription)") }
    return DatasetRun(episodes: summaries, files: files, manifest: manifestPath, rows: rows, bytes: bytes, seconds: seconds)
}

/// Runs episodes on `jobs` threads, each with its own cameras, event sensor and kinematics.
final class EpisodePool: @unchecked Sendable {
    private let scene: Scene
    private let description: SceneDescription
    private let settings: DatasetSettings
    private let jobs: Int
    /// Guards `next`, `results`, `failure` and progress calls while a batch runs.
    private let lock = NSLock()
    private var next = 0
    private var results: [RecordedEpisode?] = []
    private var failure: DatasetError?

    init(scene: Scene, description: SceneDescription, settings: DatasetSettings, jobs: Int) {
        self.scene = scene
        self.description = description
        self.settings = settings
        self.jobs = jobs
    }

    func record(_ batch: [Int], progress: (@Sendable (EpisodeSummary) -> Void)?) throws(DatasetError) -> [RecordedEpisode] {
        next = 0
        results = Array(repeating: nil, count: batch.count)
        failure = nil
        DispatchQueue.concurrentPerform(iterations: min(jobs, batch.count)) { _ in
            let worker: EpisodeWorker
            do throws(DatasetError) { worker = try EpisodeWorker(scene: scene, learner: settings.learner) } catch {
                lock.withLock { failure = failure ?? error }
                return
            }
            while true {
                let k: Int? = lock.withLock {
                    guard failure == nil, next < batch.count else { return nil }
                    defer { next += 1 }
                    return next
                }
                guard let k else { return }
                do throws(DatasetError) {
                    let episode = try worker.record(index: batch[k], settings: settings, description: description)
                    lock.withLock {
                        results[k] = episode
                        progress?(episode.summary)
                    }
                } catch {
                    lock.withLock { failure = failure ?? error }
                    return
                }
            }
        }
        if let failure { throw failure }
        return results.map { $0! }
    }
}

/// One thread's tools for recording episodes.
final class EpisodeWorker {
    private let cameras: DemonstrationCameras
    private let eventCamera: EventCamera
    private let heading: ToolHeading
    private let learner: LearnerDriver?

    init(scene: Scene, learner: DatasetLearner?) throws(DatasetError) {
        cameras = try DemonstrationCameras(scene: scene)
        eventCamera = try EventCamera(camera: cameras.front)
        guard let robot = scene.model.robot else { throw .badInput("the scene has no robot") }
        heading = ToolHeading(robot)
        self.learner = try learner.map { l throws(DatasetError) in try LearnerDriver(l) }
    }

    func record(index: Int, settings: DatasetSettings, description: SceneDescription) throws(DatasetError) -> RecordedEpisode {
        let seed = settings.seed &+ UInt64(index)
        let instruction = settings.tasks.instruction(forSeed: seed)
        let schedule = PerturbationSchedule(seed: seed, probability: settings.perturbProbability, holdProbability: settings.holdProbability)
        let takeover = settings.learner.map { LearnerTakeover(seed: seed, probability: $0.probability, limit: settings.timeLimit) } ?? .none
        try learner?.start(instruction: instruction)
        let recorder = DemonstrationRecorder(cameras: cameras, eventCamera: eventCamera, heading: heading, perturbations: schedule,
                                             learner: learner, takeover: takeover)
        var episode = EpisodeSettings(scene: description, instruction: instruction, seed: seed)
        episode.timeLimit = settings.timeLimit
        episode.planner = { context in recorder.start(context) }
        var success = false, outcome = "", duration = 0.0
        do {
            let result = try runEpisode(episode) { recorder.observe($0) }
            (success, outcome, duration) = (result.success, result.outcome, result.duration)
        } catch let error as SimulationError {
            // One diverged episode is a failed demonstration, not a failed dataset.
            (success, outcome, duration) = (false, "diverged: \(error.description)", error.time)
        } catch {
            throw .badInput("episode \(index) (seed \(seed), \"\(instruction)\"): \(error)")
        }
        // Perturbations the episode lived to see (it may end before a late one).
        let end = Int64(recorder.recording.rows) * 100_000_000
        let count = schedule.perturbations.filter { $0.start < end }.count
        return RecordedEpisode(index: index, seed: seed, instruction: instruction, success: success, outcome: outcome,
                               duration: duration, perturbations: count, learnerSteps: learner == nil ? nil : recorder.learnerTicks,
                               recording: recorder.recording)
    }
}
