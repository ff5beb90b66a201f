import Foundation
import Physics
import RobotModel
import Spatial
import XCTest

/// Joint limits, Coulomb friction, damping and encoder noise on the 1-DoF pendulum
/// (robots/pendulum: M = 0.0833583 kg·m², g(q) = 2.4525 sin q N·m).
final class JointConstraintTests: XCTestCase {
    func pendulum(_ joint: SimulatedJoint, q: Double, v: Double = 0, seed: UInt64 = 0) throws -> WorldData {
        let robot = try Model(urdfPath: PhysicsTestPaths.path("robots/pendulum/robot.urdf"))
        let data = WorldData(WorldModel(robot: robot, joints: [joint]), seed: seed)
        data.q[0] = q
        data.v[0] = v
        return data
    }

    func testLimitStopsTheJoint() throws {
        let data = try pendulum(SimulatedJoint(limits: -0.3...0.3), q: 0.2, v: 4)
        var highest = -Double.infinity
        for _ in 0..<2000 {
            try step(data)
            highest = max(highest, data.q[0])
        }
        XCTAssertLessThan(highest, 0.3 + 0.002, "the joint never passes its limit by more than the tolerance")
        XCTAssertGreaterThan(highest, 0.29, "it did reach the limit")
        XCTAssertGreaterThanOrEqual(data.q[0], -0.3 - 0.002)
    }

    func testCoulombFrictionHoldsBelowAndSlipsAbove() throws {
        let gravityTorque = 2.4525 * sin(0.3)  // ≈ 0.725 N·m
        let held = try pendulum(SimulatedJoint(friction: 1.2 * gravityTorque), q: 0.3)
        for _ in 0..<1000 { try step(held) }
        XCTAssertEqual(held.q[0], 0.3, accuracy: 1e-6, "static friction holds")
        let slips = try pendulum(SimulatedJoint(friction: 0.8 * gravityTorque), q: 0.3)
        for _ in 0..<1000 { try step(slips) }
        XCTAssertLessThan(slips.q[0], 0.25, "below the gravity torque the joint moves")
    }

    func testViscousDampingDecaysAtTheLinearisedRate() throws {
        // Small oscillations: amplitude ∝ exp(−d t / (2 M)).
        let damping = 0.02, inertia = 0.0833583
        let data = try pendulum(SimulatedJoint(damping: damping), q: 0.05)
        var peaks: [(t: Double, q: Double)] = []
        var previous = (data.q[0], data.q[0])
        for _ in 0..<9000 {
            try step(data)
            if previous.1 > previous.0, previous.1 > data.q[0] { peaks.append((data.time, previous.1)) }
            previous = (previous.1, data.q[0])
        }
        XCTAssertGreaterThan(peaks.count, 5)
        let rate = log(peaks.first!.q / peaks.last!.q) / (peaks.last!.t - peaks.first!.t)
        XCTAssertEqual(rate, damping / (2 * inertia), accuracy: 0.03 * damping / (2 * inertia))
    }

    func testEncoderNoiseIsSeededAndHasTheRequestedSpread() throws {
        func readings(seed: UInt64) throws -> [Double] {
            var joint = SimulatedJoint(actuator: ActuatorModel(kind: .torque), limits: -0.01...0.01)
            joint.encoderNoise = 0.002
            let data = try pendulum(joint, q: 0, seed: seed)
            var values: [Double] = []
            for _ in 0..<2000 {
                try step(data)
                values.append(data.encoderPositions[0] - data.q[0])
            }
            return values
        }
        let a = try readings(seed: 1), b = try readings(seed: 1), c = try readings(seed: 2)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        let mean = a.reduce(0, +) / Double(a.count)
        let sigma = (a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(a.count)).squareRoot()
        XCTAssertEqual(sigma, 0.002, accuracy: 0.0002)
        XCTAssertEqual(mean, 0, accuracy: 0.0003)
    }

    func testServoHoldsTheSO101AgainstGravity() throws {
        let scene = try Scene.load(contentsOf: PhysicsTestPaths.path("sim/scenes/so101_pick_place.toml"))
        let data = scene.makeData()
        let start = data.q
        for _ in 0..<2000 { try step(data) }
        for i in 0..<start.count {
            // kp = 10 N·m/rad against ≤ 0.35 N·m of gravity: a few hundredths of a radian of droop at most.
            XCTAssertEqual(data.q[i], start[i], accuracy: 0.04, "joint \(i)")
            XCTAssertLessThan(abs(data.actuatorTorques[i]), 2.94)
        }
    }
}
