import AllocationCounter
import Foundation
@testable import Physics
import Spatial
import XCTest

/// Properties every pair routine must have, checked over random poses of random shape pairs.
final class CollisionConsistencyTests: XCTestCase {
    static let shapes: [Shape] = [
        .plane,
        .sphere(radius: 0.25),
        .capsule(radius: 0.15, halfLength: 0.3),
        .box(halfExtents: Vec3(0.3, 0.2, 0.15)),
        .cylinder(radius: 0.2, halfLength: 0.25),
    ]

    /// A random pose near the origin, so the pair overlaps often.
    static func randomPose(_ rng: inout TestRandom, spread: Double = 0.35) -> Transform {
        Transform(rotation: rng.rotation(),
                  translation: Vec3(rng.uniform(-spread, spread), rng.uniform(-spread, spread), rng.uniform(-spread, spread)))
    }

    func testRandomPairsAreConsistent() {
        var rng = TestRandom(seed: 0xC0111DE)
        var checkedContacts = 0, separatedAfterPush = 0
        let margin = 0.01
        for trial in 0..<6000 {
            let a = Self.shapes[Int(rng.next() % 5)], b = Self.shapes[Int(rng.next() % 5)]
            if a == .plane && b == .plane { continue }
            let pa = Self.randomPose(&rng), pb = Self.randomPose(&rng)
            let cs = contacts(a, pa, b, pb, margin: margin)
            // Both argument orders run the same arithmetic: identical contacts with flipped normals.
            let back = contacts(b, pb, a, pa, margin: margin)
            XCTAssertEqual(cs.count, back.count, "trial \(trial): \(a) vs \(b)")
            if cs.count == back.count {
                for (x, y) in zip(cs, back) {
                    XCTAssertEqual(x.normal, -y.normal, "trial \(trial): \(a) vs \(b)")
                    XCTAssertEqual(x.depth, y.depth, "trial \(trial): \(a) vs \(b)")
                    XCTAssertEqual(x.position, y.position, "trial \(trial): \(a) vs \(b)")
                }
            }
            guard let deepest = cs.max(by: { $0.depth < $1.depth }) else { continue }
            let boxA = boundingBox(a, pa, margin: margin + 1e-9), boxB = boundingBox(b, pb, margin: margin + 1e-9)
            for c in cs {
                checkedContacts += 1
                XCTAssertEqual(c.normal.norm, 1, accuracy: 1e-9, "trial \(trial): \(a) vs \(b)")
                XCTAssertGreaterThanOrEqual(c.depth, -margin - 1e-12)
                XCTAssertTrue(c.depth.isFinite && c.position.x.isFinite && c.position.y.isFinite && c.position.z.isFinite)
                // The position lies between the shapes: inside both bounding boxes grown by the depth.
                let slack = max(c.depth, 0) + 1e-7
                for box in [boxA, boxB] {
                    let grown = AABB(min: box.min - Vec3(slack, slack, slack), max: box.max + Vec3(slack, slack, slack))
                    XCTAssertTrue(grown.overlaps(AABB(min: c.position, max: c.position)),
                                  "trial \(trial): \(a) vs \(b): \(c.position) outside \(box)")
                }
            }
            // Moving b along the deepest contact's normal by its depth (plus a little) separates the pair,
            // or at least reduces the deepest penetration.
            guard deepest.depth > 1e-6 else { continue }
            let eps = 1e-4
            let moved = Transform(rotation: pb.rotation, translation: pb.translation + (deepest.depth + eps) * deepest.normal)
            let after = contacts(a, pa, b, moved, margin: 0)
            let afterDepth = after.map(\.depth).max() ?? -.infinity
            if after.isEmpty || afterDepth <= 1e-7 { separatedAfterPush += 1 }
            XCTAssertLessThan(afterDepth, deepest.depth - eps / 2, "trial \(trial): \(a) at \(pa) vs \(b) at \(pb): \(cs)")
        }
        XCTAssertGreaterThan(checkedContacts, 3000)
        XCTAssertGreaterThan(separatedAfterPush, 1000)
    }

    /// Rotating a whole configuration rotates its contacts: the routines do not depend on the world frame.
    /// Same-kind pairs may come out in another order (the canonical order depends on the poses), so the
    /// contacts are matched as sets. GJK/EPA normals on curved surfaces are converged to ~1e-4 (EPA
    /// stops when the polytope is within 1e-10 of the boundary; chords of a curved boundary tilt the
    /// normal by about the square root of that over the radius).
    func testFrameIndependence() {
        var rng = TestRandom(seed: 42)
        for _ in 0..<500 {
            let a = Self.shapes[Int(rng.next() % 5)], b = Self.shapes[1 + Int(rng.next() % 4)]
            let pa = Self.randomPose(&rng), pb = Self.randomPose(&rng)
            let w = Self.randomPose(&rng, spread: 3)
            let cs = contacts(a, pa, b, pb, margin: 0.01)
            let ws = contacts(a, w * pa, b, w * pb, margin: 0.01)
            XCTAssertEqual(cs.count, ws.count, "\(a) vs \(b)")
            let convex = a.collisionRank == 4 || b.collisionRank == 4
            let normalTolerance = convex ? 5e-4 : 1e-9
            let positionTolerance = convex ? 5e-4 : 1e-9
            for x in cs {
                let matched = ws.contains { y in
                    abs(x.depth - y.depth) < 1e-6 && (w.rotation * x.normal - y.normal).norm < normalTolerance
                        && (w.act(point: x.position) - y.position).norm < positionTolerance
                }
                XCTAssertTrue(matched, "\(a) vs \(b): \(x) has no counterpart in \(ws)")
            }
        }
    }

    func testCollideAndBroadphaseDoNotAllocate() {
        var rng = TestRandom(seed: 7)
        var pairs: [(Shape, Transform, Shape, Transform)] = []
        for i in 0..<5 {
            for j in 0..<5 where !(i == 0 && j == 0) {
                for _ in 0..<8 { pairs.append((Self.shapes[i], Self.randomPose(&rng), Self.shapes[j], Self.randomPose(&rng))) }
            }
        }
        let buffer = ContactBuffer(capacity: 4096)
        let broadphase = Broadphase(geomCapacity: 64, pairCapacity: 2048)
        var boxes = (0..<40).map { i in
            boundingBox(Self.shapes[i % 5], Self.randomPose(&rng, spread: 1), margin: 0.01)
        }
        var total = 0
        let run = {
            buffer.removeAll()
            for k in pairs.indices {
                total += collide(pairs[k].0, pairs[k].1, pairs[k].2, pairs[k].3, ids: (0, 1), margin: 0.01, into: buffer)
            }
            let skip = 3
            total += broadphase.findPairs(boxes) { i, j in (i + j) % skip != 0 }
        }
        boxes[0].min.x += 1e-3   // warm-up outside the window (first write may copy the array)
        run()
        let allocations = countAllocations {
            for k in 0..<50 {
                boxes[k % 40].min.x += 1e-3   // in-place: the array is uniquely owned
                run()
            }
        }
        XCTAssertEqual(allocations, 0, "collide + broadphase allocated \(allocations) times in 50 rounds")
        XCTAssertGreaterThan(total, 0)
    }
}
