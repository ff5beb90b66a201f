import Foundation
import LinearAlgebra

/// LayerNorm's learned scale and shift.
struct LayerNormWeights: @unchecked Sendable {
    let weight: UnsafeBufferPointer<Float>
    let bias: UnsafeBufferPointer<Float>
    let epsilon: Float
}

/// Row-major C[m, n] = A[m, k]·B[k, n] through Eigen. Sizes come from the validated config, so a
/// mismatch is a programming error, not bad input.
@inline(__always)
func gemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, m: Int, k: Int, n: Int) {
    do {
        try matrixMultiply(UnsafeBufferPointer(start: a, count: m * k), UnsafeBufferPointer(start: b, count: k * n),
                           into: UnsafeMutableBufferPointer(start: c, count: m * n), m: m, k: k, n: n)
    } catch {
        fatalError("VLA GEMM \(m)x\(k)x\(n): \(error)")
    }
}

/// LayerNorm over each of `rows` rows of width `d` (biased variance, accumulated in Double).
func layerNorm(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, d: Int, _ w: LayerNormWeights) {
    let gamma = w.weight.baseAddress!, beta = w.bias.baseAddress!
    for r in 0..<rows {
        let xr = x + r * d, yr = y + r * d
        var sum = 0.0
        for j in 0..<d { sum += Double(xr[j]) }
        let mean = sum / Double(d)
        var squares = 0.0
        for j in 0..<d {
            let e = Double(xr[j]) - mean
            squares += e * e
        }
        let rstd = Float(1 / (squares / Double(d) + Double(w.epsilon)).squareRoot())
        let m = Float(mean)
        for j in 0..<d { yr[j] = (xr[j] - m) * rstd * gamma[j] + beta[j] }
    }
}

/// GELU, tanh approximation, in place: 0.5·x·(1 + tanh(u)) with u = √(2/π)(x + 0.044715x³), computed as
/// the equal x / (1 + e^(-2u)) eight lanes at a time (glibc's tanhf was a tenth of predict).
func geluTanh(_ x: UnsafeMutablePointer<Float>, count: Int) {
    let beta: Float = 0.7978845608028654  // sqrt(2/pi)
    let kappa: Float = 0.044715
    var j = 0
    while j + 8 <= count {
        let v = load8(x + j)
        let u = beta * (v + kappa * v * v * v)
        store8(v / (1 + exp8(-2 * u)), x + j)
        j += 8
    }
    while j < count {
        let v = x[j]
        x[j] = 0.5 * v * (1 + tanhf(beta * (v + kappa * v * v * v)))
        j += 1
    }
}

/// In-place softmax of `count` values.
@inline(__always)
func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
    var top = -Float.infinity
    for j in 0..<count where x[j] > top { top = x[j] }
    var sum: Float = 0
    var j = 0
    while j + 8 <= count {
        let e = exp8(load8(x + j) - top)
        store8(e, x + j)
        sum += e.sum()
        j += 8
    }
    while j < count {
        let e = expf(x[j] - top)
        x[j] = e
        sum += e
        j += 1
    }
    let inverse = 1 / sum
    for j in 0..<count { x[j] *= inverse }
}

/// e^x in eight lanes (Cephes' expf polynomial, about 1 ulp over the clamped range).
@inline(__always)
func exp8(_ input: SIMD8<Float>) -> SIMD8<Float> {
    var x = input.clamped(lowerBound: SIMD8(repeating: -87), upperBound: SIMD8(repeating: 88))
    let n = (x * 1.44269504088896341 + 0.5).rounded(.down)
    x = x - n * 0.693359375 + n * 2.12194440e-4
    var y = SIMD8<Float>(repeating: 1.9875691500e-4)
    y = y * x + 1.3981999507e-3
    y = y * x + 8.3334519073e-3
    y = y * x + 4.1665795894e-2
    y = y * x + 1.6666665459e-1
    y = y * x + 5.0000001201e-1
    y = y * (x * x) + x + 1
    // 2^n by building the float's exponent bits; n (integral, |n| <= 127) becomes an Int32 via
    // the 1.5·2^23 trick, since the generic SIMD float-to-int conversion is not inlined.
    let integer = unsafeBitCast(n + 12_582_912, to: SIMD8<Int32>.self) &- 0x4B40_0000
    return y * unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
}

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self) }

/// y[j] += x[j] for `count` values.
@inline(__always)
func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
    for j in 0..<count { y[j] += x[j] }
}
