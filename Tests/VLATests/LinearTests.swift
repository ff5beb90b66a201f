import XCTest

@testable import VLA

final class LinearTests: XCTestCase {
    /// A layer wide and deep enough to be cut into panels and row chunks gives the plain product.
    func testPanelledProductEqualsNaive() {
        for (inputs, outputs, rows) in [(512, 200, 70), (768, 64, 5), (64, 384, 3), (12, 8, 1)] {
            let arena = WeightArena(capacity: inputs * outputs + outputs)
            let w = (0..<outputs * inputs).map { Float(($0 * 7919) % 23) / 23 - 0.5 }
            let b = (0..<outputs).map { Float($0 % 5) }
            let layer = Linear(torchWeight: w, bias: b, inputs: inputs, outputs: outputs, arena: arena)
            XCTAssertLessThanOrEqual(layer.panelWidth * inputs, Linear.stackFloats)
            let x = (0..<rows * inputs).map { Float(($0 * 104729) % 31) / 31 - 0.5 }
            var y = [Float](repeating: 0, count: rows * outputs)
            var scratch = [Float](repeating: 0, count: rows * outputs)
            apply(layer, x, &y, rows: rows, scratch: &scratch)
            for r in 0..<rows {
                for o in 0..<outputs {
                    var s = Double(b[o])
                    for i in 0..<inputs { s += Double(x[r * inputs + i]) * Double(w[o * inputs + i]) }
                    XCTAssertEqual(Double(y[r * outputs + o]), s, accuracy: 1e-3, "\(inputs)x\(outputs) row \(r) col \(o)")
                }
            }
        }
    }
}
