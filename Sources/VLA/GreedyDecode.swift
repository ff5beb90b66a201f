/// One planner tick: encodes the prefix once (filling the KV cache), then decodes the sub-goal and
/// action tokens one at a time, each step feeding the previous token's embedding, greedily
/// (argmax, first index on ties, as `torch.argmax`). Results are in `workspace.tokens` and `workspace.logits`.
/// Allocation-free once the workspace exists.
///
/// - Parameter forcedTokens: teacher forcing: feed these tokens instead of the argmax (the logits
///   then score the given sequence, as the reference fixtures and training do). Tokens reported
///   are still the argmax of each step.
public func predict(_ model: VLAModel, _ input: VLAInput, workspace ws: VLAWorkspace,
                    forcedTokens: [Int32]? = nil) throws(VLAError) {
    let c = model.config, d = c.dModel
    guard ws.config == c else { throw VLAError("VLA workspace was sized for a different config than the model's") }
    try input.validate(c)
    if let forcedTokens {
        guard forcedTokens.count == c.decodeTokens else {
            throw VLAError("VLA forced tokens: \(forcedTokens.count), expected \(c.decodeTokens)")
        }
        for k in 0..<forcedTokens.count where forcedTokens[k] < 0 || Int(forcedTokens[k]) >= c.bins {
            throw VLAError("VLA forced token \(forcedTokens[k]) outside 0..<\(c.bins)")
        }
    }

    let prefix = embedPrefix(model, input, ws)
    ws.prefixLength = prefix
    for layer in 0..<c.layers { prefixBlock(model, layer: layer, rows: prefix, ws) }

    let stream = ws.stream.baseAddress!, normed = ws.normed.baseAddress!
    var previous: Int32 = -1
    for j in 0..<c.decodeTokens {
        let embedding = j == 0 ? model.actionBOS.baseAddress! : model.actionEmbedding.baseAddress! + Int(previous) * d
        let position = model.actionPosition.baseAddress! + j * d
        for k in 0..<d { stream[k] = embedding[k] + position[k] }
        for layer in 0..<c.layers { stepBlock(model, layer: layer, position: prefix + j, ws) }
        layerNorm(stream, normed, rows: 1, d: d, model.finalNorm)
        let logits = ws.logitStorage.baseAddress! + j * c.bins
        apply(model.head, normed, logits, rows: 1, scratch: ws.panelScratch.baseAddress!)
        var best = 0
        for b in 1..<c.bins where logits[b] > logits[best] { best = b }
        ws.tokenStorage[j] = Int32(best)
        previous = forcedTokens?[j] ?? Int32(best)
    }
}
