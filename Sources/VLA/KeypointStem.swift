import Foundation

/// One camera's convolutional stem and its keypoint tokens (`KeypointStem` and `VLA.keypoint_tokens`
/// in training/model.py): conv 3x3 stride 2 → ReLU → conv 3x3 → ReLU → conv 1x1 to K maps → spatial
/// soft-argmax → token k = x·keypointX[k] + y·keypointY[k] + keypointPosition[k]. The convolutions
/// run as im2col + GEMM on Eigen, with feature maps stored pixel-major ([pixels, channels]).
struct KeypointStemWeights: @unchecked Sendable {
    let channels: Int
    let keypoints: Int
    /// The convolutions as dense layers over im2col rows (inputs ordered channel, ky, kx, as PyTorch's
    /// [out, in, 3, 3] weight flattened).
    let conv1: Linear, conv2: Linear, points: Linear
    let keypointX: UnsafeBufferPointer<Float>, keypointY: UnsafeBufferPointer<Float>
    let keypointPosition: UnsafeBufferPointer<Float>
}

/// Writes the stem's K keypoint tokens to `out` ([K, d]). `image` is the camera as floats,
/// [size, size, channels] pixel-major; the workspace's stem buffers hold the intermediate maps.
func embedKeypoints(_ stem: KeypointStemWeights, image: UnsafePointer<Float>, size: Int, d: Int,
                    _ ws: VLAWorkspace, into out: UnsafeMutablePointer<Float>) {
    let half = size / 2, pixels = half * half
    let columns = ws.stemColumns.baseAddress!, first = ws.stemFirst.baseAddress!, second = ws.stemSecond.baseAddress!
    let maps = ws.stemMaps.baseAddress!, scratch = ws.panelScratch.baseAddress!
    im2col3x3(image, size: size, channels: stem.channels, stride: 2, into: columns)
    apply(stem.conv1, columns, first, rows: pixels, scratch: scratch)
    relu(first, count: pixels * stem.conv1.outputs)
    im2col3x3(first, size: half, channels: stem.conv1.outputs, stride: 1, into: columns)
    apply(stem.conv2, columns, second, rows: pixels, scratch: scratch)
    relu(second, count: pixels * stem.conv2.outputs)
    apply(stem.points, second, maps, rows: pixels, scratch: scratch)

    let k = stem.keypoints, points = ws.stemPoints.baseAddress!
    softArgmax(maps, side: half, maps: k, into: points)
    let kx = stem.keypointX.baseAddress!, ky = stem.keypointY.baseAddress!, kp = stem.keypointPosition.baseAddress!
    for m in 0..<k {
        let x = points[2 * m], y = points[2 * m + 1], token = out + m * d
        for j in 0..<d { token[j] = x * kx[m * d + j] + y * ky[m * d + j] + kp[m * d + j] }
    }
}

/// Spatial soft-argmax (`spatial_soft_argmax` in model.py): for each of `maps` channels of
/// `features` ([side², maps] pixel-major), the expected (x, y) under its softmax over pixels, in
/// [-1, 1] at pixel centres (x right, y down), written to `points` as [maps, 2].
func softArgmax(_ features: UnsafePointer<Float>, side: Int, maps: Int, into points: UnsafeMutablePointer<Float>) {
    let pixels = side * side
    for m in 0..<maps {
        var top = -Float.infinity
        for p in 0..<pixels where features[p * maps + m] > top { top = features[p * maps + m] }
        var sum: Float = 0, sx: Float = 0, sy: Float = 0
        for py in 0..<side {
            var row: Float = 0, rowX: Float = 0
            for px in 0..<side {
                let e = expf(features[(py * side + px) * maps + m] - top)
                row += e
                rowX += e * ((Float(px) + 0.5) / Float(side) * 2 - 1)
            }
            sum += row
            sx += rowX
            sy += row * ((Float(py) + 0.5) / Float(side) * 2 - 1)
        }
        points[2 * m] = sx / sum
        points[2 * m + 1] = sy / sum
    }
}

/// im2col for a 3x3 convolution with padding 1: row = output pixel (row-major), columns ordered
/// (channel, ky, kx); taps outside the image are 0. `image` is [size, size, channels].
private func im2col3x3(_ image: UnsafePointer<Float>, size: Int, channels: Int, stride: Int,
                       into out: UnsafeMutablePointer<Float>) {
    let outSize = (size - 1) / stride + 1, width = channels * 9
    for oy in 0..<outSize {
        for ox in 0..<outSize {
            let row = out + (oy * outSize + ox) * width
            for ky in 0..<3 {
                let iy = oy * stride - 1 + ky
                for kx in 0..<3 {
                    let ix = ox * stride - 1 + kx
                    let inside = iy >= 0 && iy < size && ix >= 0 && ix < size
                    let pixel = image + (inside ? (iy * size + ix) * channels : 0)
                    for c in 0..<channels { row[c * 9 + ky * 3 + kx] = inside ? pixel[c] : 0 }
                }
            }
        }
    }
}

@inline(__always)
private func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
    for j in 0..<count where x[j] < 0 { x[j] = 0 }
}
