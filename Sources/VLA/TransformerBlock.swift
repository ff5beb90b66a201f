/// One pre-norm transformer block's weights (`blocks.<l>.*` in model.py).
struct TransformerBlockWeights: @unchecked Sendable {
    let norm1: LayerNormWeights
    let qkv: Linear
    let projection: Linear
    let norm2: LayerNormWeights
    let up: Linear
    let down: Linear
}

/// Block `layer` over the whole prefix at once (bidirectional attention among its `rows` tokens),
/// filling the KV cache's first `rows` positions. Products are batched GEMMs.
func prefixBlock(_ model: VLAModel, layer: Int, rows: Int, _ ws: VLAWorkspace) {
    let c = model.config, d = c.dModel, dh = c.headDim
    let w = model.blocks[layer]
    let stream = ws.stream.baseAddress!, normed = ws.normed.baseAddress!, qkv = ws.qkv.baseAddress!
    let attended = ws.attended.baseAddress!
    let qT = ws.queriesT.baseAddress!, sT = ws.scoresT.baseAddress!, probs = ws.probabilities.baseAddress!
    let headOut = ws.headOutput.baseAddress!
    let scale = 1 / Float(dh).squareRoot()

    layerNorm(stream, normed, rows: rows, d: d, w.norm1)
    apply(w.qkv, normed, qkv, rows: rows, scratch: ws.panelScratch.baseAddress!)
    for h in 0..<c.heads {
        let keys = ws.keys.baseAddress! + ws.cacheOffset(layer: layer, head: h)
        let values = ws.values.baseAddress! + ws.cacheOffset(layer: layer, head: h)
        for i in 0..<rows {
            let source = qkv + i * 3 * d + h * dh
            for j in 0..<dh {
                qT[j * rows + i] = source[j]
                keys[i * dh + j] = source[d + j]
                values[i * dh + j] = source[2 * d + j]
            }
        }
        // Scores keys-major (K·Qᵀ keeps both operands contiguous), then each query's row.
        gemm(keys, qT, sT, m: rows, k: dh, n: rows)
        for i in 0..<rows {
            let p = probs + i * rows
            for j in 0..<rows { p[j] = sT[j * rows + i] * scale }
            softmax(p, count: rows)
        }
        gemm(probs, values, headOut, m: rows, k: rows, n: dh)
        for i in 0..<rows {
            let target = attended + i * d + h * dh, source = headOut + i * dh
            for j in 0..<dh { target[j] = source[j] }
        }
    }
    feedForward(w, rows: rows, ws)
}

/// Block `layer` for the single token in stream row 0 at sequence position `position`, attending
/// to the cached positions 0...position (causal), and caching its own key and value.
func stepBlock(_ model: VLAModel, layer: Int, position: Int, _ ws: VLAWorkspace) {
    let c = model.config, d = c.dModel, dh = c.headDim
    let w = model.blocks[layer]
    let stream = ws.stream.baseAddress!, normed = ws.normed.baseAddress!, qkv = ws.qkv.baseAddress!
    let attended = ws.attended.baseAddress!, probs = ws.probabilities.baseAddress!
    let scale = 1 / Float(dh).squareRoot()

    layerNorm(stream, normed, rows: 1, d: d, w.norm1)
    apply(w.qkv, normed, qkv, rows: 1, scratch: ws.panelScratch.baseAddress!)
    let count = position + 1
    for h in 0..<c.heads {
        let keys = ws.keys.baseAddress! + ws.cacheOffset(layer: layer, head: h)
        let values = ws.values.baseAddress! + ws.cacheOffset(layer: layer, head: h)
        let q = qkv + h * dh
        for j in 0..<dh {
            keys[position * dh + j] = qkv[d + h * dh + j]
            values[position * dh + j] = qkv[2 * d + h * dh + j]
        }
        for t in 0..<count {
            let k = keys + t * dh
            var s: Float = 0
            for j in 0..<dh { s += q[j] * k[j] }
            probs[t] = s * scale
        }
        softmax(probs, count: count)
        let out = attended + h * dh
        for j in 0..<dh { out[j] = 0 }
        for t in 0..<count {
            let v = values + t * dh, p = probs[t]
            for j in 0..<dh { out[j] += p * v[j] }
        }
    }
    feedForward(w, rows: 1, ws)
}

/// The rest of a block once `attended` holds the heads' outputs: projection and residual, then
/// the MLP and residual.
private func feedForward(_ w: TransformerBlockWeights, rows: Int, _ ws: VLAWorkspace) {
    let d = w.projection.outputs
    let stream = ws.stream.baseAddress!, normed = ws.normed.baseAddress!, projected = ws.projected.baseAddress!
    let hidden = ws.hidden.baseAddress!
    apply(w.projection, ws.attended.baseAddress!, projected, rows: rows, scratch: ws.panelScratch.baseAddress!)
    add(projected, into: stream, count: rows * d)
    layerNorm(stream, normed, rows: rows, d: d, w.norm2)
    apply(w.up, normed, hidden, rows: rows, scratch: ws.panelScratch.baseAddress!)
    geluTanh(hidden, count: rows * w.up.outputs)
    apply(w.down, hidden, projected, rows: rows, scratch: ws.panelScratch.baseAddress!)
    add(projected, into: stream, count: rows * d)
}
