import NativeKit

/// Solves A x = b for symmetric positive-definite A (the joint-space mass matrix, a Gram matrix) by
/// an LDLᵀ factorization with Eigen.
///
/// Why a class with a capacity: the 1 kHz loop must not allocate, so all storage is taken once in
/// `init(capacity:)`; `factorize` and `solve` then reuse it for any n up to the capacity (verified by the
/// allocation tests). Factorize once per tick, then solve as many right-hand sides as needed.
/// Not thread-safe: give each thread its own solver.
public final class LDLTSolver {
    /// Largest n this workspace accepts.
    public let capacity: Int
    /// n of the current factorization, or 0 when there is none (after init or a failed factorize).
    public private(set) var dimension: Int = 0

    private let handle: OpaquePointer

    /// Takes all memory the solver will need for matrices up to `capacity` x `capacity`.
    public init(capacity: Int) throws(LinearAlgebraError) {
        var created: OpaquePointer?
        try LinearAlgebraError.check(nk_ldlt_create(try LinearAlgebraError.int32(capacity, "capacity"), &created))
        guard let created else { throw .internalError("nk_ldlt_create returned no workspace") }
        self.handle = created
        self.capacity = capacity
    }

    deinit { nk_ldlt_destroy(handle) }

    /// Factorizes the n x n row-major `matrix` (only its lower triangle is read).
    ///
    /// Throws `.notPositiveDefinite` when a pivot of D is not safely positive, which for a mass matrix
    /// means a bad model (zero or negative inertia), and `.notFinite` on NaN or infinity.
    public func factorize(_ matrix: UnsafeBufferPointer<Double>, n: Int) throws(LinearAlgebraError) {
        dimension = 0
        guard n >= 1, n <= capacity else { throw .invalidArgument("n = \(n) is outside 1...\(capacity)") }
        guard matrix.count == n * n, let base = matrix.baseAddress else {
            throw .invalidArgument("matrix has \(matrix.count) entries, expected \(n * n) for n = \(n)")
        }
        try LinearAlgebraError.check(nk_ldlt_factorize(handle, base, Int32(n)))
        dimension = n
    }

    /// Replaces `rhs` by the solution. `rhs` holds one vector of n entries, or k right-hand sides as an
    /// n x k row-major matrix (column j is one right-hand side).
    public func solve(_ rhs: UnsafeMutableBufferPointer<Double>) throws(LinearAlgebraError) {
        guard dimension > 0 else { throw .notFactorized("solve called without a successful factorize") }
        guard rhs.count >= dimension, rhs.count % dimension == 0, let base = rhs.baseAddress else {
            throw .invalidArgument("rhs has \(rhs.count) entries, not a multiple of n = \(dimension)")
        }
        try LinearAlgebraError.check(nk_ldlt_solve(handle, base, try LinearAlgebraError.int32(rhs.count / dimension, "nrhs")))
    }

    /// The pivots of D (in the factorization's pivoted order). Their ratio bounds the condition number,
    /// which is useful to flag a nearly singular inertia. Allocates; not for the control loop.
    public func pivots() throws(LinearAlgebraError) -> [Double] {
        guard dimension > 0 else { throw .notFactorized("no factorization to read D from") }
        var d = [Double](repeating: 0, count: dimension)
        let status = d.withUnsafeMutableBufferPointer { nk_ldlt_diagonal(handle, $0.baseAddress!) }
        try LinearAlgebraError.check(status)
        return d
    }
}
