import Tensors

/// A VLA's constant part: its config and weights, loaded once and shared read-only by any number of
/// `VLAWorkspace`s. Weights are checked against the config tensor by tensor (name, shape, dtype),
/// transposed for row-major GEMM, and, for an int8 file, dequantised with their per-output-channel
/// scales at load: the products run in F32 either way, so int8 shrinks the file fourfold, not the FLOPs.
public final class VLAModel: @unchecked Sendable {
    public let config: VLAConfig
    /// Whether the weights came from an int8 file (linear weights with per-channel scales).
    public let quantized: Bool
    public let parameterCount: Int

    let frontEmbed: Linear, wristEmbed: Linear, proprioEmbed: Linear
    let frontStem: KeypointStemWeights?, wristStem: KeypointStemWeights?
    let frontPosition: UnsafeBufferPointer<Float>, wristPosition: UnsafeBufferPointer<Float>
    let wordEmbedding: UnsafeBufferPointer<Float>, wordPosition: UnsafeBufferPointer<Float>
    let actionBOS: UnsafeBufferPointer<Float>, actionEmbedding: UnsafeBufferPointer<Float>
    let actionPosition: UnsafeBufferPointer<Float>
    let blocks: [TransformerBlockWeights]
    let finalNorm: LayerNormWeights
    let head: Linear
    private let arena: WeightArena

    /// `directory` holds `config.json` and `model.safetensors` (or `model-int8.safetensors`).
    public static func load(directory: String, int8: Bool = false) throws(VLAError) -> VLAModel {
        let config = try VLAConfig.load(path: directory + "/config.json")
        let path = directory + (int8 ? "/model-int8.safetensors" : "/model.safetensors")
        let weights: SafetensorsFile
        do { weights = try SafetensorsFile(path: path) } catch { throw VLAError(error.description) }
        return try VLAModel(config: config, weights: weights, configName: directory + "/config.json")
    }

    public init(config: VLAConfig, weights: SafetensorsFile, configName: String = "config.json") throws(VLAError) {
        try config.validate(name: configName)
        var reader = WeightReader(file: weights, configName: configName)
        let c = config, d = c.dModel
        arena = WeightArena(capacity: Self.parameterCount(c))
        let arena = self.arena
        func linear(_ name: String, _ inputs: Int, _ outputs: Int) throws(VLAError) -> Linear {
            let w = try reader.matrix(name + ".weight", rows: outputs, columns: inputs)
            let b = try reader.vector(name + ".bias", outputs)
            return Linear(torchWeight: w, bias: b, inputs: inputs, outputs: outputs, arena: arena)
        }
        func table(_ name: String, _ shape: [Int]) throws(VLAError) -> UnsafeBufferPointer<Float> {
            arena.store(try reader.floats(name, shape))
        }
        func norm(_ name: String) throws(VLAError) -> LayerNormWeights {
            LayerNormWeights(weight: arena.store(try reader.vector(name + ".weight", d)),
                             bias: arena.store(try reader.vector(name + ".bias", d)), epsilon: c.layerNormEps)
        }
        frontEmbed = try linear("front_embed", 5 * c.frontPatch * c.frontPatch, d)
        wristEmbed = try linear("wrist_embed", 3 * c.wristPatch * c.wristPatch, d)
        func stem(_ camera: String, channels: Int, keypoints: Int) throws(VLAError) -> KeypointStemWeights? {
            guard keypoints > 0 else { return nil }
            func conv(_ name: String, _ inputs: Int, _ outputs: Int, kernel: Int) throws(VLAError) -> Linear {
                let w = try reader.floats(name + ".weight", [outputs, inputs, kernel, kernel])
                let b = try reader.vector(name + ".bias", outputs)
                return Linear(torchWeight: w, bias: b, inputs: inputs * kernel * kernel, outputs: outputs, arena: arena)
            }
            let p = camera + "_stem.", w1 = c.stemWidths[0], w2 = c.stemWidths[1]
            return KeypointStemWeights(
                channels: channels, keypoints: keypoints,
                conv1: try conv(p + "conv1", channels, w1, kernel: 3), conv2: try conv(p + "conv2", w1, w2, kernel: 3),
                points: try conv(p + "points", w2, keypoints, kernel: 1),
                keypointX: try table(camera + "_kp_x", [keypoints, d]), keypointY: try table(camera + "_kp_y", [keypoints, d]),
                keypointPosition: try table(camera + "_kp_pos", [keypoints, d]))
        }
        frontStem = try stem("front", channels: 5, keypoints: c.frontKeypoints)
        wristStem = try stem("wrist", channels: 3, keypoints: c.wristKeypoints)
        frontPosition = try table("front_pos", [c.frontTokens, d])
        wristPosition = try table("wrist_pos", [c.wristTokens, d])
        wordEmbedding = try table("word_embed.weight", [c.vocabulary.count, d])
        wordPosition = try table("word_pos", [c.maxWords, d])
        proprioEmbed = try linear("proprio_embed", c.joints + 4, d)
        actionBOS = try table("action_bos", [d])
        actionEmbedding = try table("action_embed.weight", [c.bins, d])
        actionPosition = try table("action_pos", [c.decodeTokens, d])
        var blocks: [TransformerBlockWeights] = []
        for l in 0..<c.layers {
            let p = "blocks.\(l)."
            blocks.append(TransformerBlockWeights(
                norm1: try norm(p + "ln1"), qkv: try linear(p + "qkv", d, 3 * d), projection: try linear(p + "proj", d, d),
                norm2: try norm(p + "ln2"), up: try linear(p + "fc1", d, c.hiddenSize), down: try linear(p + "fc2", c.hiddenSize, d)))
        }
        self.blocks = blocks
        finalNorm = try norm("ln_f")
        head = try linear("head", d, c.bins)
        try reader.checkAllUsed()
        self.config = config
        quantized = reader.sawInt8
        parameterCount = Self.parameterCount(c)
    }

    /// Parameters of the architecture `config` describes (the F32 element count of its weights).
    public static func parameterCount(_ c: VLAConfig) -> Int {
        let d = c.dModel, f = c.hiddenSize
        let embeddings = (5 * c.frontPatch * c.frontPatch + 1) * d + (3 * c.wristPatch * c.wristPatch + 1) * d
            + (c.frontTokens + c.wristTokens + c.vocabulary.count + c.maxWords + 1 + c.bins + c.decodeTokens) * d
            + (c.joints + 5) * d
        var stems = 0
        for (channels, k) in [(5, c.frontKeypoints), (3, c.wristKeypoints)] where k > 0 {
            let w1 = c.stemWidths[0], w2 = c.stemWidths[1]
            stems += (channels * 9 + 1) * w1 + (w1 * 9 + 1) * w2 + (w2 + 1) * k + 3 * k * d
        }
        let block = 4 * d + (d + 1) * 3 * d + (d + 1) * d + (d + 1) * f + (f + 1) * d
        return embeddings + stems + c.layers * block + 2 * d + (d + 1) * c.bins
    }
}

/// Reads tensors by the names `training/model.py` gives them, checking shape and dtype against the
/// config and remembering which were used so extra tensors (a config/weights mismatch) are caught.
private struct WeightReader {
    let file: SafetensorsFile
    let configName: String
    var used: Set<String> = []
    var sawInt8 = false

    init(file: SafetensorsFile, configName: String) {
        self.file = file
        self.configName = configName
    }

    mutating func floats(_ name: String, _ shape: [Int]) throws(VLAError) -> [Float] {
        guard file.contains(name) else {
            throw VLAError("\(file.name): no tensor \"\(name)\" (\(configName) expects shape \(shape))")
        }
        let info: TensorInfo
        do { info = try file.info(name) } catch { throw VLAError(error.description) }
        guard info.shape == shape else {
            throw VLAError("\(file.name): tensor \"\(name)\" has shape \(info.shape), but \(configName) expects \(shape)")
        }
        used.insert(name)
        if info.dtype == .i8, shape.count == 2 {
            let scaleName = name + "_scale"
            guard file.contains(scaleName) else {
                throw VLAError("\(file.name): tensor \"\(name)\" is I8 but \"\(scaleName)\" (F32 [\(shape[0])]) is missing")
            }
            let scale = try floats(scaleName, [shape[0]])
            let q: [Int8]
            do { q = try file.int8s(name) } catch { throw VLAError(error.description) }
            sawInt8 = true
            var out = [Float](repeating: 0, count: q.count)
            for r in 0..<shape[0] { for k in 0..<shape[1] { out[r * shape[1] + k] = Float(q[r * shape[1] + k]) * scale[r] } }
            return out
        }
        do { return try file.floats(name) } catch { throw VLAError(error.description) }
    }

    mutating func matrix(_ name: String, rows: Int, columns: Int) throws(VLAError) -> [Float] {
        try floats(name, [rows, columns])
    }

    mutating func vector(_ name: String, _ count: Int) throws(VLAError) -> [Float] {
        try floats(name, [count])
    }

    func checkAllUsed() throws(VLAError) {
        if let extra = file.tensors.first(where: { !used.contains($0.name) }) {
            throw VLAError("\(file.name): tensor \"\(extra.name)\" \(extra.shape) is not part of the model \(configName) describes")
        }
    }
}
