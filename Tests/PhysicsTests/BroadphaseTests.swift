import Foundation
@testable import Physics
import Spatial
import XCTest

final class BroadphaseTests: XCTestCase {
    /// Every overlapping, filtered pair, by brute force.
    func bruteForce(_ boxes: [AABB], _ filter: (Int, Int) -> Bool) -> Set<[Int32]> {
        var out = Set<[Int32]>()
        for i in boxes.indices {
            for j in boxes.indices where i < j && boxes[i].overlaps(boxes[j]) && filter(i, j) { out.insert([Int32(i), Int32(j)]) }
        }
        return out
    }

    func randomBoxes(_ rng: inout TestRandom, count: Int) -> [AABB] {
        (0..<count).map { i in
            let shape = CollisionConsistencyTests.shapes[i % 5]
            let p = Transform(rotation: rng.rotation(), translation: Vec3(rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-0.5, 3)))
            return boundingBox(shape, p, margin: 0.01)
        }
    }

    func testMatchesBruteForceWithPlanesAndFilter() {
        var rng = TestRandom(seed: 11)
        let broadphase = Broadphase(geomCapacity: 100, pairCapacity: 5000)
        for round in 0..<30 {
            var boxes = randomBoxes(&rng, count: 60 + round)
            // A tilted plane is unbounded in every direction; a floor only below z = margin.
            boxes.append(boundingBox(.plane, Transform(rotation: rot(.unitX, degrees: 10)), margin: 0.01))
            let filter: (Int, Int) -> Bool = { i, j in (i * 7 + j) % 5 != 0 }
            let n = broadphase.findPairs(boxes, filter: filter)
            let found = Set(broadphase.pairs.map { [$0.a, $0.b] })
            XCTAssertEqual(n, found.count, "duplicate pairs")
            XCTAssertEqual(found, bruteForce(boxes, filter))
            XCTAssertTrue(broadphase.pairs.allSatisfy { $0.a < $0.b })
            XCTAssertEqual(broadphase.droppedPairs, 0)
        }
    }

    func testPlanesAreAlwaysCandidatesButNotWithEachOther() {
        let floor = boundingBox(.plane, .identity, margin: 0.01)
        XCTAssertEqual(floor.max.z, 0.01)
        XCTAssertEqual(floor.min.z, -.infinity)
        XCTAssertEqual(floor.max.x, .infinity)
        let wall = boundingBox(.plane, Transform(rotation: rot(.unitY, degrees: 30)), margin: 0)
        XCTAssertTrue(wall.isUnbounded && wall.max.z == .infinity && wall.min.z == -.infinity)
        let far = boundingBox(.sphere(radius: 0.1), pose(100, -50, 0.05), margin: 0)
        let high = boundingBox(.sphere(radius: 0.1), pose(0, 0, 5), margin: 0)
        let broadphase = Broadphase(geomCapacity: 8, pairCapacity: 8)
        broadphase.findPairs([floor, far, wall, high]) { _, _ in true }
        let found = Set(broadphase.pairs.map { [$0.a, $0.b] })
        // The floor meets the far sphere resting on it, not the one 5 m up; the wall meets everything.
        XCTAssertEqual(found, [[0, 1], [0, 2], [1, 2], [2, 3]])
        // The simulator's filter drops plane–plane (static–static).
        broadphase.findPairs([floor, far, wall, high]) { i, j in !(i == 0 && j == 2) }
        XCTAssertEqual(Set(broadphase.pairs.map { [$0.a, $0.b] }), [[0, 1], [1, 2], [2, 3]])
    }

    func testOutputDependsOnlyOnTheBoxes() {
        // Two broad phases with different histories report the same pairs in the same order.
        var rng = TestRandom(seed: 5)
        let a = Broadphase(geomCapacity: 64, pairCapacity: 2000), b = Broadphase(geomCapacity: 64, pairCapacity: 2000)
        for _ in 0..<5 { b.findPairs(randomBoxes(&rng, count: 50)) { _, _ in true } }
        var boxes = randomBoxes(&rng, count: 50)
        boxes[3] = boxes[7]   // identical boxes: ties broken by index
        a.findPairs(boxes) { _, _ in true }
        b.findPairs(boxes) { _, _ in true }
        XCTAssertEqual(Array(a.pairs), Array(b.pairs))
    }

    func testCapacityOverflowIsCounted() {
        let boxes = [AABB](repeating: AABB(min: .zero, max: Vec3(1, 1, 1)), count: 10)   // 45 pairs
        let broadphase = Broadphase(geomCapacity: 10, pairCapacity: 40)
        XCTAssertEqual(broadphase.findPairs(boxes) { _, _ in true }, 40)
        XCTAssertEqual(broadphase.droppedPairs, 5)
    }

    func testBoundingBoxesAreTight() {
        let r = rot(.unitZ, degrees: 45)
        let box = boundingBox(.box(halfExtents: Vec3(1, 1, 0.5)), pose(1, 2, 3, r), margin: 0.1)
        let e = 2.0.squareRoot()
        assertClose(box.min, Vec3(1 - e - 0.1, 2 - e - 0.1, 2.4), 1e-12)
        assertClose(box.max, Vec3(1 + e + 0.1, 2 + e + 0.1, 3.6), 1e-12)
        // A cylinder tilted 90° about x: axis along y; a disc of radius r spans ±r in x and z.
        let cyl = boundingBox(.cylinder(radius: 0.2, halfLength: 0.5), pose(0, 0, 0, rot(.unitX, degrees: 90)), margin: 0)
        assertClose(cyl.max, Vec3(0.2, 0.5, 0.2), 1e-12)
        // Tilted 30°: half-height hl cos 30° + r sin 30°.
        let tilted = boundingBox(.cylinder(radius: 0.2, halfLength: 0.5), pose(0, 0, 0, rot(.unitX, degrees: 30)), margin: 0)
        XCTAssertEqual(tilted.max.z, 0.5 * cos(.pi / 6) + 0.2 * sin(.pi / 6), accuracy: 1e-12)
        XCTAssertEqual(tilted.max.x, 0.2, accuracy: 1e-12)
        let capsule = boundingBox(.capsule(radius: 0.1, halfLength: 0.3), pose(0, 0, 1, rot(.unitY, degrees: 90)), margin: 0)
        assertClose(capsule.min, Vec3(-0.4, -0.1, 0.9), 1e-12)
        let sphere = boundingBox(.sphere(radius: 0.25), pose(1, 1, 1), margin: 0.05)
        assertClose(sphere.max, Vec3(1.3, 1.3, 1.3), 1e-12)
    }

    /// Sampled surface points of every shape lie inside its box (the box is conservative).
    func testBoundingBoxesContainSupportPoints() {
        var rng = TestRandom(seed: 3)
        for shape in CollisionConsistencyTests.shapes where shape != .plane {
            for _ in 0..<50 {
                let p = Transform(rotation: rng.rotation(), translation: Vec3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)))
                let aabb = boundingBox(shape, p, margin: 0)
                let g = ConvexGeom(shape, p)
                for k in 0..<3 {
                    var d = Vec3.zero
                    d[k] = 1
                    XCTAssertEqual(g.support(d).dot(d) + g.inflation, aabb.max[k], accuracy: 1e-12, "\(shape)")
                    XCTAssertEqual(g.support(-d).dot(d) - g.inflation, aabb.min[k], accuracy: 1e-12, "\(shape)")
                }
            }
        }
    }
}
