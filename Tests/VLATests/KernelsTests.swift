import Foundation
import XCTest

@testable import VLA

final class KernelsTests: XCTestCase {
    func testExp8MatchesExpf() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0137 })
            let e = exp8(lanes)
            for k in 0..<8 { worst = max(worst, abs(e[k] - expf(lanes[k])) / expf(lanes[k])) }
            x += 0.31
        }
        XCTAssertLessThan(worst, 4e-7)
    }

    func testGeluMatchesTanhFormulaIncludingTail() {
        let values: [Float] = (0..<21).map { Float($0) * 0.9 - 9 }  // 21: two SIMD blocks and a scalar tail
        var y = values
        y.withUnsafeMutableBufferPointer { geluTanh($0.baseAddress!, count: $0.count) }
        for (v, g) in zip(values, y) {
            let expected = 0.5 * Double(v) * (1 + tanh(0.7978845608028654 * (Double(v) + 0.044715 * pow(Double(v), 3))))
            XCTAssertEqual(Double(g), expected, accuracy: 1e-6, "gelu(\(v))")
        }
    }

    func testSoftmaxSumsToOneAndKeepsOrder() {
        var x: [Float] = (0..<13).map { sin(Float($0)) * 30 }
        let original = x
        x.withUnsafeMutableBufferPointer { softmax($0.baseAddress!, count: $0.count) }
        XCTAssertEqual(x.reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertEqual(x.firstIndex(of: x.max()!), original.firstIndex(of: original.max()!))
    }

    func testLayerNormZeroMeanUnitVariance() {
        let d = 16
        let x: [Float] = (0..<2 * d).map { Float($0 * $0 % 7) + 3 }
        var y = [Float](repeating: 0, count: 2 * d)
        let ones = [Float](repeating: 1, count: d), zeros = [Float](repeating: 0, count: d)
        ones.withUnsafeBufferPointer { g in zeros.withUnsafeBufferPointer { b in
            layerNorm(x, &y, rows: 2, d: d, LayerNormWeights(weight: g, bias: b, epsilon: 0))
        } }
        for r in 0..<2 {
            let row = y[r * d..<(r + 1) * d]
            XCTAssertEqual(row.reduce(0, +) / Float(d), 0, accuracy: 1e-6)
            XCTAssertEqual(row.map { $0 * $0 }.reduce(0, +) / Float(d), 1, accuracy: 1e-5)
        }
    }
}
