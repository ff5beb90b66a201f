import NativeKit

/// C = A·B for row-major matrices, through Eigen's blocked, vectorized GEMM.
///
/// Meant for network inference at planner rate: products larger than Eigen's stack limit take packing
/// buffers from the heap, so this is not for the 1 kHz loop. `c` must not overlap `a` or `b`.
///
/// - Parameters: `a` is m x k, `b` is k x n, `c` is m x n.
public func matrixMultiply(
    _ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, into c: UnsafeMutableBufferPointer<Double>,
    m: Int, k: Int, n: Int
) throws(LinearAlgebraError) {
    let (m32, k32, n32) = try productSizes(a.count, b.count, c.count, m: m, k: k, n: n)
    try LinearAlgebraError.check(nk_matmul_f64(a.baseAddress, b.baseAddress, c.baseAddress, m32, k32, n32))
}

/// Single-precision C = A·B (network weights are usually float32); same contract as the Double version.
public func matrixMultiply(
    _ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>, into c: UnsafeMutableBufferPointer<Float>,
    m: Int, k: Int, n: Int
) throws(LinearAlgebraError) {
    let (m32, k32, n32) = try productSizes(a.count, b.count, c.count, m: m, k: k, n: n)
    try LinearAlgebraError.check(nk_matmul_f32(a.baseAddress, b.baseAddress, c.baseAddress, m32, k32, n32))
}

/// Convenience returning a new array (allocates the result).
public func matrixMultiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) throws(LinearAlgebraError) -> [Double] {
    try product(a, b, m: m, k: k, n: n, kernel: matrixMultiply)
}

/// Convenience returning a new array (allocates the result).
public func matrixMultiply(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) throws(LinearAlgebraError) -> [Float] {
    try product(a, b, m: m, k: k, n: n, kernel: matrixMultiply)
}

/// Allocates C and runs the buffer `kernel` of either precision on it.
private func product<Scalar: BinaryFloatingPoint>(
    _ a: [Scalar], _ b: [Scalar], m: Int, k: Int, n: Int,
    kernel: (UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>, Int, Int, Int)
        throws(LinearAlgebraError) -> Void
) throws(LinearAlgebraError) -> [Scalar] {
    guard m >= 0, n >= 0 else { throw .invalidArgument("negative size \(m) x \(n)") }
    var c = [Scalar](repeating: 0, count: m * n)
    let status = a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                Result { () throws(LinearAlgebraError) in try kernel(a, b, c, m, k, n) }
            }
        }
    }
    try status.get()
    return c
}

private func productSizes(_ aCount: Int, _ bCount: Int, _ cCount: Int, m: Int, k: Int, n: Int)
    throws(LinearAlgebraError) -> (Int32, Int32, Int32)
{
    let m32 = try LinearAlgebraError.int32(m, "m"), k32 = try LinearAlgebraError.int32(k, "k")
    let n32 = try LinearAlgebraError.int32(n, "n")
    guard m >= 0, k >= 0, n >= 0 else { throw .invalidArgument("negative size \(m) x \(k) x \(n)") }
    guard aCount == m * k, bCount == k * n, cCount == m * n else {
        throw .invalidArgument(
            "buffer sizes \(aCount), \(bCount), \(cCount) do not match \(m)x\(k) · \(k)x\(n) = \(m)x\(n)")
    }
    return (m32, k32, n32)
}
