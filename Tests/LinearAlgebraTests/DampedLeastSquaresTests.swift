import AllocationCounter
import XCTest

@testable import LinearAlgebra

final class DampedLeastSquaresTests: XCTestCase {
    /// The closed form dq = Jᵀ (J Jᵀ + λ² I)⁻¹ e evaluated with plain Swift loops.
    private func closedForm(_ j: [Double], rows m: Int, joints n: Int, _ e: [Double], damping: Double) -> [Double] {
        let jt = Reference.transpose(j, rows: m, cols: n)
        var gram = Reference.multiply(j, jt, m: m, k: n, n: m)
        for i in 0..<m { gram[i * m + i] += damping * damping }
        let y = Reference.solve(gram, e, n: m)
        return Reference.multiply(jt, y, m: n, k: m, n: 1)
    }

    private func solve(
        _ solver: DampedLeastSquares, _ j: [Double], rows: Int, joints: Int, _ e: [Double], damping: Double
    ) throws -> (dq: [Double], sigma: [Double]) {
        var dq = [Double](repeating: .nan, count: joints)
        var sigma = [Double](repeating: .nan, count: rows)
        try j.withUnsafeBufferPointer { j in
            try e.withUnsafeBufferPointer { e in
                try dq.withUnsafeMutableBufferPointer { dq in
                    try sigma.withUnsafeMutableBufferPointer { sigma in
                        try solver.solve(
                            jacobian: j, rows: rows, joints: joints, error: e, damping: damping, into: dq,
                            singularValues: sigma)
                    }
                }
            }
        }
        return (dq, sigma)
    }

    func testMatchesClosedFormForRedundantArms() throws {
        var rng = SeededGenerator(seed: 10)
        let solver = try DampedLeastSquares(maxJoints: 12)
        for (m, n) in [(6, 7), (3, 7), (6, 12), (2, 2), (1, 5)] {
            for damping in [0.01, 0.1, 1.0] {
                let j = Reference.random(m, n, using: &rng)
                let e = Reference.random(m, 1, using: &rng)
                let expected = closedForm(j, rows: m, joints: n, e, damping: damping)
                let (dq, _) = try solve(solver, j, rows: m, joints: n, e, damping: damping)
                let error = Reference.norm(Reference.difference(dq, expected)) / Reference.norm(expected)
                XCTAssertLessThan(error, 1e-10, "m = \(m), n = \(n), λ = \(damping)")
            }
        }
    }

    func testUndampedSquareJacobianGivesTheInverse() throws {
        var rng = SeededGenerator(seed: 11)
        let n = 6
        let j = Reference.random(n, n, using: &rng)
        let e = Reference.random(n, 1, using: &rng)
        let inverseSolution = Reference.solve(j, e, n: n)  // J⁻¹ e by Gaussian elimination
        let solver = try DampedLeastSquares(maxJoints: n)
        for damping in [0.0, 1e-9] {
            let (dq, _) = try solve(solver, j, rows: n, joints: n, e, damping: damping)
            let error = Reference.norm(Reference.difference(dq, inverseSolution)) / Reference.norm(inverseSolution)
            XCTAssertLessThan(error, 1e-7, "λ = \(damping)")
            // Independent of the reference solver: the step reproduces the task error.
            let residual = Reference.difference(Reference.multiply(j, dq, m: n, k: n, n: 1), e)
            XCTAssertLessThan(Reference.norm(residual) / Reference.norm(e), 1e-7, "λ = \(damping)")
        }
    }

    func testSingularValuesMatchAConstructedJacobian() throws {
        // J = U · [diag(s) 0] · Vᵀ with random orthogonal U, V: the singular values are s by construction.
        var rng = SeededGenerator(seed: 12)
        let m = 6, n = 7
        let s: [Double] = [3.0, 2.0, 1.0, 0.5, 0.1, 0.01]
        let u = Reference.orthogonal(m, using: &rng), v = Reference.orthogonal(n, using: &rng)
        var us = [Double](repeating: 0, count: m * n)  // U · [diag(s) 0]
        for i in 0..<m { for k in 0..<m { us[i * n + k] = u[i * m + k] * s[k] } }
        let j = Reference.multiply(us, Reference.transpose(v, rows: n, cols: n), m: m, k: n, n: n)
        let solver = try DampedLeastSquares(maxJoints: n)
        let (_, sigma) = try solve(solver, j, rows: m, joints: n, [1, 0, 0, 0, 0, 0], damping: 0.05)
        for (computed, truth) in zip(sigma, s) {
            XCTAssertEqual(computed, truth, accuracy: 1e-12 / truth + 1e-12, "σ")
        }
        // Manipulability √det(J Jᵀ) = Π σᵢ.
        XCTAssertEqual(sigma.reduce(1, *), s.reduce(1, *), accuracy: 1e-12)
    }

    func testRankDeficientJacobianNeedsDamping() throws {
        // Two identical rows: a singular configuration (e.g. an outstretched arm).
        let j: [Double] = [1, 2, 3, 1, 2, 3, 0, 1, 0]
        let e: [Double] = [0.1, 0.2, 0.3]
        let solver = try DampedLeastSquares(maxJoints: 3)
        XCTAssertThrowsError(try solve(solver, j, rows: 3, joints: 3, e, damping: 0)) { error in
            guard case .singular = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
        let damped = try solve(solver, j, rows: 3, joints: 3, e, damping: 0.1)
        let expected = closedForm(j, rows: 3, joints: 3, e, damping: 0.1)
        XCTAssertLessThan(Reference.norm(Reference.difference(damped.dq, expected)) / Reference.norm(expected), 1e-10)
        XCTAssertEqual(damped.sigma[2], 0, accuracy: 1e-7)
    }

    func testBadInputIsATypedError() throws {
        let solver = try DampedLeastSquares(maxJoints: 3)
        let j: [Double] = [1, 0, 0, 0, 1, 0]
        XCTAssertThrowsError(try solve(solver, j, rows: 2, joints: 3, [1, .nan], damping: 0.1)) { error in
            guard case .notFinite = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
        XCTAssertThrowsError(try solve(solver, j, rows: 2, joints: 3, [1, 1], damping: -1)) { error in
            guard case .invalidArgument = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
        XCTAssertThrowsError(try solve(solver, [Double](repeating: 1, count: 7), rows: 7, joints: 1, [Double](repeating: 1, count: 7), damping: 0.1))
        XCTAssertThrowsError(try solve(solver, [Double](repeating: 1, count: 4), rows: 1, joints: 4, [1], damping: 0.1))
    }

    func testSolveDoesNotAllocate() throws {
        XCTAssertGreaterThan(countAllocations { blackHole([Double](repeating: 1, count: 64)) }, 0, "counter inactive")
        var rng = SeededGenerator(seed: 13)
        let solver = try DampedLeastSquares(maxJoints: 30)
        let shapes = [(6, 7), (3, 30), (6, 6)]
        let jacobians = shapes.map { Buffer(Reference.random($0.0, $0.1, using: &rng)) }
        let errors = shapes.map { Buffer(Reference.random($0.0, 1, using: &rng)) }
        let steps = shapes.map { Buffer([Double](repeating: 0, count: $0.1)) }
        let sigmas = shapes.map { Buffer([Double](repeating: 0, count: $0.0)) }
        func solveAll() throws {
            for index in shapes.indices {
                try solver.solve(
                    jacobian: jacobians[index].readOnly, rows: shapes[index].0, joints: shapes[index].1,
                    error: errors[index].readOnly, damping: 0.05, into: steps[index].pointer,
                    singularValues: sigmas[index].pointer)
            }
        }
        try solveAll()  // warm-up
        var failure: Error?
        let allocations = countAllocations {
            do {
                for _ in 0..<100 { try solveAll() }
            } catch { failure = error }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(allocations, 0)
    }
}
