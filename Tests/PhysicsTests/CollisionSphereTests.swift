import Foundation
@testable import Physics
import Spatial
import XCTest

final class CollisionSphereTests: XCTestCase {
    func testSphereSphere() {
        let a = Shape.sphere(radius: 0.3), b = Shape.sphere(radius: 0.2)
        XCTAssertTrue(contacts(a, pose(0, 0, 0), b, pose(0.6, 0, 0)).isEmpty)
        let touching = contacts(a, pose(0, 0, 0), b, pose(0.5, 0, 0))
        assertAll(touching, normal: .unitX, depth: 0)
        // Centres 0.4 apart along (0, 0.6, 0.8): depth 0.1, midway between the surfaces.
        let dir = Vec3(0, 0.6, 0.8)
        let cs = contacts(a, pose(1, 1, 1), b, Transform(translation: Vec3(1, 1, 1) + 0.4 * dir))
        assertAll(cs, normal: dir, depth: 0.1)
        assertPositions(cs, [Vec3(1, 1, 1) + 0.25 * dir])
        assertSymmetric(a, pose(1, 1, 1), b, Transform(translation: Vec3(1, 1, 1) + 0.4 * dir))
        // Coincident centres still give a unit normal.
        let same = contacts(a, pose(0, 0, 0), b, pose(0, 0, 0))
        XCTAssertEqual(same.count, 1)
        XCTAssertEqual(same[0].normal.norm, 1, accuracy: 1e-12)
        XCTAssertEqual(same[0].depth, 0.5, accuracy: 1e-12)
    }

    func testSphereCapsuleSideAndEnd() {
        let capsule = Shape.capsule(radius: 0.1, halfLength: 0.5)
        let lying = rot(.unitY, degrees: 90)   // axis along world x
        let side = contacts(.sphere(radius: 0.2), pose(0.3, 0, 0.25), capsule, pose(0, 0, 0, lying))
        assertAll(side, normal: -.unitZ, depth: 0.05)
        assertPositions(side, [Vec3(0.3, 0, 0.075)])
        let end = contacts(.sphere(radius: 0.2), pose(0.8, 0, 0), capsule, pose(0, 0, 0, lying))
        assertAll(end, normal: -.unitX, depth: 0)
        assertSymmetric(.sphere(radius: 0.2), pose(0.3, 0, 0.25), capsule, pose(0, 0, 0, lying))
    }

    func testSphereBoxFaceEdgeCornerInside() {
        let box = Shape.box(halfExtents: Vec3(0.5, 0.4, 0.3))
        let s = Shape.sphere(radius: 0.1)
        XCTAssertTrue(contacts(s, pose(0, 0, 0.41), box, .identity).isEmpty)
        let face = contacts(s, pose(0.1, 0.1, 0.38), box, .identity)
        assertAll(face, normal: -.unitZ, depth: 0.02)
        assertPositions(face, [Vec3(0.1, 0.1, 0.29)])
        // Over the edge x = 0.5, z = 0.3, 0.08 away diagonally.
        let diag = Vec3(1, 0, 1).normalized!
        let edge = contacts(s, Transform(translation: Vec3(0.5, 0, 0.3) + 0.08 * diag), box, .identity)
        assertAll(edge, normal: -diag, depth: 0.02)
        // Corner, in a rotated and shifted box frame.
        let boxPose = pose(1, 2, 3, rot(Vec3(1, 2, 3), degrees: 40))
        let dirLocal = Vec3(1, 1, 1).normalized!
        let c = boxPose.act(point: Vec3(0.5, 0.4, 0.3) + 0.05 * dirLocal)
        let corner = contacts(s, Transform(translation: c), box, boxPose)
        assertAll(corner, normal: -(boxPose.rotation * dirLocal), depth: 0.05)
        assertPositions(corner, [boxPose.act(point: Vec3(0.5, 0.4, 0.3) - 0.025 * dirLocal)])
        // Centre inside, nearest the +y face (0.05 away): pushed out through it.
        let inside = contacts(s, pose(0.1, 0.35, 0), box, .identity)
        assertAll(inside, normal: -.unitY, depth: 0.15)
        assertSymmetric(s, Transform(translation: c), box, boxPose)
    }

    func testSphereCylinderSideCapRimInside() {
        let cyl = Shape.cylinder(radius: 0.3, halfLength: 0.5)
        let s = Shape.sphere(radius: 0.1)
        let side = contacts(s, pose(0, 0.38, 0.2), cyl, .identity)
        assertAll(side, normal: -.unitY, depth: 0.02)
        assertPositions(side, [Vec3(0, 0.29, 0.2)])
        let cap = contacts(s, pose(0.1, 0.1, 0.59), cyl, .identity)
        assertAll(cap, normal: -.unitZ, depth: 0.01)
        XCTAssertTrue(contacts(s, pose(0.1, 0.1, 0.61), cyl, .identity).isEmpty)
        // Rim: the circle r = 0.3 at z = 0.5, approached at 45° from outside.
        let dir = Vec3(1, 0, 1).normalized!
        let rim = contacts(s, Transform(translation: Vec3(0.3, 0, 0.5) + 0.07 * dir), cyl, .identity)
        assertAll(rim, normal: -dir, depth: 0.03)
        // Inside, nearer the side (0.05) than the caps (0.3): out through the side.
        let inside = contacts(s, pose(-0.25, 0, 0.2), cyl, .identity)
        assertAll(inside, normal: .unitX, depth: 0.15)
        // A lying, shifted cylinder.
        let p = pose(1, 0, 0.3, rot(.unitX, degrees: 90))
        let lying = contacts(s, pose(1, 0.2, 0.69), .cylinder(radius: 0.3, halfLength: 0.5), p)
        assertAll(lying, normal: -.unitZ, depth: 0.01)
        assertSymmetric(s, pose(1, 0.2, 0.69), cyl, p)
    }
}
