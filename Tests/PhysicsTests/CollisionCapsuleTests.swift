import Foundation
@testable import Physics
import Spatial
import XCTest

final class CollisionCapsuleTests: XCTestCase {
    let capsule = Shape.capsule(radius: 0.1, halfLength: 0.5)
    let alongX = rot(.unitY, degrees: 90)
    let alongY = rot(.unitX, degrees: 90)

    func testCrossedCapsules() {
        XCTAssertTrue(contacts(capsule, pose(0, 0, 0, alongX), capsule, pose(0.2, 0, 0.21, alongY)).isEmpty)
        let cs = contacts(capsule, pose(0, 0, 0, alongX), capsule, pose(0.2, 0, 0.19, alongY))
        assertAll(cs, normal: .unitZ, depth: 0.01)
        assertPositions(cs, [Vec3(0.2, 0, 0.095)])
        assertSymmetric(capsule, pose(0, 0, 0, alongX), capsule, pose(0.2, 0, 0.19, alongY))
    }

    func testParallelCapsulesGiveTwoPointsOverOverlap() {
        // B lies on A shifted by 0.4 along the axis: overlap x ∈ [−0.1, 0.5].
        let cs = contacts(capsule, pose(0, 0, 0, alongX), capsule, pose(0.4, 0, 0.195, alongX))
        assertAll(cs, normal: .unitZ, depth: 0.005)
        assertPositions(cs, [Vec3(-0.1, 0, 0.0975), Vec3(0.5, 0, 0.0975)])
        assertSymmetric(capsule, pose(0, 0, 0, alongX), capsule, pose(0.4, 0, 0.195, alongX))
        // Parallel but end to end (no overlap interval): one point between the end spheres.
        let ends = contacts(capsule, pose(0, 0, 0, alongX), capsule, pose(1.19, 0, 0, alongX))
        assertAll(ends, normal: .unitX, depth: 0.01)
    }

    func testCapsuleLyingOnBoxFaceGivesTwoPoints() {
        let box = Shape.box(halfExtents: Vec3(1, 1, 0.5))
        let cs = contacts(capsule, pose(0.2, 0.3, 0.595, alongX), box, .identity)
        assertAll(cs, normal: -.unitZ, depth: 0.005)
        assertPositions(cs, [Vec3(-0.3, 0.3, 0.4975), Vec3(0.7, 0.3, 0.4975)])
        assertSymmetric(capsule, pose(0.2, 0.3, 0.595, alongX), box, .identity)
        // Hanging over the edge x = 1: the clipped piece ends at the edge.
        let over = contacts(box, .identity, capsule, pose(0.9, 0, 0.595, alongX))
        assertAll(over, normal: .unitZ, depth: 0.005)
        assertPositions(over, [Vec3(0.4, 0, 0.4975), Vec3(1, 0, 0.4975)])
        XCTAssertTrue(contacts(capsule, pose(0.2, 0.3, 0.61, alongX), box, .identity).isEmpty)
    }

    func testCapsuleTiltedOnBoxTouchesWithLowerEnd() {
        let box = Shape.box(halfExtents: Vec3(1, 1, 0.5))
        let tilt = rot(.unitY, degrees: 60)   // axis 30° above horizontal
        let lowEnd = 0.5 * sin(30.0 * .pi / 180)
        let cs = contacts(capsule, pose(0, 0, 0.5 + lowEnd + 0.1 - 0.02, tilt), box, .identity)
        assertAll(cs, normal: -.unitZ, depth: 0.02)
        XCTAssertEqual(cs.count, 1)
    }

    func testCapsuleAgainstBoxEdgeAndRotatedBox() {
        let box = Shape.box(halfExtents: Vec3(0.5, 0.5, 0.5))
        // Capsule along y passing over the edge x = 0.5, z = 0.5, 0.09 away along the diagonal.
        let diag = Vec3(1, 0, 1).normalized!
        let c = Vec3(0.5, 0, 0.5) + 0.09 * diag
        let cs = contacts(box, .identity, capsule, Transform(rotation: alongY, translation: c))
        // Parallel to the edge: the whole edge is closest, so both ends of it are reported.
        assertAll(cs, normal: diag, depth: 0.01)
        assertPositions(cs, [Vec3(0.5, -0.5, 0.5) - 0.005 * diag, Vec3(0.5, 0.5, 0.5) - 0.005 * diag])
        // The same configuration with everything rotated and shifted.
        let w = pose(0.3, -1, 2, rot(Vec3(1, -1, 2), degrees: 70))
        let rotated = contacts(box, w, capsule, w * Transform(rotation: alongY, translation: c))
        assertAll(rotated, normal: w.rotation * diag, depth: 0.01)
        XCTAssertEqual(rotated.count, 2)
        // Crossing the edge square to it and to the diagonal: a single point at the crossing.
        let crossing = contacts(box, .identity, capsule, Transform(rotation: rot(.unitY, degrees: 135), translation: c))
        assertAll(crossing, normal: diag, depth: 0.01)
        assertPositions(crossing, [Vec3(0.5, 0, 0.5) - 0.005 * diag])
    }

    func testCapsuleAxisInsideBox() {
        let box = Shape.box(halfExtents: Vec3(1, 1, 1))
        // Vertical capsule whose lower end is 0.5 deep: pushed up by 0.5 + r.
        let cs = contacts(box, .identity, capsule, pose(0.2, 0, 1.0))
        assertAll(cs, normal: .unitZ, depth: 0.6)
        XCTAssertEqual(cs.count, 1)
        assertSymmetric(box, .identity, capsule, pose(0.2, 0, 1.0))
        // Lying inside just under the top face: two points, each pushed out through the top.
        let lying = contacts(box, .identity, capsule, pose(0, 0, 0.9, alongX))
        assertAll(lying, normal: .unitZ, depth: 0.2)
        XCTAssertEqual(lying.count, 2)
    }
}
