/// Writes the prefix tokens' embeddings into the workspace's residual stream, in the order of
/// `training/model.py` `VLA.prefix` (without padding): front+events patches, wrist patches, front and
/// wrist keypoints, the instruction words, the proprioception token. Returns the prefix length.
func embedPrefix(_ model: VLAModel, _ input: VLAInput, _ ws: VLAWorkspace) -> Int {
    let c = model.config, d = c.dModel
    let stream = ws.stream.baseAddress!
    var row = 0

    input.front.withUnsafeBufferPointer { front in
        input.events.withUnsafeBufferPointer { events in
            patchifyFront(front.baseAddress!, events.baseAddress!, c, into: ws.patches.baseAddress!)
        }
    }
    apply(model.frontEmbed, ws.patches.baseAddress!, stream, rows: c.frontTokens, scratch: ws.panelScratch.baseAddress!)
    add(model.frontPosition.baseAddress!, into: stream, count: c.frontTokens * d)
    row += c.frontTokens

    input.wrist.withUnsafeBufferPointer { wrist in
        patchifyRGB(wrist.baseAddress!, size: c.imageSize, patch: c.wristPatch, into: ws.patches.baseAddress!)
    }
    apply(model.wristEmbed, ws.patches.baseAddress!, stream + row * d, rows: c.wristTokens, scratch: ws.panelScratch.baseAddress!)
    add(model.wristPosition.baseAddress!, into: stream + row * d, count: c.wristTokens * d)
    row += c.wristTokens

    let image = ws.stemImage.baseAddress!
    if let stem = model.frontStem {
        input.front.withUnsafeBufferPointer { front in
            input.events.withUnsafeBufferPointer { events in
                frontPixels(front.baseAddress!, events.baseAddress!, c, into: image)
            }
        }
        embedKeypoints(stem, image: image, size: c.imageSize, d: d, ws, into: stream + row * d)
        row += stem.keypoints
    }
    if let stem = model.wristStem {
        input.wrist.withUnsafeBufferPointer { wrist in
            for j in 0..<wrist.count { image[j] = Float(wrist[j]) / 255 }
        }
        embedKeypoints(stem, image: image, size: c.imageSize, d: d, ws, into: stream + row * d)
        row += stem.keypoints
    }

    let words = model.wordEmbedding.baseAddress!, wordPosition = model.wordPosition.baseAddress!
    for k in 0..<input.words.count {
        let out = stream + (row + k) * d, embedding = words + Int(input.words[k]) * d, position = wordPosition + k * d
        for j in 0..<d { out[j] = embedding[j] + position[j] }
    }
    row += input.words.count

    let p = ws.proprio.baseAddress!
    for k in 0..<c.joints {
        let q: Float = k < input.joints.count ? input.joints[k] : 0
        p[k] = (q - c.jointsMean[k]) / c.jointsStd[k]
    }
    for k in 0..<4 { p[c.joints + k] = (input.tool[k] - c.toolMean[k]) / c.toolStd[k] }
    apply(model.proprioEmbed, p, stream + row * d, rows: 1, scratch: ws.panelScratch.baseAddress!)
    return row + 1
}

/// Front RGB and the two event channels on one patch grid: row = patch (row-major), features
/// ordered (channel, dy, dx) with channels R, G, B, on, off, as `patchify` in model.py.
private func patchifyFront(_ rgb: UnsafePointer<UInt8>, _ events: UnsafePointer<UInt8>, _ c: VLAConfig,
                           into out: UnsafeMutablePointer<Float>) {
    let size = c.imageSize, patch = c.frontPatch, grid = size / patch, area = patch * patch
    let clip = c.eventClip
    for py in 0..<grid {
        for px in 0..<grid {
            let features = out + (py * grid + px) * 5 * area
            for dy in 0..<patch {
                let y = py * patch + dy
                for dx in 0..<patch {
                    let x = px * patch + dx
                    let pixel = (y * size + x) * 3
                    let f = dy * patch + dx
                    for ch in 0..<3 { features[ch * area + f] = Float(rgb[pixel + ch]) / 255 }
                    for ch in 0..<2 {
                        features[(3 + ch) * area + f] = min(Float(events[(ch * size + y) * size + x]), clip) / clip
                    }
                }
            }
        }
    }
}

/// The front stem's input, [size, size, 5] pixel-major: R, G, B, on, off scaled as in `patchifyFront`.
private func frontPixels(_ rgb: UnsafePointer<UInt8>, _ events: UnsafePointer<UInt8>, _ c: VLAConfig,
                         into out: UnsafeMutablePointer<Float>) {
    let pixels = c.imageSize * c.imageSize, clip = c.eventClip
    for p in 0..<pixels {
        let pixel = out + p * 5
        for ch in 0..<3 { pixel[ch] = Float(rgb[p * 3 + ch]) / 255 }
        for ch in 0..<2 { pixel[3 + ch] = min(Float(events[ch * pixels + p]), clip) / clip }
    }
}

/// An RGB image as patch rows with features ordered (channel, dy, dx).
private func patchifyRGB(_ rgb: UnsafePointer<UInt8>, size: Int, patch: Int, into out: UnsafeMutablePointer<Float>) {
    let grid = size / patch, area = patch * patch
    for py in 0..<grid {
        for px in 0..<grid {
            let features = out + (py * grid + px) * 3 * area
            for dy in 0..<patch {
                for dx in 0..<patch {
                    let pixel = ((py * patch + dy) * size + px * patch + dx) * 3
                    for ch in 0..<3 { features[ch * area + dy * patch + dx] = Float(rgb[pixel + ch]) / 255 }
                }
            }
        }
    }
}
