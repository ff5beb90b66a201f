import AllocationCounter
import Foundation
import Physics
import RobotModel
import Spatial
import XCTest

/// The simulator's physical acceptance tests: resting, sliding, inclines, stacking, a pendulum
/// against its analytic period, ABA equivalence, determinism and allocation-free stepping.
final class SimulationAcceptanceTests: XCTestCase {
    static let ground = Geom(name: "ground", shape: .plane, owner: .world, material: Material(friction: 0.8))

    /// A world of boxes (half size `h`) over the ground plane, at the given centres.
    func boxes(_ centres: [Vec3], half h: Double = 0.025, mass: Double = 0.1, friction: Double = 0.8,
               ground: Geom = SimulationAcceptanceTests.ground) -> (WorldModel, WorldData) {
        let shape = Shape.box(halfExtents: Vec3(h, h, h))
        let bodies = centres.indices.map { FreeBody(name: "box\($0)", mass: mass, filling: shape) }
        var geoms = [ground]
        for k in centres.indices {
            geoms.append(Geom(name: "box\(k)", shape: shape, owner: .body(k), material: Material(friction: friction)))
        }
        let model = WorldModel(bodies: bodies, geoms: geoms)
        let data = WorldData(model)
        for (k, c) in centres.enumerated() { data.bodyPositions[k] = c }
        return (model, data)
    }

    func run(_ data: WorldData, seconds: Double, each: (WorldData) -> Void = { _ in }) throws {
        let steps = Int((seconds / data.model.timestep).rounded())
        for _ in 0..<steps {
            try step(data)
            each(data)
        }
    }

    // 1. A 5 cm box dropped from 0.5 m rests at its half height ±1 mm, < 1 mm/s after 1 s, for 10 s.
    func testDroppedBoxComesToRest() throws {
        let (_, data) = boxes([Vec3(0, 0, 0.5)])
        try run(data, seconds: 1)
        XCTAssertEqual(data.bodyPositions[0].z, 0.025, accuracy: 0.001)
        XCTAssertLessThan(data.bodyLinearVelocities[0].norm, 0.001)
        let rest = data.bodyPositions[0]
        var worst = 0.0
        try run(data, seconds: 10) { d in
            worst = max(worst, (d.bodyPositions[0] - rest).norm)
            XCTAssertLessThan(d.bodyLinearVelocities[0].norm, 0.001)
        }
        XCTAssertLessThan(worst, 0.001, "no jitter, no creep")
        XCTAssertEqual(data.bodyPositions[0].z, 0.025, accuracy: 0.001)
        // Flat on its face: the box's z axis still points up.
        XCTAssertGreaterThan(data.bodyOrientations[0].matrix[2, 2], 0.9999)
    }

    // 2a. Launched at 1 m/s with μ = 0.5, a box stops after v²/(2μg) ± 3 %.
    func testSlidingDistance() throws {
        let ground = Geom(name: "ground", shape: .plane, owner: .world, material: Material(friction: 0.5))
        let (_, data) = boxes([Vec3(0, 0, 0.025)], friction: 0.5, ground: ground)
        try run(data, seconds: 0.2)  // settle
        let start = data.bodyPositions[0]
        data.bodyLinearVelocities[0] = Vec3(1, 0, 0)
        try run(data, seconds: 1)
        let distance = data.bodyPositions[0].x - start.x
        let expected = 1.0 / (2 * 0.5 * 9.81)
        XCTAssertEqual(distance, expected, accuracy: 0.03 * expected)
        XCTAssertLessThan(data.bodyLinearVelocities[0].norm, 0.001)
    }

    // 2b. On an incline a box stays below atan(μ) and slides above it.
    func testIncline() throws {
        let mu = 0.5
        for (angle, slides) in [(atan(mu) - 0.08, false), (atan(mu) + 0.08, true)] {
            let tilt = Mat3.axisAngle(.unitY, angle)
            let ground = Geom(name: "incline", shape: .plane, owner: .world, placement: Transform(rotation: tilt),
                              material: Material(friction: mu))
            let (_, data) = boxes([tilt * Vec3(0, 0, 0.0251)], friction: mu, ground: ground)
            data.bodyOrientations[0] = Quaternion(tilt)
            let start = data.bodyPositions[0]
            try run(data, seconds: 2)
            let moved = (data.bodyPositions[0] - start).norm
            if slides {
                XCTAssertGreaterThan(moved, 0.5, "slides at \(angle) rad")
            } else {
                XCTAssertLessThan(moved, 0.001, "stays at \(angle) rad")
            }
        }
    }

    // 3. A tower of three boxes stands 10 s with < 1 mm drift.
    func testTowerStands() throws {
        let (_, data) = boxes([Vec3(0, 0, 0.0251), Vec3(0, 0, 0.0752), Vec3(0, 0, 0.1253)])
        try run(data, seconds: 0.5)
        let settled = Array(data.bodyPositions)
        try run(data, seconds: 10)
        for k in 0..<3 {
            XCTAssertLessThan((data.bodyPositions[k] - settled[k]).norm, 0.001, "box \(k)")
        }
        XCTAssertEqual(data.bodyPositions[2].z, 0.125, accuracy: 0.002)
    }

    // 4. An undamped pendulum swings with the analytic compound-pendulum period ±0.5 %, energy drift < 0.5 % over 10 s.
    func testPendulumPeriodAndEnergy() throws {
        let robot = try Model(urdfPath: PhysicsTestPaths.path("robots/pendulum/robot.urdf"))
        let model = WorldModel(robot: robot, joints: [SimulatedJoint()])
        let data = WorldData(model)
        let amplitude = 0.5
        data.q[0] = amplitude
        // From the URDF: I about the pivot and m g d (see robots/pendulum/robot.urdf).
        let robotData = RobotModel.Data(robot)
        crba(robot, robotData, q: [0])
        let inertia = robotData.massMatrix[0]
        generalizedGravity(robot, robotData, q: [Double.pi / 2])
        let mgd = abs(robotData.gravity[0])
        func energy() -> Double { 0.5 * inertia * data.v[0] * data.v[0] + mgd * (1 - cos(data.q[0])) }
        let e0 = energy()
        // Exact period for amplitude θ0: 4 √(I / mgd) K(sin(θ0/2)), K by the arithmetic–geometric mean.
        var (a, g) = (1.0, (1 - pow(sin(amplitude / 2), 2)).squareRoot())
        for _ in 0..<10 { (a, g) = ((a + g) / 2, (a * g).squareRoot()) }
        let expected = 4 * (inertia / mgd).squareRoot() * (Double.pi / (2 * a))
        var crossings: [Double] = []
        var previous = data.q[0]
        var worstEnergy = 0.0
        try run(data, seconds: 10) { d in
            if previous > 0, d.q[0] <= 0 {
                // Interpolate the downward zero crossing within the step.
                crossings.append(d.time - d.model.timestep * d.q[0] / (d.q[0] - previous))
            }
            previous = d.q[0]
            worstEnergy = max(worstEnergy, abs(energy() - e0) / e0)
        }
        XCTAssertGreaterThan(crossings.count, 3)
        let period = (crossings.last! - crossings.first!) / Double(crossings.count - 1)
        XCTAssertEqual(period, expected, accuracy: 0.005 * expected)
        XCTAssertLessThan(worstEnergy, 0.005)
    }

    // 6. Without contacts the arm's joint accelerations equal ABA's.
    func testArmAccelerationsEqualABA() throws {
        let robot = try Model(urdfPath: PhysicsTestPaths.path("robots/so101/robot.urdf"))
        let model = WorldModel(robot: robot, joints: Array(repeating: SimulatedJoint(), count: robot.dof))
        let data = WorldData(model)
        for i in 0..<robot.dof {
            data.q[i] = 0.1 * Double(i + 1) - 0.2
            data.v[i] = 0.3 * sin(Double(i))
        }
        let reference = RobotModel.Data(robot)
        for _ in 0..<50 {
            let q = data.q, v = data.v
            aba(robot, reference, q: q, v: v, tau: Array(repeating: 0, count: robot.dof))
            try step(data)
            XCTAssertEqual(data.contacts.count, 0)
            for i in 0..<robot.dof {
                let acceleration = (data.v[i] - v[i]) / model.timestep
                XCTAssertEqual(acceleration, reference.ddq[i], accuracy: 1e-9 * max(1, abs(reference.ddq[i])), "joint \(i)")
            }
        }
    }

    // 7. Same world, same start → bit-identical states.
    func testDeterminism() throws {
        func simulate() throws -> [Double] {
            let (_, data) = boxes([Vec3(0, 0, 0.3), Vec3(0.01, 0.02, 0.4), Vec3(-0.01, 0, 0.5)])
            data.bodyAngularVelocities[1] = Vec3(1, 2, 3)
            try run(data, seconds: 1.5)
            return data.bodyPositions.flatMap { [$0.x, $0.y, $0.z] } + data.bodyOrientations.flatMap { [$0.w, $0.x, $0.y, $0.z] }
        }
        let first = try simulate(), second = try simulate()
        XCTAssertEqual(first.map(\.bitPattern), second.map(\.bitPattern))
    }

    func testSteppingDoesNotAllocate() throws {
        let (_, data) = boxes([Vec3(0, 0, 0.0251), Vec3(0, 0, 0.0752), Vec3(0.2, 0, 0.3)])
        try run(data, seconds: 0.3)
        var failure: SimulationError?
        let allocations = countAllocations {
            for _ in 0..<200 {
                do { try step(data) } catch { failure = error as? SimulationError }
            }
        }
        XCTAssertNil(failure)
        XCTAssertEqual(allocations, 0)
    }

    // The safety net names the body.
    func testDivergenceNamesTheBody() throws {
        let (_, data) = boxes([Vec3(0, 0, 0.5)])
        data.bodyLinearVelocities[0] = Vec3(.nan, 0, 0)
        XCTAssertThrowsError(try step(data)) { error in
            XCTAssertTrue("\(error)".contains("box0"), "\(error)")
        }
    }
}
