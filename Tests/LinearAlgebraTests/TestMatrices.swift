// Independent reference math for the LinearAlgebra tests: plain Swift loops, no NativeKit, so a bug in the
// Eigen shims cannot hide in the expected values.

/// Deterministic generator (SplitMix64) so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Row-major dense matrix helpers.
enum Reference {
    static func random(_ rows: Int, _ cols: Int, using rng: inout SeededGenerator) -> [Double] {
        (0..<rows * cols).map { _ in Double.random(in: -1...1, using: &rng) }
    }

    /// C = A·B by the textbook triple loop.
    static func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += a[i * k + p] * b[p * n + j] }
                c[i * n + j] = sum
            }
        }
        return c
    }

    static func transpose(_ a: [Double], rows: Int, cols: Int) -> [Double] {
        var t = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows { for j in 0..<cols { t[j * rows + i] = a[i * cols + j] } }
        return t
    }

    /// A random symmetric positive-definite matrix B·Bᵀ + shift·I.
    static func spd(_ n: Int, shift: Double, using rng: inout SeededGenerator) -> [Double] {
        let b = random(n, n, using: &rng)
        var a = multiply(b, transpose(b, rows: n, cols: n), m: n, k: n, n: n)
        for i in 0..<n { a[i * n + i] += shift }
        return a
    }

    /// Solves A x = b by Gaussian elimination with partial pivoting (A square, row-major).
    static func solve(_ a: [Double], _ b: [Double], n: Int) -> [Double] {
        var m = a, x = b
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0 * n + col]) < abs(m[$1 * n + col]) }!
            if pivot != col {
                for j in 0..<n { m.swapAt(col * n + j, pivot * n + j) }
                x.swapAt(col, pivot)
            }
            for row in (col + 1)..<n {
                let factor = m[row * n + col] / m[col * n + col]
                for j in col..<n { m[row * n + j] -= factor * m[col * n + j] }
                x[row] -= factor * x[col]
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[row]
            for j in (row + 1)..<n { sum -= m[row * n + j] * x[j] }
            x[row] = sum / m[row * n + row]
        }
        return x
    }

    /// A random orthogonal n x n matrix (Gram–Schmidt on random columns, twice for accuracy).
    static func orthogonal(_ n: Int, using rng: inout SeededGenerator) -> [Double] {
        var q = random(n, n, using: &rng)
        for _ in 0..<2 {
            for j in 0..<n {
                for p in 0..<j {
                    var dot = 0.0
                    for i in 0..<n { dot += q[i * n + j] * q[i * n + p] }
                    for i in 0..<n { q[i * n + j] -= dot * q[i * n + p] }
                }
                let norm = (0..<n).reduce(0.0) { $0 + q[$1 * n + j] * q[$1 * n + j] }.squareRoot()
                for i in 0..<n { q[i * n + j] /= norm }
            }
        }
        return q
    }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// Frobenius norm of a matrix stored as a flat array.
    static func frobenius(_ a: [Double]) -> Double { norm(a) }

    static func difference(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }
}

/// Heap memory taken before an allocation-counted region, like a controller's preallocated workspace.
/// (Nested Swift arrays would not do: in debug builds, mutating `arrays[i]` in place can copy the element.)
final class Buffer {
    let pointer: UnsafeMutableBufferPointer<Double>
    init(_ values: [Double]) {
        pointer = .allocate(capacity: values.count)
        _ = pointer.initialize(from: values)
    }
    var readOnly: UnsafeBufferPointer<Double> { UnsafeBufferPointer(pointer) }
    deinit { pointer.deallocate() }
}
