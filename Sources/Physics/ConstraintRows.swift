import Spatial

/// The constraints of one step as rows of `J u ≥ target` (or bounded), with everything projected
/// Gauss–Seidel needs per row precomputed: the row of J, `M⁻¹Jᵀ`, and `1 / (J M⁻¹ Jᵀ)`, the
/// diagonal of the Delassus operator. Stored column-wise in buffers allocated once.
final class ConstraintRows {
    enum Kind: UInt8 {
        /// Contact normal: λ ≥ 0.
        case normal
        /// Contact friction along a tangent: |λ_t| ≤ μ λ_n, paired with the next row.
        case tangent
        /// Joint limit: λ ≥ 0.
        case limit
        /// Joint Coulomb friction: λ ∈ [−bound, bound].
        case jointFriction
    }

    let capacity: Int
    let robotDOF: Int
    var count = 0

    let kind: UnsafeMutablePointer<Kind>
    /// Free bodies on each side (−1: none). Row velocity = armᵀ u_arm + Σ (lin·v + ang·ω).
    let bodyA: UnsafeMutablePointer<Int32>
    let bodyB: UnsafeMutablePointer<Int32>
    let linearA: UnsafeMutablePointer<Vec3>
    let angularA: UnsafeMutablePointer<Vec3>
    let linearB: UnsafeMutablePointer<Vec3>
    let angularB: UnsafeMutablePointer<Vec3>
    /// Whether the row touches the robot, and its robot part (`robotDOF` entries per row).
    let usesArm: UnsafeMutablePointer<Bool>
    let arm: UnsafeMutablePointer<Double>
    /// `M⁻¹ Jᵀ` for the row, split the same way.
    let responseArm: UnsafeMutablePointer<Double>
    let responseLinearA: UnsafeMutablePointer<Vec3>
    let responseAngularA: UnsafeMutablePointer<Vec3>
    let responseLinearB: UnsafeMutablePointer<Vec3>
    let responseAngularB: UnsafeMutablePointer<Vec3>
    let inverseDiagonal: UnsafeMutablePointer<Double>
    let target: UnsafeMutablePointer<Double>
    let bound: UnsafeMutablePointer<Double>
    let friction: UnsafeMutablePointer<Double>
    let lambda: UnsafeMutablePointer<Double>

    init(capacity: Int, robotDOF: Int) {
        self.capacity = capacity
        self.robotDOF = robotDOF
        func make<T>(_ n: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(n, 1))
            p.initialize(repeating: value, count: max(n, 1))
            return p
        }
        kind = make(capacity, .normal)
        bodyA = make(capacity, -1)
        bodyB = make(capacity, -1)
        linearA = make(capacity, .zero)
        angularA = make(capacity, .zero)
        linearB = make(capacity, .zero)
        angularB = make(capacity, .zero)
        usesArm = make(capacity, false)
        arm = make(capacity * robotDOF, 0)
        responseArm = make(capacity * robotDOF, 0)
        responseLinearA = make(capacity, .zero)
        responseAngularA = make(capacity, .zero)
        responseLinearB = make(capacity, .zero)
        responseAngularB = make(capacity, .zero)
        inverseDiagonal = make(capacity, 0)
        target = make(capacity, 0)
        bound = make(capacity, 0)
        friction = make(capacity, 0)
        lambda = make(capacity, 0)
    }

    deinit {
        kind.deallocate(); bodyA.deallocate(); bodyB.deallocate()
        linearA.deallocate(); angularA.deallocate(); linearB.deallocate(); angularB.deallocate()
        usesArm.deallocate(); arm.deallocate(); responseArm.deallocate()
        responseLinearA.deallocate(); responseAngularA.deallocate()
        responseLinearB.deallocate(); responseAngularB.deallocate()
        inverseDiagonal.deallocate(); target.deallocate(); bound.deallocate()
        friction.deallocate(); lambda.deallocate()
    }

    /// Starts a new empty row and returns its index, or nil when full.
    @inline(__always)
    func append(_ kind: Kind) -> Int? {
        guard count < capacity else { return nil }
        let r = count
        count += 1
        self.kind[r] = kind
        bodyA[r] = -1
        bodyB[r] = -1
        linearA[r] = .zero; angularA[r] = .zero; linearB[r] = .zero; angularB[r] = .zero
        usesArm[r] = false
        (arm + r * robotDOF).update(repeating: 0, count: robotDOF)
        target[r] = 0
        bound[r] = 0
        friction[r] = 0
        lambda[r] = 0
        return r
    }

    /// `J_r u`: the row's constraint velocity for the generalized velocity `u`.
    @inline(__always)
    func velocity(_ r: Int, _ u: UnsafeMutablePointer<Double>) -> Double {
        var s = 0.0
        if usesArm[r] {
            let row = arm + r * robotDOF
            for j in 0..<robotDOF { s += row[j] * u[j] }
        }
        let a = Int(bodyA[r])
        if a >= 0 {
            let base = robotDOF + 6 * a
            s += linearA[r].dot(Vec3(u[base], u[base + 1], u[base + 2]))
            s += angularA[r].dot(Vec3(u[base + 3], u[base + 4], u[base + 5]))
        }
        let b = Int(bodyB[r])
        if b >= 0 {
            let base = robotDOF + 6 * b
            s += linearB[r].dot(Vec3(u[base], u[base + 1], u[base + 2]))
            s += angularB[r].dot(Vec3(u[base + 3], u[base + 4], u[base + 5]))
        }
        return s
    }

    /// `u += M⁻¹ J_rᵀ · impulse`: the velocity change an impulse on this row causes.
    @inline(__always)
    func apply(_ r: Int, _ impulse: Double, to u: UnsafeMutablePointer<Double>) {
        if usesArm[r] {
            let row = responseArm + r * robotDOF
            for j in 0..<robotDOF { u[j] += impulse * row[j] }
        }
        let a = Int(bodyA[r])
        if a >= 0 { add(impulse * responseLinearA[r], impulse * responseAngularA[r], at: robotDOF + 6 * a, u) }
        let b = Int(bodyB[r])
        if b >= 0 { add(impulse * responseLinearB[r], impulse * responseAngularB[r], at: robotDOF + 6 * b, u) }
    }

    @inline(__always)
    private func add(_ linear: Vec3, _ angular: Vec3, at base: Int, _ u: UnsafeMutablePointer<Double>) {
        u[base] += linear.x; u[base + 1] += linear.y; u[base + 2] += linear.z
        u[base + 3] += angular.x; u[base + 4] += angular.y; u[base + 5] += angular.z
    }
}
