import LinearAlgebra
import RobotModel
import Spatial
import XCTest

/// Identities that tie the algorithms together, on every shipped robot, independent of Pinocchio:
/// forward dynamics by ABA equals M⁻¹(τ − h) with M from CRBA solved by Eigen's LDLT, and RNEA
/// inverts ABA.
final class DynamicsIdentityTests: XCTestCase {
    static let robots = ["robots/so101/robot.urdf", "robots/open_manipulator_x/robot.urdf", "robots/pendulum/robot.urdf",
                         "robots/two_link_planar/robot.urdf", "Tests/RobotModelTests/Fixtures/urdf/skewed_chain.urdf",
                         "Tests/RobotModelTests/Fixtures/urdf/panda.urdf"]

    func testABAEqualsMassMatrixSolve() throws {
        for robot in Self.robots {
            let model = try Model(urdfPath: RepositoryPaths.path(robot))
            let data = RobotModel.Data(model)
            let n = model.dof
            let solver = try LDLTSolver(capacity: n)
            for k in 0..<5 {
                let q = (0..<n).map { sin(Double(3 * $0 + k)) }
                let v = (0..<n).map { cos(Double(2 * $0 + k)) }
                let tau = (0..<n).map { 0.5 * sin(Double($0 * k + 1)) }
                aba(model, data, q: q, v: v, tau: tau)
                let ddq = Array(data.ddq)
                rnea(model, data, q: q, v: v, a: [Double](repeating: 0, count: n))  // h(q, v) = C v + g
                var rhs = (0..<n).map { tau[$0] - data.tau[$0] }
                crba(model, data, q: q)
                try solver.factorize(data.massMatrix, n: n)
                try rhs.withUnsafeMutableBufferPointer { try solver.solve($0) }
                for i in 0..<n {
                    XCTAssertEqual(ddq[i], rhs[i], accuracy: 1e-9 * max(1, abs(rhs[i])), "\(robot) joint \(i)")
                }
                rnea(model, data, q: q, v: v, a: ddq)
                for i in 0..<n { XCTAssertEqual(data.tau[i], tau[i], accuracy: 1e-9, "\(robot): RNEA(ABA(τ)) = τ") }
                generalizedGravity(model, data, q: q)
                let g = Array(data.gravity)
                rnea(model, data, q: q, v: [Double](repeating: 0, count: n), a: [Double](repeating: 0, count: n))
                for i in 0..<n { XCTAssertEqual(g[i], data.tau[i], accuracy: 1e-12, "\(robot): gravity = RNEA(q, 0, 0)") }
            }
        }
    }

    func testPendulumMatchesClosedForm() throws {
        // robots/pendulum: a 1 kg rod of 0.5 m about its end; M = m l²/3, g(q) = m g (l/2) sin q.
        let model = try Model(urdfPath: RepositoryPaths.path("robots/pendulum/robot.urdf"))
        let data = RobotModel.Data(model)
        XCTAssertEqual(model.dof, 1)
        for q in [-1.0, 0.3, 2.0] {
            crba(model, data, q: [q])
            XCTAssertEqual(data.massMatrix[0], 0.0833583, accuracy: 1e-6)
            generalizedGravity(model, data, q: [q])
            XCTAssertEqual(abs(data.gravity[0]), 2.4525 * abs(sin(q)), accuracy: 1e-9)
        }
    }

    func testJacobianIsTheDerivativeOfForwardKinematics() throws {
        // Finite differences of the frame position and orientation against the world-aligned Jacobian.
        let model = try Model(urdfPath: RepositoryPaths.path("Tests/RobotModelTests/Fixtures/urdf/skewed_chain.urdf"))
        let data = RobotModel.Data(model)
        let n = model.dof
        let q = (0..<n).map { 0.3 * Double($0) - 0.5 }
        let frame = model.frames.count - 1
        frameJacobian(model, data, q: q, frame: frame, in: .localWorldAligned)
        let jacobian = Array(data.jacobian)
        let h = 1e-6
        for j in 0..<n {
            var qp = q, qm = q
            qp[j] += h
            qm[j] -= h
            forwardKinematics(model, data, q: qp)
            let plus = data.framePoses[frame]
            forwardKinematics(model, data, q: qm)
            let minus = data.framePoses[frame]
            let velocity = (1 / (2 * h)) * (plus.translation - minus.translation)
            // ω from the skew part of Ṙ Rᵀ.
            let dR = (1 / (2 * h)) * (plus.rotation - minus.rotation)
            let w = dR.timesTransposed(plus.rotation)
            let omega = Vec3(0.5 * (w[2, 1] - w[1, 2]), 0.5 * (w[0, 2] - w[2, 0]), 0.5 * (w[1, 0] - w[0, 1]))
            for r in 0..<3 {
                XCTAssertEqual(jacobian[r * n + j], velocity[r], accuracy: 1e-6, "linear row \(r), joint \(j)")
                XCTAssertEqual(jacobian[(r + 3) * n + j], omega[r], accuracy: 1e-6, "angular row \(r), joint \(j)")
            }
        }
    }
}
