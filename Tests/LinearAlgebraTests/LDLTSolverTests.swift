import AllocationCounter
import XCTest

@testable import LinearAlgebra

final class LDLTSolverTests: XCTestCase {
    /// Relative residual ‖A x − b‖ / (‖A‖ ‖x‖ + ‖b‖): backward-stable solvers reach ~n·ε.
    private func relativeResidual(_ a: [Double], _ x: [Double], _ b: [Double], n: Int) -> Double {
        let ax = Reference.multiply(a, x, m: n, k: n, n: 1)
        return Reference.norm(Reference.difference(ax, b))
            / (Reference.frobenius(a) * Reference.norm(x) + Reference.norm(b))
    }

    func testRandomSPDSystemsHaveSmallResidual() throws {
        var rng = SeededGenerator(seed: 1)
        // Sizes cover the inline buckets (8, 16, 32, 64, 128) and the heap-backed workspace above 128.
        for (capacity, sizes) in [(7, [1, 3, 7]), (12, [12, 5]), (40, [40, 33]), (128, [128, 90]), (200, [150, 200])] {
            let solver = try LDLTSolver(capacity: capacity)
            for n in sizes {
                let a = Reference.spd(n, shift: 0.1, using: &rng)
                let b = Reference.random(n, 1, using: &rng)
                var x = b
                try a.withUnsafeBufferPointer { try solver.factorize($0, n: n) }
                try x.withUnsafeMutableBufferPointer { try solver.solve($0) }
                XCTAssertEqual(solver.dimension, n)
                XCTAssertLessThan(relativeResidual(a, x, b, n: n), 1e-10, "n = \(n), capacity \(capacity)")
                XCTAssertLessThan(relativeResidual(a, x, b, n: n), 1e-13 * Double(n), "backward stability, n = \(n)")
            }
        }
    }

    func testSeveralRightHandSidesAtOnce() throws {
        var rng = SeededGenerator(seed: 2)
        let n = 9, k = 4
        let a = Reference.spd(n, shift: 0.5, using: &rng)
        let b = Reference.random(n, k, using: &rng)  // n x k row-major: column j is one right-hand side
        var x = b
        let solver = try LDLTSolver(capacity: n)
        try a.withUnsafeBufferPointer { try solver.factorize($0, n: n) }
        try x.withUnsafeMutableBufferPointer { try solver.solve($0) }
        for j in 0..<k {
            let column = { (m: [Double]) in (0..<n).map { m[$0 * k + j] } }
            XCTAssertLessThan(relativeResidual(a, column(x), column(b), n: n), 1e-12, "column \(j)")
        }
    }

    func testOnlyTheLowerTriangleIsRead() throws {
        var rng = SeededGenerator(seed: 3)
        let n = 6
        let a = Reference.spd(n, shift: 1, using: &rng)
        var scribbled = a
        for i in 0..<n { for j in (i + 1)..<n { scribbled[i * n + j] = 1e6 } }
        let b = Reference.random(n, 1, using: &rng)
        let solver = try LDLTSolver(capacity: n)
        var x = b
        try scribbled.withUnsafeBufferPointer { try solver.factorize($0, n: n) }
        try x.withUnsafeMutableBufferPointer { try solver.solve($0) }
        XCTAssertLessThan(relativeResidual(a, x, b, n: n), 1e-12)
    }

    func testMassMatrixLikeConditioningStillSolves() throws {
        // Mass matrices of serial arms mix heavy proximal and light distal links: κ ≈ 1e8.
        var rng = SeededGenerator(seed: 4)
        let n = 7
        let q = Reference.orthogonal(n, using: &rng)
        let eigenvalues = (0..<n).map { pow(10.0, -8.0 * Double($0) / Double(n - 1)) }
        var scaled = q
        for i in 0..<n { for j in 0..<n { scaled[i * n + j] *= eigenvalues[j] } }
        let a = Reference.multiply(scaled, Reference.transpose(q, rows: n, cols: n), m: n, k: n, n: n)
        let b = Reference.random(n, 1, using: &rng)
        let solver = try LDLTSolver(capacity: n)
        var x = b
        try a.withUnsafeBufferPointer { try solver.factorize($0, n: n) }
        try x.withUnsafeMutableBufferPointer { try solver.solve($0) }
        XCTAssertLessThan(relativeResidual(a, x, b, n: n), 1e-12)
        let d = try solver.pivots()
        XCTAssertEqual(d.count, n)
        XCTAssertTrue(d.allSatisfy { $0 > 0 })
    }

    func testIndefiniteMatrixIsReported() throws {
        let solver = try LDLTSolver(capacity: 3)
        let indefinite: [Double] = [2, 0, 0, 0, -1, 0, 0, 0, 3]
        XCTAssertThrowsError(try indefinite.withUnsafeBufferPointer { try solver.factorize($0, n: 3) }) { error in
            guard case .notPositiveDefinite(let message) = error as? LinearAlgebraError else {
                return XCTFail("expected notPositiveDefinite, got \(error)")
            }
            XCTAssertTrue(message.contains("not positive definite"), message)
        }
        XCTAssertEqual(solver.dimension, 0)
        var rhs: [Double] = [1, 2, 3]
        XCTAssertThrowsError(try rhs.withUnsafeMutableBufferPointer { try solver.solve($0) }) { error in
            guard case .notFactorized = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
    }

    func testSingularSemidefiniteMatrixIsReported() throws {
        // Rank 2 Gram matrix v·vᵀ + w·wᵀ in 3-D: positive semidefinite but singular.
        let v: [Double] = [1, 2, 3], w: [Double] = [0, 1, -1]
        var a = [Double](repeating: 0, count: 9)
        for i in 0..<3 { for j in 0..<3 { a[i * 3 + j] = v[i] * v[j] + w[i] * w[j] } }
        let solver = try LDLTSolver(capacity: 3)
        XCTAssertThrowsError(try a.withUnsafeBufferPointer { try solver.factorize($0, n: 3) }) { error in
            guard case .notPositiveDefinite = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
    }

    func testBadInputIsATypedError() throws {
        let solver = try LDLTSolver(capacity: 2)
        let nan: [Double] = [1, 0, .nan, 1]
        XCTAssertThrowsError(try nan.withUnsafeBufferPointer { try solver.factorize($0, n: 2) }) { error in
            guard case .notFinite = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
        let big = [Double](repeating: 1, count: 9)
        XCTAssertThrowsError(try big.withUnsafeBufferPointer { try solver.factorize($0, n: 3) }) { error in
            guard case .invalidArgument = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
        let wrongCount: [Double] = [1, 0, 0]
        XCTAssertThrowsError(try wrongCount.withUnsafeBufferPointer { try solver.factorize($0, n: 2) })
        XCTAssertThrowsError(try LDLTSolver(capacity: 0))
        let identity: [Double] = [1, 0, 0, 1]
        try identity.withUnsafeBufferPointer { try solver.factorize($0, n: 2) }
        var rhs: [Double] = [1, 2, 3]  // not a multiple of n = 2
        XCTAssertThrowsError(try rhs.withUnsafeMutableBufferPointer { try solver.solve($0) })
    }

    func testFactorizeAndSolveDoNotAllocate() throws {
        // Control: the counter must see an allocation, or a zero below would prove nothing.
        let control = countAllocations { blackHole([Double](repeating: 1, count: 64)) }
        XCTAssertGreaterThan(control, 0, "allocation counter is not active; the zero-allocation check would be vacuous")

        var rng = SeededGenerator(seed: 5)
        for (capacity, sizes) in [(7, [7, 4]), (30, [30, 12]), (200, [150])] {
            let solver = try LDLTSolver(capacity: capacity)
            let matrices = sizes.map { Buffer(Reference.spd($0, shift: 0.2, using: &rng)) }
            let vectors = sizes.map { Buffer(Reference.random($0, 1, using: &rng)) }
            let blocks = sizes.map { Buffer(Reference.random($0, 3, using: &rng)) }
            // Warm-up: first use initializes Eigen's static cache-size query, and the heap-backed workspace
            // (capacity > 128) takes memory once when n changes.
            for index in sizes.indices {
                try solver.factorize(matrices[index].readOnly, n: sizes[index])
                try solver.solve(vectors[index].pointer)
                try solver.solve(blocks[index].pointer)
            }
            var failure: Error?
            let allocations = countAllocations {
                do {
                    for _ in 0..<50 {
                        for index in sizes.indices {
                            try solver.factorize(matrices[index].readOnly, n: sizes[index])
                            try solver.solve(vectors[index].pointer)
                            try solver.solve(blocks[index].pointer)
                        }
                    }
                } catch { failure = error }
            }
            XCTAssertNil(failure)
            XCTAssertEqual(allocations, 0, "capacity \(capacity): heap allocations during factorize/solve")
        }
    }
}

@inline(never) func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
