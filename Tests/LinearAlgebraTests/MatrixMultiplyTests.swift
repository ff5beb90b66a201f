import XCTest

@testable import LinearAlgebra

final class MatrixMultiplyTests: XCTestCase {
    func testDoubleProductMatchesNaiveLoop() throws {
        var rng = SeededGenerator(seed: 20)
        // Small (coefficient-based path) and large enough for Eigen's blocked GEMM with heap packing.
        for (m, k, n) in [(1, 1, 1), (3, 4, 5), (7, 1, 9), (64, 300, 50), (257, 129, 65)] {
            let a = Reference.random(m, k, using: &rng), b = Reference.random(k, n, using: &rng)
            let c = try matrixMultiply(a, b, m: m, k: k, n: n)
            let expected = Reference.multiply(a, b, m: m, k: k, n: n)
            XCTAssertEqual(c.count, m * n)
            let error = zip(c, expected).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(error, 1e-13 * Double(k), "\(m)x\(k)·\(k)x\(n)")
        }
    }

    func testFloatProductMatchesNaiveLoop() throws {
        var rng = SeededGenerator(seed: 21)
        let (m, k, n) = (33, 200, 17)
        let a = Reference.random(m, k, using: &rng), b = Reference.random(k, n, using: &rng)
        let c = try matrixMultiply(a.map(Float.init), b.map(Float.init), m: m, k: k, n: n)
        // Reference in Double from the same Float-rounded inputs.
        let expected = Reference.multiply(a.map { Double(Float($0)) }, b.map { Double(Float($0)) }, m: m, k: k, n: n)
        let error = zip(c, expected).map { abs(Double($0) - $1) }.max()!
        XCTAssertLessThan(error, 1e-4)
    }

    func testRowMajorLayoutIsRespected() throws {
        // [[1 2 3], [4 5 6]] · [[1 0], [0 1], [1 1]] = [[4 5], [10 11]]
        let c = try matrixMultiply([1, 2, 3, 4, 5, 6] as [Double], [1, 0, 0, 1, 1, 1] as [Double], m: 2, k: 3, n: 2)
        XCTAssertEqual(c, [4, 5, 10, 11])
    }

    func testEmptyInnerDimensionGivesZeros() throws {
        XCTAssertEqual(try matrixMultiply([] as [Double], [] as [Double], m: 2, k: 0, n: 3), [0, 0, 0, 0, 0, 0])
    }

    func testMismatchedBuffersAreRejected() {
        XCTAssertThrowsError(try matrixMultiply([1, 2, 3] as [Double], [1, 2] as [Double], m: 2, k: 2, n: 1)) { error in
            guard case .invalidArgument = error as? LinearAlgebraError else { return XCTFail("got \(error)") }
        }
    }
}
