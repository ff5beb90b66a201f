/// The mutable side of a VLA forward pass: every activation buffer and the KV cache, sized for the
/// longest sequence the config allows and allocated once, so `predict` allocates nothing. One
/// workspace per thread; the model it was sized for may be shared.
public final class VLAWorkspace: @unchecked Sendable {
    public let config: VLAConfig
    /// Greedy tokens of the last `predict`, `decodeTokens` of them: the sub-goal's (if any), then the waypoints'.
    public var tokens: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(tokenStorage) }
    /// Logits of the last `predict`, [decodeTokens, bins] row-major: row j scored token j.
    public var logits: UnsafeBufferPointer<Float> { UnsafeBufferPointer(logitStorage) }
    /// Prefix length of the last `predict` (patches + words + proprioception token).
    public internal(set) var prefixLength = 0

    let tokenStorage: UnsafeMutableBufferPointer<Int32>
    let logitStorage: UnsafeMutableBufferPointer<Float>
    /// Residual stream [maxPrefix, d]; decode steps use its first row.
    let stream: UnsafeMutableBufferPointer<Float>
    /// LayerNorm output, attention output (pre-projection), and a d-wide scratch, each [maxPrefix, d].
    let normed: UnsafeMutableBufferPointer<Float>
    let attended: UnsafeMutableBufferPointer<Float>
    let projected: UnsafeMutableBufferPointer<Float>
    /// [maxPrefix, 3d] and [maxPrefix, hidden].
    let qkv: UnsafeMutableBufferPointer<Float>
    let hidden: UnsafeMutableBufferPointer<Float>
    /// Image patches as GEMM rows, [max(front, wrist) tokens, patch features].
    let patches: UnsafeMutableBufferPointer<Float>
    /// One weight panel's output (see `Linear`), [maxPrefix, widest layer].
    let panelScratch: UnsafeMutableBufferPointer<Float>
    /// Keypoint stems: a camera as floats [size, size, channels], im2col rows, the two convolutions'
    /// outputs and the keypoint maps, all [stemSize², ·] (one float each when the model has no stems).
    let stemImage: UnsafeMutableBufferPointer<Float>
    let stemColumns: UnsafeMutableBufferPointer<Float>
    let stemFirst: UnsafeMutableBufferPointer<Float>
    let stemSecond: UnsafeMutableBufferPointer<Float>
    let stemMaps: UnsafeMutableBufferPointer<Float>
    /// One stem's soft-argmax points, [keypoints, 2].
    let stemPoints: UnsafeMutableBufferPointer<Float>
    /// Normalised joints and tool.
    let proprio: UnsafeMutableBufferPointer<Float>
    /// KV cache, per layer and head [maxSequence, headDim]: keys at [((l * heads + h) * maxSequence + t) * headDim].
    let keys: UnsafeMutableBufferPointer<Float>
    let values: UnsafeMutableBufferPointer<Float>
    /// Prefix attention scratch: one head's queries transposed [headDim, maxPrefix], its scores
    /// keys-major [maxPrefix, maxPrefix], the probabilities [maxPrefix, maxSequence], its output [maxPrefix, headDim].
    let queriesT: UnsafeMutableBufferPointer<Float>
    let scoresT: UnsafeMutableBufferPointer<Float>
    let probabilities: UnsafeMutableBufferPointer<Float>
    let headOutput: UnsafeMutableBufferPointer<Float>

    let maxPrefix: Int
    let maxSequence: Int

    public init(config: VLAConfig) {
        self.config = config
        let d = config.dModel
        maxPrefix = config.maxPrefixTokens
        maxSequence = maxPrefix + config.decodeTokens
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            b.initialize(repeating: 0)
            return b
        }
        tokenStorage = .allocate(capacity: config.decodeTokens)
        tokenStorage.initialize(repeating: 0)
        logitStorage = buffer(config.decodeTokens * config.bins)
        stream = buffer(maxPrefix * d)
        normed = buffer(maxPrefix * d)
        attended = buffer(maxPrefix * d)
        projected = buffer(maxPrefix * d)
        qkv = buffer(maxPrefix * 3 * d)
        hidden = buffer(maxPrefix * config.hiddenSize)
        patches = buffer(max(config.frontTokens * 5 * config.frontPatch * config.frontPatch,
                             config.wristTokens * 3 * config.wristPatch * config.wristPatch))
        panelScratch = buffer(maxPrefix * max(3 * d, config.hiddenSize, config.bins))
        let hasStem = config.keypointTokens > 0, stemPixels = config.stemSize * config.stemSize
        let w1 = config.stemWidths[0], w2 = config.stemWidths[1]
        stemImage = buffer(hasStem ? config.imageSize * config.imageSize * 5 : 1)
        stemColumns = buffer(hasStem ? stemPixels * 9 * max(5, w1) : 1)
        stemFirst = buffer(hasStem ? stemPixels * w1 : 1)
        stemSecond = buffer(hasStem ? stemPixels * w2 : 1)
        stemMaps = buffer(hasStem ? stemPixels * max(config.frontKeypoints, config.wristKeypoints) : 1)
        stemPoints = buffer(2 * max(1, config.frontKeypoints, config.wristKeypoints))
        proprio = buffer(config.joints + 4)
        keys = buffer(config.layers * config.heads * maxSequence * config.headDim)
        values = buffer(config.layers * config.heads * maxSequence * config.headDim)
        queriesT = buffer(config.headDim * maxPrefix)
        scoresT = buffer(maxPrefix * maxPrefix)
        probabilities = buffer(maxPrefix * maxSequence)
        headOutput = buffer(maxPrefix * config.headDim)
    }

    deinit {
        tokenStorage.deallocate()
        for b in [logitStorage, stream, normed, attended, projected, qkv, hidden, patches, panelScratch, stemImage, stemColumns,
                  stemFirst, stemSecond, stemMaps, stemPoints, proprio, keys, values, queriesT, scoresT, probabilities, headOutput] { b.deallocate() }
    }

    /// Start of head `h`'s cached keys (or values) in layer `l`.
    @inline(__always)
    func cacheOffset(layer l: Int, head h: Int) -> Int { (l * config.heads + h) * maxSequence * config.headDim }
}
