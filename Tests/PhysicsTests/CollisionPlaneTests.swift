import Foundation
@testable import Physics
import Spatial
import XCTest

final class CollisionPlaneTests: XCTestCase {
    let cube = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))

    func testSphereSeparatedTouchingPenetrating() {
        let s = Shape.sphere(radius: 1)
        XCTAssertTrue(contacts(.plane, .identity, s, pose(0, 0, 1.5)).isEmpty)
        // Within the margin: reported with the (negative) gap as depth.
        let near = contacts(.plane, .identity, s, pose(0, 0, 1.5), margin: 0.6)
        XCTAssertEqual(near.count, 1)
        XCTAssertEqual(near[0].depth, -0.5, accuracy: 1e-12)
        let touching = contacts(.plane, .identity, s, pose(2, 3, 1))
        XCTAssertEqual(touching.count, 1)
        XCTAssertEqual(touching[0].depth, 0, accuracy: 1e-12)
        // Height h = 0.8 → depth r − h = 0.2, midway between z = −0.2 and z = 0.
        let deep = contacts(.plane, .identity, s, pose(2, 3, 0.8))
        assertAll(deep, normal: .unitZ, depth: 0.2)
        assertPositions(deep, [Vec3(2, 3, -0.1)])
        assertSymmetric(.plane, .identity, s, pose(2, 3, 0.8))
        assertAll(contacts(s, pose(2, 3, 0.8), .plane, .identity), normal: -.unitZ, depth: 0.2)
    }

    func testSphereOnTiltedOffsetPlane() {
        let r = rot(Vec3(1, 0, 0), degrees: 30)
        let plane = Transform(rotation: r, translation: Vec3(1, -2, 0.5))
        let n = r.c2
        let c = plane.translation + Vec3(0.3, 0, 0).cross(n) + 0.25 * n   // 0.25 above the plane
        let cs = contacts(.plane, plane, .sphere(radius: 0.4), Transform(translation: c))
        assertAll(cs, normal: n, depth: 0.15)
        assertPositions(cs, [c - 0.325 * n])
    }

    func testCubeRotated45OnPlaneGivesFourCorners() {
        let d = 0.01
        let yaw = rot(.unitZ, degrees: 45)
        let cs = contacts(.plane, .identity, cube, pose(0, 0, 0.5 - d, yaw))
        assertAll(cs, normal: .unitZ, depth: d)
        let e = 0.5 * 2.0.squareRoot()
        assertPositions(cs, [Vec3(e, 0, -d / 2), Vec3(-e, 0, -d / 2), Vec3(0, e, -d / 2), Vec3(0, -e, -d / 2)])
        assertSymmetric(.plane, .identity, cube, pose(0, 0, 0.5 - d, yaw))
    }

    func testCubeSeparatedAndWithinMargin() {
        XCTAssertTrue(contacts(.plane, .identity, cube, pose(0, 0, 0.52)).isEmpty)
        let cs = contacts(.plane, .identity, cube, pose(0, 0, 0.52), margin: 0.05)
        assertAll(cs, normal: .unitZ, depth: -0.02)
        XCTAssertEqual(cs.count, 4)
    }

    func testCubeOnEdgeGivesTwoPoints() {
        let roll = rot(.unitX, degrees: 45)
        let e = 0.5 * 2.0.squareRoot()
        let cs = contacts(.plane, .identity, cube, pose(0, 0, e - 0.003, roll))
        assertAll(cs, normal: .unitZ, depth: 0.003)
        assertPositions(cs, [Vec3(0.5, 0, -0.0015), Vec3(-0.5, 0, -0.0015)])
    }

    func testThinPlateKeepsFourDeepestCorners() {
        // Both faces of a 2 mm plate are within a 1 cm margin: 8 candidates, the 4 bottom ones kept.
        let plate = Shape.box(halfExtents: Vec3(0.2, 0.1, 0.001))
        let cs = contacts(.plane, .identity, plate, pose(0, 0, 0.0005), margin: 0.01)
        assertAll(cs, normal: .unitZ, depth: 0.0005)
        XCTAssertEqual(cs.count, 4)
    }

    func testCapsuleLyingGivesTwoPointsStandingOne() {
        let capsule = Shape.capsule(radius: 0.1, halfLength: 0.3)
        let lying = contacts(.plane, .identity, capsule, pose(0, 0, 0.09, rot(.unitY, degrees: 90)))
        assertAll(lying, normal: .unitZ, depth: 0.01)
        assertPositions(lying, [Vec3(0.3, 0, -0.005), Vec3(-0.3, 0, -0.005)])
        let standing = contacts(.plane, .identity, capsule, pose(0, 0, 0.39))
        assertAll(standing, normal: .unitZ, depth: 0.01)
        assertPositions(standing, [Vec3(0, 0, -0.005)])
        assertSymmetric(.plane, .identity, capsule, pose(0, 0, 0.09, rot(.unitY, degrees: 80)), margin: 0.1)
    }

    func testCylinderStandingRestsOnFourRimPoints() {
        let cyl = Shape.cylinder(radius: 0.2, halfLength: 0.3)
        let cs = contacts(.plane, .identity, cyl, pose(1, 1, 0.3 - 0.004, rot(.unitZ, degrees: 17)))
        assertAll(cs, normal: .unitZ, depth: 0.004)
        XCTAssertEqual(cs.count, 4)
        for c in cs {
            XCTAssertEqual((c.position - Vec3(1, 1, c.position.z)).norm, 0.2, accuracy: 1e-9)
            XCTAssertEqual(c.position.z, -0.002, accuracy: 1e-12)
        }
        // Upside down (axis −z) is the same cylinder.
        XCTAssertEqual(contacts(.plane, .identity, cyl, pose(1, 1, 0.296, rot(.unitX, degrees: 180))).count, 4)
    }

    func testCylinderLyingGivesTwoPoints() {
        let cyl = Shape.cylinder(radius: 0.2, halfLength: 0.3)
        let cs = contacts(.plane, .identity, cyl, pose(0, 0, 0.19, rot(.unitX, degrees: 90)))
        assertAll(cs, normal: .unitZ, depth: 0.01)
        assertPositions(cs, [Vec3(0, 0.3, -0.005), Vec3(0, -0.3, -0.005)])
    }

    func testCylinderTiltedTouchesOnLowestRimPoint() {
        let (r, hl) = (0.2, 0.3)
        let theta = 30.0 * .pi / 180
        let lowest = hl * cos(theta) + r * sin(theta)
        let cs = contacts(.plane, .identity, .cylinder(radius: r, halfLength: hl),
                          pose(0, 0, lowest - 0.01, rot(.unitX, degrees: 30)))
        assertAll(cs, normal: .unitZ, depth: 0.01)
        XCTAssertEqual(cs.count, 1)
        // Tilting about +x moves the bottom cap centre to y = hl sin θ; its lowest rim point is r cos θ
        // back towards −y (the rim dips on the side the axis leans away from).
        XCTAssertEqual(cs[0].position.y, hl * sin(theta) - r * cos(theta), accuracy: 1e-9)
        assertSymmetric(.plane, .identity, .cylinder(radius: r, halfLength: hl), pose(0, 0, lowest - 0.01, rot(.unitX, degrees: 30)))
    }
}
