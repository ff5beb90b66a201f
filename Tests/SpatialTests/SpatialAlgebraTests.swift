import Spatial
import XCTest

/// The spatial algebra against its defining identities and 6×6 matrix forms.
final class SpatialAlgebraTests: XCTestCase {
    let pose = Transform(rotation: .rpy(0.3, -1.1, 2.0), translation: Vec3(0.4, -0.2, 0.7))
    let motion = Motion(linear: Vec3(0.1, -0.5, 0.9), angular: Vec3(1.2, 0.4, -0.3))
    let force = Force(linear: Vec3(3, -1, 2), angular: Vec3(-0.5, 0.25, 1.5))
    let inertia = Inertia(mass: 2.5, centerOfMass: Vec3(0.05, -0.1, 0.2),
                          rotational: Mat3(0.04, 0.001, -0.002, 0.001, 0.03, 0.003, -0.002, 0.003, 0.02))

    func assertClose(_ a: Vec3, _ b: Vec3, _ tolerance: Double = 1e-12, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan((a - b).norm, tolerance, "\(a) vs \(b)", file: file, line: line)
    }

    func testRPYIsURDFConvention() {
        // URDF: rpy = fixed axes X, then Y, then Z, i.e. R = Rz(y) Ry(p) Rx(r).
        let expected = Mat3.axisAngle(.unitZ, 2.0) * Mat3.axisAngle(.unitY, -1.1) * Mat3.axisAngle(.unitX, 0.3)
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(pose.rotation[i, j], expected[i, j], accuracy: 1e-15) } }
        assertClose(pose.rotation.rpy, Vec3(0.3, -1.1, 2.0))
        XCTAssertEqual(pose.rotation.determinant, 1, accuracy: 1e-14)
    }

    func testTransformInverseAndComposition() {
        let other = Transform(rotation: .axisAngle(Vec3(1, 2, 3).normalized!, 0.7), translation: Vec3(-1, 0.5, 0.2))
        let p = Vec3(0.3, 0.2, -0.9)
        assertClose((pose * other).act(point: p), pose.act(point: other.act(point: p)))
        assertClose(pose.inverse.act(point: pose.act(point: p)), p)
        assertClose(pose.inverseTimes(other).act(point: p), pose.inverse.act(point: other.act(point: p)))
    }

    func testMotionAndForceTransformsPreservePower() {
        // Power is frame-independent: (X m) · (X* f) = m · f.
        XCTAssertEqual(pose.act(motion).dot(pose.act(force)), motion.dot(force), accuracy: 1e-12)
        let back = pose.actInverse(pose.act(motion))
        assertClose(back.linear, motion.linear)
        assertClose(back.angular, motion.angular)
        let f = pose.actInverse(pose.act(force))
        assertClose(f.linear, force.linear)
        assertClose(f.angular, force.angular)
    }

    func testCrossProductsAreDual() {
        // (v × m) · f = −m · (v ×* f).
        let other = Motion(linear: Vec3(-0.2, 0.7, 0.1), angular: Vec3(0.3, -0.8, 0.5))
        XCTAssertEqual(motion.cross(other).dot(force), -other.dot(motion.cross(force)), accuracy: 1e-12)
    }

    func testInertiaTransformCommutesWithAction() {
        // (X* I X⁻¹)(X m) = X* (I m): the inertia expressed in the parent frame acts consistently.
        let moved = inertia.transformed(by: pose) * pose.act(motion)
        let expected = pose.act(inertia * motion)
        assertClose(moved.linear, expected.linear)
        assertClose(moved.angular, expected.angular)
        let articulated = ArticulatedInertia(inertia).transformed(by: pose) * pose.act(motion)
        assertClose(articulated.linear, expected.linear)
        assertClose(articulated.angular, expected.angular)
    }

    func testInertiaSumIsAdditive() {
        let other = Inertia(mass: 0.7, centerOfMass: Vec3(-0.3, 0.2, 0.1),
                            rotational: Mat3(0.01, 0, 0, 0, 0.02, 0, 0, 0, 0.015))
        let sum = (inertia + other) * motion
        let separate = inertia * motion + other * motion
        assertClose(sum.linear, separate.linear)
        assertClose(sum.angular, separate.angular)
        XCTAssertEqual((inertia + other).mass, 3.2)
    }

    func testKineticEnergyIsPositive() {
        XCTAssertGreaterThan(motion.dot(inertia * motion), 0)
    }
}
