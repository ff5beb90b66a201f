import NativeKit

/// Damped least squares for differential inverse kinematics: dq = Jᵀ (J Jᵀ + λ² I)⁻¹ e.
///
/// Why damping: near a singularity the plain pseudo-inverse commands unbounded joint velocities; λ trades
/// a little tracking accuracy for bounded steps. The solve also reports J's singular values, whose product
/// is Yoshikawa's manipulability and whose minimum is the usual trigger for raising λ.
///
/// All storage is taken in `init`, so `solve` is allocation-free and fit for the 1 kHz loop.
/// Not thread-safe: give each thread its own instance.
public final class DampedLeastSquares {
    /// Largest task dimension (rows of J): a spatial twist has 6 components.
    public static let maxTaskDimension = 6
    /// Largest number of joints (columns of J) this workspace accepts.
    public let maxJoints: Int

    private let handle: OpaquePointer

    public init(maxJoints: Int) throws(LinearAlgebraError) {
        var created: OpaquePointer?
        try LinearAlgebraError.check(nk_dls_create(try LinearAlgebraError.int32(maxJoints, "maxJoints"), &created))
        guard let created else { throw .internalError("nk_dls_create returned no workspace") }
        self.handle = created
        self.maxJoints = maxJoints
    }

    deinit { nk_dls_destroy(handle) }

    /// Computes the joint step `dq` (count = joints) for the task `error` (count = rows).
    ///
    /// - Parameters:
    ///   - jacobian: rows x joints, row-major.
    ///   - damping: λ ≥ 0. With λ = 0 and a rank-deficient J this throws `.singular`.
    ///   - singularValues: if given (count = rows), receives σ₁ ≥ … ≥ σ_rows of J.
    public func solve(
        jacobian: UnsafeBufferPointer<Double>, rows: Int, joints: Int,
        error: UnsafeBufferPointer<Double>, damping: Double,
        into dq: UnsafeMutableBufferPointer<Double>,
        singularValues: UnsafeMutableBufferPointer<Double>? = nil
    ) throws(LinearAlgebraError) {
        guard rows >= 1, rows <= Self.maxTaskDimension else { throw .invalidArgument("rows = \(rows) is outside 1...6") }
        guard joints >= 1, joints <= maxJoints else { throw .invalidArgument("joints = \(joints) is outside 1...\(maxJoints)") }
        guard jacobian.count == rows * joints, let j = jacobian.baseAddress else {
            throw .invalidArgument("jacobian has \(jacobian.count) entries, expected \(rows) x \(joints)")
        }
        guard error.count == rows, let e = error.baseAddress else {
            throw .invalidArgument("error has \(error.count) entries, expected \(rows)")
        }
        guard dq.count == joints, let out = dq.baseAddress else {
            throw .invalidArgument("dq has \(dq.count) entries, expected \(joints)")
        }
        var sigma: UnsafeMutablePointer<Double>? = nil
        if let singularValues {
            guard singularValues.count == rows else {
                throw .invalidArgument("singularValues has \(singularValues.count) entries, expected \(rows)")
            }
            sigma = singularValues.baseAddress
        }
        try LinearAlgebraError.check(nk_dls_solve(handle, j, Int32(rows), Int32(joints), e, damping, out, sigma))
    }
}
