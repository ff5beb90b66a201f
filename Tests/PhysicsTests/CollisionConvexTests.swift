import Foundation
@testable import Physics
import Spatial
import XCTest

/// Cylinder × {capsule, box, cylinder} (GJK + EPA + feature clipping), and sphere/plane cases already
/// covered elsewhere. Expected values are analytic.
final class CollisionConvexTests: XCTestCase {
    let cyl = Shape.cylinder(radius: 0.2, halfLength: 0.3)
    let slab = Shape.box(halfExtents: Vec3(1, 1, 0.5))

    func testCylinderStandingOnBoxRestsOnFourRimPoints() {
        let d = 0.004
        let cs = contacts(slab, .identity, cyl, pose(0.1, -0.2, 0.8 - d, rot(.unitZ, degrees: 10)))
        assertAll(cs, normal: .unitZ, depth: d, accuracy: 1e-7)
        XCTAssertEqual(cs.count, 4)
        for c in cs {
            XCTAssertEqual((c.position - Vec3(0.1, -0.2, c.position.z)).norm, 0.2, accuracy: 1e-7)
            XCTAssertEqual(c.position.z, 0.5 - d / 2, accuracy: 1e-7)
        }
        assertSymmetric(slab, .identity, cyl, pose(0.1, -0.2, 0.8 - d, rot(.unitZ, degrees: 10)))
        // Separated, and within a margin.
        XCTAssertTrue(contacts(slab, .identity, cyl, pose(0, 0, 0.81)).isEmpty)
        let near = contacts(slab, .identity, cyl, pose(0, 0, 0.81), margin: 0.02)
        assertAll(near, normal: .unitZ, depth: -0.01, accuracy: 1e-7)
        XCTAssertEqual(near.count, 4)
    }

    func testCylinderLyingOnBoxGivesTwoPoints() {
        let d = 0.002
        let cs = contacts(cyl, pose(0.3, 0, 0.7 - d, rot(.unitX, degrees: 90)), slab, .identity)
        assertAll(cs, normal: -.unitZ, depth: d, accuracy: 1e-7)
        assertPositions(cs, [Vec3(0.3, 0.3, 0.5 - d / 2), Vec3(0.3, -0.3, 0.5 - d / 2)], accuracy: 1e-7)
    }

    func testCylinderOffCentreDeepInBoxUsesLeastPenetration() {
        // Bottom cap 0.2 below the top face near the box's +x side: the way out is up (0.2), not sideways.
        let box = Shape.box(halfExtents: Vec3(1, 1, 1))
        let cs = contacts(box, .identity, cyl, pose(0.6, 0, 1.1))
        assertAll(cs, normal: .unitZ, depth: 0.2, accuracy: 1e-7)
        XCTAssertEqual(cs.count, 4)
        // Near the +x side instead the way out is sideways: side 0.05 inside the face x = 1.
        let side = contacts(box, .identity, cyl, pose(1.15, 0, 0))
        assertAll(side, normal: .unitX, depth: 0.05, accuracy: 1e-7)
        assertPositions(side, [Vec3(0.975, 0, 0.3), Vec3(0.975, 0, -0.3)], accuracy: 1e-7)
    }

    func testCylinderOnTiltedBoxCorner() {
        // A box corner pointing up into the flat bottom of a cylinder: one point at the corner.
        let h = 0.5 * 3.0.squareRoot()
        let tilt = rot(Vec3(1, -1, 0), degrees: acos(1 / 3.0.squareRoot()) * 180 / .pi)   // (1,1,1) → +z
        let cs = contacts(.box(halfExtents: Vec3(0.5, 0.5, 0.5)), pose(0, 0, 0, tilt), cyl, pose(0, 0, h + 0.3 - 0.01))
        assertAll(cs, normal: .unitZ, depth: 0.01, accuracy: 1e-7)
        assertPositions(cs, [Vec3(0, 0, h - 0.005)], accuracy: 1e-7)
    }

    func testStackedCylindersAndCrossedCylinders() {
        let d = 0.003
        let stacked = contacts(cyl, .identity, cyl, pose(0.05, 0, 0.6 - d, rot(.unitZ, degrees: 20)))
        assertAll(stacked, normal: .unitZ, depth: d, accuracy: 1e-7)
        XCTAssertEqual(stacked.count, 4)
        for c in stacked {
            XCTAssertLessThanOrEqual((c.position - Vec3(0, 0, c.position.z)).norm, 0.2 + 1e-9)
            XCTAssertLessThanOrEqual((c.position - Vec3(0.05, 0, c.position.z)).norm, 0.2 + 1e-9)
        }
        // Two lying cylinders crossed at right angles: one point, depth r1 + r2 − distance.
        let a = pose(0, 0, 0, rot(.unitX, degrees: 90)), b = pose(0, 0, 0.39, rot(.unitY, degrees: 90))
        let crossed = contacts(cyl, a, cyl, b)
        assertAll(crossed, normal: .unitZ, depth: 0.01, accuracy: 1e-7)
        assertPositions(crossed, [Vec3(0, 0, 0.195)], accuracy: 1e-7)
        // Same-rank pairs run GJK/EPA with the roles exchanged: equal to round-off, not bit for bit.
        assertSymmetric(cyl, a, cyl, b, accuracy: 1e-7)
        // Parallel lying cylinders side by side: a line contact, two points. Two curved sides meet here,
        // where EPA's polytope approximates a round Minkowski difference by chords: the normal is
        // accurate to ~√(tolerance / radius), a few 1e-5.
        let parallel = contacts(cyl, a, cyl, pose(0, 0.1, 0.39, rot(.unitX, degrees: 90)))
        assertAll(parallel, normal: .unitZ, depth: 0.01, accuracy: 1e-4)
        assertPositions(parallel, [Vec3(0, 0.3, 0.195), Vec3(0, -0.2, 0.195)], accuracy: 1e-4)
        XCTAssertTrue(contacts(cyl, a, cyl, b.translated(0, 0, 0.02)).isEmpty)
    }

    func testCapsuleOnCylinder() {
        let capsule = Shape.capsule(radius: 0.05, halfLength: 0.4)
        // Lying across the cap of a standing cylinder: clipped to the cap, two points at x = ±r.
        let cs = contacts(capsule, pose(0, 0, 0.35 - 0.002, rot(.unitY, degrees: 90)), cyl, .identity)
        assertAll(cs, normal: -.unitZ, depth: 0.002, accuracy: 1e-7)
        assertPositions(cs, [Vec3(0.2, 0, 0.299), Vec3(-0.2, 0, 0.299)], accuracy: 1e-7)
        // Perpendicular to the side: one point.
        let side = contacts(capsule, pose(0.2 + 0.45 - 0.01, 0, 0.1, rot(.unitY, degrees: 90)), cyl, .identity)
        assertAll(side, normal: -.unitX, depth: 0.01, accuracy: 1e-7)
        assertPositions(side, [Vec3(0.195, 0, 0.1)], accuracy: 1e-7)
        // Separated by more than the margin.
        XCTAssertTrue(contacts(capsule, pose(0.7, 0, 0.1, rot(.unitY, degrees: 90)), cyl, .identity, margin: 0.04).isEmpty)
        assertSymmetric(capsule, pose(0.64, 0, 0.1, rot(.unitY, degrees: 90)), cyl, .identity, accuracy: 1e-12)
    }
}

extension Transform {
    func translated(_ x: Double, _ y: Double, _ z: Double) -> Transform {
        Transform(rotation: rotation, translation: translation + Vec3(x, y, z))
    }
}
