import Control
import VLA

/// The learned planner that takes over recorded episodes (`embody dataset generate --learner`):
/// its model, loaded once and shared read-only by every job, and the fraction of episodes it
/// drives in (see ``LearnerTakeover``).
public struct DatasetLearner: Sendable {
    public let model: VLAModel
    /// The model folder, as given (recorded in the files' metadata and the manifest).
    public let directory: String
    public var probability: Double

    /// Loads the model in `directory` (`int8`: its int8 weights); a bad folder is bad input.
    public init(directory: String, probability: Double, int8: Bool = false) throws(DatasetError) {
        do { model = try VLAModel.load(directory: directory, int8: int8) } catch {
            throw .badInput("--learner \(directory): \(error)")
        }
        self.directory = directory
        self.probability = probability
    }

    /// How the files' metadata and the manifest name it.
    var metadata: DemonstrationShard.LearnerMetadata { .init(model: directory, probability: probability) }
}

/// One job's means to run the learner on the row just recorded: the model sees exactly the
/// columns the training data holds (the recorder renders them once for both).
final class LearnerDriver {
    private let model: VLAModel
    private let workspace: VLAWorkspace
    private let tokenizer: InstructionTokenizer
    private var input: VLAInput

    init(_ learner: DatasetLearner) throws(DatasetError) {
        model = learner.model
        let c = model.config
        guard c.imageSize == DemonstrationCameras.size, c.joints == EpisodeRecording.jointColumns else {
            throw .badInput("--learner \(learner.directory): expects \(c.imageSize)×\(c.imageSize) images and \(c.joints) joints; "
                            + "the recorder makes \(DemonstrationCameras.size)×\(DemonstrationCameras.size) and \(EpisodeRecording.jointColumns)")
        }
        workspace = VLAWorkspace(config: c)
        tokenizer = InstructionTokenizer(config: c)
        let image = c.imageSize * c.imageSize * 3
        input = VLAInput(front: Array(repeating: 0, count: image), wrist: Array(repeating: 0, count: image),
                         events: Array(repeating: 0, count: 2 * c.imageSize * c.imageSize),
                         joints: Array(repeating: 0, count: c.joints), tool: [0, 0, 0, 0], words: [])
    }

    /// Sets the episode's instruction; throws for a word the model does not know.
    func start(instruction: String) throws(DatasetError) {
        do { input.words = try tokenizer.tokenize(instruction) } catch {
            throw .badInput("--learner: instruction \"\(instruction)\": \(error)")
        }
    }

    /// The learner's chunk for the last row of `recording`, stamped `stamp`; nil if the forward
    /// pass refuses the input (then the expert's chunk runs).
    func chunk(forLastRowOf recording: EpisodeRecording, stamp: Int64) -> ActionChunk? {
        let r = recording.rows - 1
        copy(recording.front, row: r, into: &input.front)
        copy(recording.wrist, row: r, into: &input.wrist)
        copy(recording.events, row: r, into: &input.events)
        copy(recording.joints, row: r, into: &input.joints)
        copy(recording.tool, row: r, into: &input.tool)
        do { try predict(model, input, workspace: workspace) } catch { return nil }
        return actionChunk(tokens: workspace.tokens, tool: input.tool, config: model.config, stamp: stamp)
    }

    private func copy<T>(_ column: [T], row: Int, into buffer: inout [T]) {
        let n = buffer.count, base = row * n
        for i in 0..<n { buffer[i] = column[base + i] }
    }
}
