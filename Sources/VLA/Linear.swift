/// A dense layer y = x·W + b, with W stored input-major (the transpose of PyTorch's
/// `nn.Linear.weight`) and cut into column panels so that every GEMM `apply` issues keeps Eigen's
/// packing buffers on the stack: Eigen takes them from the heap above its 128 KiB
/// EIGEN_STACK_ALLOCATION_LIMIT, and `predict` must not allocate. Immutable views into the model's
/// weight arena (hence @unchecked Sendable).
struct Linear: @unchecked Sendable {
    /// Floats per packing buffer that stay on Eigen's stack (128 KiB).
    static let stackFloats = 32 * 1024

    let inputs: Int
    let outputs: Int
    /// Columns per panel; panel p is [inputs, min(panelWidth, outputs - p * panelWidth)] row-major,
    /// stored at p * inputs * panelWidth.
    let panelWidth: Int
    /// Rows of x per GEMM, so the packed block of x stays on the stack too.
    let rowsPerCall: Int
    let weight: UnsafeBufferPointer<Float>
    let bias: UnsafeBufferPointer<Float>

    /// Packs PyTorch's [outputs, inputs] weight into panels in `arena`.
    init(torchWeight w: [Float], bias: [Float], inputs: Int, outputs: Int, arena: WeightArena) {
        self.inputs = inputs
        self.outputs = outputs
        panelWidth = min(outputs, max(8, Self.stackFloats / inputs / 8 * 8))
        rowsPerCall = max(1, Self.stackFloats / inputs)
        var packed = [Float](repeating: 0, count: w.count)
        var offset = 0
        var start = 0
        while start < outputs {
            let width = min(panelWidth, outputs - start)
            for i in 0..<inputs {
                for o in 0..<width { packed[offset + i * width + o] = w[(start + o) * inputs + i] }
            }
            offset += inputs * width
            start += width
        }
        weight = arena.store(packed)
        self.bias = arena.store(bias)
    }
}

/// y[rows, outputs] = x[rows, inputs]·W + b. `scratch` holds one panel's output when the layer has
/// more than one panel ([rowsPerCall, panelWidth] floats).
func apply(_ layer: Linear, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int,
           scratch: UnsafeMutablePointer<Float>) {
    let k = layer.inputs, n = layer.outputs, w = layer.weight.baseAddress!, b = layer.bias.baseAddress!
    var row = 0
    while row < rows {
        let m = min(layer.rowsPerCall, rows - row)
        let xs = x + row * k, ys = y + row * n
        if layer.panelWidth == n {
            gemm(xs, w, ys, m: m, k: k, n: n)
        } else {
            var start = 0
            while start < n {
                let width = min(layer.panelWidth, n - start)
                gemm(xs, w + start * k, scratch, m: m, k: k, n: width)
                for r in 0..<m {
                    let source = scratch + r * width, target = ys + r * n + start
                    for j in 0..<width { target[j] = source[j] }
                }
                start += width
            }
        }
        for r in 0..<m {
            let target = ys + r * n
            for j in 0..<n { target[j] += b[j] }
        }
        row += m
    }
}

/// Storage the model owns for its lifetime: every weight in one allocation, carved into views.
final class WeightArena: @unchecked Sendable {
    private let base: UnsafeMutableBufferPointer<Float>
    private var used = 0

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        base.initialize(repeating: 0)
    }

    deinit { base.deallocate() }

    /// Copies `values` in and returns a read-only view of the copy.
    func store(_ values: [Float]) -> UnsafeBufferPointer<Float> {
        precondition(used + values.count <= base.count, "weight arena overflow")
        let view = UnsafeMutableBufferPointer(rebasing: base[used..<used + values.count])
        _ = view.initialize(from: values)
        used += values.count
        return UnsafeBufferPointer(view)
    }
}
