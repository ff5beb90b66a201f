import Foundation
@testable import Physics
import Spatial
import XCTest

final class CollisionBoxTests: XCTestCase {
    let cube = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))

    func testSeparatedBoxes() {
        XCTAssertTrue(contacts(cube, .identity, cube, pose(0, 0, 1.01)).isEmpty)
        XCTAssertTrue(contacts(cube, .identity, cube, pose(1.4, 1.4, 1.4, rot(Vec3(1, 1, 0), degrees: 30))).isEmpty)
        // Within the margin: face contact with the gap as negative depth.
        let near = contacts(cube, .identity, cube, pose(0, 0, 1.01), margin: 0.02)
        assertAll(near, normal: .unitZ, depth: -0.01)
        XCTAssertEqual(near.count, 4)
    }

    func testStackedCubeOffsetByHalfAFace() {
        // B on A, shifted by half a face along x: the overlap rectangle is x ∈ [0, 0.5], y ∈ [−0.5, 0.5].
        let d = 0.01
        let cs = contacts(cube, .identity, cube, pose(0.5, 0, 1 - d))
        assertAll(cs, normal: .unitZ, depth: d)
        let z = 0.5 - d / 2
        assertPositions(cs, [Vec3(0, -0.5, z), Vec3(0.5, -0.5, z), Vec3(0.5, 0.5, z), Vec3(0, 0.5, z)])
        assertSymmetric(cube, .identity, cube, pose(0.5, 0, 1 - d))
        let flipped = contacts(cube, pose(0.5, 0, 1 - d), cube, .identity)
        assertAll(flipped, normal: -.unitZ, depth: d)
    }

    func testTowerOfCubesInArbitraryFrame() {
        // The same stacked pair, rotated and shifted as a whole, gives the same manifold transformed.
        let w = pose(0.3, -2, 1, rot(Vec3(2, -1, 0.5), degrees: 63))
        let d = 0.002
        let cs = contacts(cube, w, cube, w * pose(0.1, 0.2, 1 - d))
        assertAll(cs, normal: w.rotation.c2, depth: d)
        let z = 0.5 - d / 2
        assertPositions(cs, [Vec3(-0.4, -0.3, z), Vec3(0.5, -0.3, z), Vec3(0.5, 0.5, z), Vec3(-0.4, 0.5, z)].map { w.act(point: $0) })
    }

    func testSmallCubeRotatedOnLargeBoxKeepsItsFourCorners() {
        let base = Shape.box(halfExtents: Vec3(2, 2, 0.5))
        let d = 0.003
        let cs = contacts(base, .identity, cube, pose(0.3, 0.1, 1 - d, rot(.unitZ, degrees: 45)))
        assertAll(cs, normal: .unitZ, depth: d)
        let e = 0.5 * 2.0.squareRoot()
        let z = 0.5 - d / 2
        assertPositions(cs, [Vec3(0.3 + e, 0.1, z), Vec3(0.3 - e, 0.1, z), Vec3(0.3, 0.1 + e, z), Vec3(0.3, 0.1 - e, z)])
    }

    func testRotatedCubeOnCubeReducesOctagonToFourSpreadPoints() {
        // Two equal cubes, the top one turned 45°: the overlap is an octagon (8 clip points), reduced to 4.
        let d = 0.004
        let cs = contacts(cube, .identity, cube, pose(0, 0, 1 - d, rot(.unitZ, degrees: 45)))
        assertAll(cs, normal: .unitZ, depth: d)
        XCTAssertEqual(cs.count, 4)
        // The points are octagon vertices (inside both squares) and span it: opposite pairs straddle the centre.
        for c in cs {
            XCTAssertLessThanOrEqual(max(abs(c.position.x), abs(c.position.y)), 0.5 + 1e-9)
            XCTAssertLessThanOrEqual(abs(c.position.x) + abs(c.position.y), 0.5 * 2.0.squareRoot() + 1e-9)
        }
        let cx = cs.map(\.position.x), cy = cs.map(\.position.y)
        XCTAssertGreaterThan(cx.max()! - cx.min()!, 0.5)
        XCTAssertGreaterThan(cy.max()! - cy.min()!, 0.5)
    }

    func testEdgeOnFaceGivesTheTwoEdgeEnds() {
        let e = 0.5 * 2.0.squareRoot()
        let d = 0.003
        let base = Shape.box(halfExtents: Vec3(2, 2, 0.5))
        let cs = contacts(base, .identity, cube, pose(0, 0, 0.5 + e - d, rot(.unitX, degrees: 45)))
        assertAll(cs, normal: .unitZ, depth: d)
        assertPositions(cs, [Vec3(0.5, 0, 0.5 - d / 2), Vec3(-0.5, 0, 0.5 - d / 2)])
        assertSymmetric(base, .identity, cube, pose(0, 0, 0.5 + e - d, rot(.unitX, degrees: 45)))
    }

    func testCrossedEdgesGiveOnePoint() {
        // A turned 45° about y has a top edge along y at z = e; B turned 45° about x a bottom edge along x.
        let e = 0.5 * 2.0.squareRoot()
        let d = 0.01
        let cs = contacts(cube, pose(0, 0, 0, rot(.unitY, degrees: 45)), cube, pose(0, 0, 2 * e - d, rot(.unitX, degrees: 45)))
        assertAll(cs, normal: .unitZ, depth: d)
        assertPositions(cs, [Vec3(0, 0, e - d / 2)])
        assertSymmetric(cube, pose(0, 0, 0, rot(.unitY, degrees: 45)), cube, pose(0, 0, 2 * e - d, rot(.unitX, degrees: 45)))
    }

    func testCubePinchedBetweenTwoJaws() {
        // Gripper jaws are thin boxes squeezing a 4 cm cube by 1 mm on each side.
        let jaw = Shape.box(halfExtents: Vec3(0.005, 0.03, 0.03))
        let part = Shape.box(halfExtents: Vec3(0.02, 0.02, 0.02))
        let left = contacts(jaw, pose(-0.024, 0, 0.1), part, pose(0, 0, 0.1))
        let right = contacts(jaw, pose(0.024, 0, 0.1), part, pose(0, 0, 0.1))
        assertAll(left, normal: .unitX, depth: 0.001)
        assertAll(right, normal: -.unitX, depth: 0.001)
        let corners = [Vec3(0, -0.02, 0.08), Vec3(0, 0.02, 0.08), Vec3(0, 0.02, 0.12), Vec3(0, -0.02, 0.12)]
        assertPositions(left, corners.map { $0 + Vec3(-0.0195, 0, 0) })
        assertPositions(right, corners.map { $0 + Vec3(0.0195, 0, 0) })
    }

    func testDeepOverlapPicksLeastPenetrationAxis() {
        let box = Shape.box(halfExtents: Vec3(1, 0.5, 0.25))
        let cs = contacts(box, .identity, box, pose(0.3, 0.2, 0.35))
        assertAll(cs, normal: .unitZ, depth: 0.15)
        XCTAssertEqual(cs.count, 4)
    }
}
