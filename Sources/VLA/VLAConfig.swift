import Foundation

/// The architecture and the input/output conventions of a VLA, decoded from the `config.json`
/// that `training/export.py` writes beside the weights (field names as in `training/model.py`).
public struct VLAConfig: Codable, Sendable, Equatable {
    public static let format = "embody-vla/1"
    /// The action dims in token order within each waypoint.
    public static let actionDimNames = ["x", "y", "z", "yaw", "gripper"]

    public var format: String
    /// Side of the square front and wrist images (pixels); event frames match the front image.
    public var imageSize: Int
    /// Patch side of the shared front-image + events grid, and of the wrist image.
    public var frontPatch: Int
    public var wristPatch: Int
    public var dModel: Int
    public var layers: Int
    public var heads: Int
    public var mlpRatio: Int
    public var layerNormEps: Float
    /// Instruction words; index 0 is the padding word "<pad>", never produced by the tokenizer.
    public var vocabulary: [String]
    public var maxWords: Int
    /// Joint slots of the proprioception input (positions zero padded to this count).
    public var joints: Int
    /// Waypoints per action chunk and their spacing.
    public var horizon: Int
    public var waypointSpacingMs: Int
    /// Uniform bins per action dim (token values 0..<bins).
    public var bins: Int
    public var actionDims: [String]
    /// Per action dim, the binned range; relative dims are offsets from the current tool pose.
    public var actionLow: [Double]
    public var actionHigh: [Double]
    public var actionRelative: [Bool]
    /// Proprioception normalisation, (value - mean) / std.
    public var jointsMean: [Float]
    public var jointsStd: [Float]
    public var toolMean: [Float]
    public var toolStd: [Float]
    /// Event counts are clipped to this and scaled to [0, 1].
    public var eventClip: Float
    /// Soft-argmax keypoints of the front (RGB + events) and wrist (RGB) convolutional stems; 0 means
    /// no stem. Absent from configs written before the stems existed, which decode as 0.
    public var frontKeypoints: Int
    public var wristKeypoints: Int
    /// Channels of the stems' two 3x3 convolutions (the first with stride 2).
    public var stemWidths: [Int]
    /// Sub-goal tokens decoded before the waypoints: 0, or 3 (x, y, z of where the tool will be at the
    /// next grasp or release, offsets from the tool in metres, binned over goalLow...goalHigh). Absent
    /// from configs written before them, which decode as 0.
    public var goalTokens: Int
    public var goalLow: [Double]
    public var goalHigh: [Double]

    public var headDim: Int { dModel / heads }
    public var hiddenSize: Int { mlpRatio * dModel }
    public var frontTokens: Int { (imageSize / frontPatch) * (imageSize / frontPatch) }
    public var wristTokens: Int { (imageSize / wristPatch) * (imageSize / wristPatch) }
    public var keypointTokens: Int { frontKeypoints + wristKeypoints }
    public var actionTokens: Int { horizon * actionDims.count }
    /// Tokens decoded per tick: the sub-goal's, then the waypoints'.
    public var decodeTokens: Int { goalTokens + actionTokens }
    /// The longest prefix: image patches, keypoints, words, the proprioception token.
    public var maxPrefixTokens: Int { frontTokens + wristTokens + keypointTokens + maxWords + 1 }
    /// Side of a stem's feature maps (its first convolution halves the image).
    public var stemSize: Int { imageSize / 2 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        imageSize = try c.decode(Int.self, forKey: .imageSize)
        frontPatch = try c.decode(Int.self, forKey: .frontPatch)
        wristPatch = try c.decode(Int.self, forKey: .wristPatch)
        dModel = try c.decode(Int.self, forKey: .dModel)
        layers = try c.decode(Int.self, forKey: .layers)
        heads = try c.decode(Int.self, forKey: .heads)
        mlpRatio = try c.decode(Int.self, forKey: .mlpRatio)
        layerNormEps = try c.decode(Float.self, forKey: .layerNormEps)
        vocabulary = try c.decode([String].self, forKey: .vocabulary)
        maxWords = try c.decode(Int.self, forKey: .maxWords)
        joints = try c.decode(Int.self, forKey: .joints)
        horizon = try c.decode(Int.self, forKey: .horizon)
        waypointSpacingMs = try c.decode(Int.self, forKey: .waypointSpacingMs)
        bins = try c.decode(Int.self, forKey: .bins)
        actionDims = try c.decode([String].self, forKey: .actionDims)
        actionLow = try c.decode([Double].self, forKey: .actionLow)
        actionHigh = try c.decode([Double].self, forKey: .actionHigh)
        actionRelative = try c.decode([Bool].self, forKey: .actionRelative)
        jointsMean = try c.decode([Float].self, forKey: .jointsMean)
        jointsStd = try c.decode([Float].self, forKey: .jointsStd)
        toolMean = try c.decode([Float].self, forKey: .toolMean)
        toolStd = try c.decode([Float].self, forKey: .toolStd)
        eventClip = try c.decode(Float.self, forKey: .eventClip)
        frontKeypoints = try c.decodeIfPresent(Int.self, forKey: .frontKeypoints) ?? 0
        wristKeypoints = try c.decodeIfPresent(Int.self, forKey: .wristKeypoints) ?? 0
        stemWidths = try c.decodeIfPresent([Int].self, forKey: .stemWidths) ?? [16, 32]
        goalTokens = try c.decodeIfPresent(Int.self, forKey: .goalTokens) ?? 0
        goalLow = try c.decodeIfPresent([Double].self, forKey: .goalLow) ?? []
        goalHigh = try c.decodeIfPresent([Double].self, forKey: .goalHigh) ?? []
    }

    /// Reads and checks `path`; a missing key, wrong type or inconsistent size is one line naming it.
    public static func load(path: String) throws(VLAError) -> VLAConfig {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw VLAError("\(path): cannot read (\(error.localizedDescription))")
        }
        return try decode(data, name: path)
    }

    public static func decode(_ data: Data, name: String) throws(VLAError) -> VLAConfig {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let config: VLAConfig
        do {
            config = try decoder.decode(VLAConfig.self, from: data)
        } catch let error as DecodingError {
            throw VLAError("\(name): \(Self.describe(error))")
        } catch {
            throw VLAError("\(name): \(error)")
        }
        try config.validate(name: name)
        return config
    }

    /// Checks the sizes agree with each other and with what the Swift inference supports.
    public func validate(name: String) throws(VLAError) {
        func fail(_ reason: String) -> VLAError { VLAError("\(name): \(reason)") }
        guard format == Self.format else { throw fail("format \"\(format)\", expected \"\(Self.format)\"") }
        for (key, value) in [("image_size", imageSize), ("front_patch", frontPatch), ("wrist_patch", wristPatch),
                             ("d_model", dModel), ("layers", layers), ("heads", heads), ("mlp_ratio", mlpRatio),
                             ("max_words", maxWords), ("joints", joints), ("horizon", horizon), ("bins", bins)] {
            guard value > 0 else { throw fail("\(key) is \(value), expected > 0") }
        }
        guard imageSize % frontPatch == 0, imageSize % wristPatch == 0 else {
            throw fail("image_size \(imageSize) is not a multiple of front_patch \(frontPatch) and wrist_patch \(wristPatch)")
        }
        guard dModel % heads == 0 else { throw fail("d_model \(dModel) is not a multiple of heads \(heads)") }
        guard actionDims == Self.actionDimNames else { throw fail("action_dims \(actionDims), expected \(Self.actionDimNames)") }
        guard horizon <= 8 else { throw fail("horizon \(horizon) exceeds the 8 waypoints of an ActionChunk") }
        guard bins >= 2, bins <= Int(Int32.max) else { throw fail("bins \(bins), expected at least 2") }
        for (key, count) in [("action_low", actionLow.count), ("action_high", actionHigh.count), ("action_relative", actionRelative.count)] {
            guard count == actionDims.count else { throw fail("\(key) has \(count) values, expected \(actionDims.count)") }
        }
        for k in actionLow.indices where !(actionLow[k] < actionHigh[k]) {
            throw fail("action dim \(actionDims[k]): range [\(actionLow[k]), \(actionHigh[k])] is empty")
        }
        for (key, values, count) in [("joints_mean", jointsMean, joints), ("joints_std", jointsStd, joints),
                                     ("tool_mean", toolMean, 4), ("tool_std", toolStd, 4)] {
            guard values.count == count else { throw fail("\(key) has \(values.count) values, expected \(count)") }
        }
        for (key, values) in [("joints_std", jointsStd), ("tool_std", toolStd)] where values.contains(where: { !($0 > 0) }) {
            throw fail("\(key) \(values) has a value that is not > 0")
        }
        guard eventClip > 0 else { throw fail("event_clip \(eventClip), expected > 0") }
        for (key, value) in [("front_keypoints", frontKeypoints), ("wrist_keypoints", wristKeypoints)] where value < 0 {
            throw fail("\(key) is \(value), expected >= 0")
        }
        guard stemWidths.count == 2, stemWidths.allSatisfy({ $0 > 0 }) else {
            throw fail("stem_widths \(stemWidths), expected two channel counts > 0")
        }
        guard goalTokens == 0 || goalTokens == 3 else { throw fail("goal_tokens is \(goalTokens), expected 0 or 3") }
        for (key, count) in [("goal_low", goalLow.count), ("goal_high", goalHigh.count)] where count != goalTokens {
            throw fail("\(key) has \(count) values, expected goal_tokens = \(goalTokens)")
        }
        for k in goalLow.indices where !(goalLow[k] < goalHigh[k]) {
            throw fail("goal dim \(k): range [\(goalLow[k]), \(goalHigh[k])] is empty")
        }
        guard keypointTokens == 0 || imageSize % 2 == 0 else { throw fail("image_size \(imageSize) must be even for the keypoint stems") }
        guard vocabulary.first == "<pad>" else { throw fail("vocabulary must start with \"<pad>\"") }
        guard Set(vocabulary).count == vocabulary.count else { throw fail("vocabulary has a repeated word") }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let snake = key.stringValue.replacing(/([A-Z])/) { "_" + $0.output.1.lowercased() }
            let prefix = context.codingPath.isEmpty ? "" : path(context.codingPath) + "."
            return "missing key \"\(prefix)\(snake)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "key \"\(path(context.codingPath))\": \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
                .replacingOccurrences(of: "\n", with: " ")
        @unknown default:
            return "\(error)".replacingOccurrences(of: "\n", with: " ")
        }
    }
}
