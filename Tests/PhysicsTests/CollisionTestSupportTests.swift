import Foundation
@testable import Physics
import Spatial
import XCTest

// Shared helpers for the collision tests (kept in a `Collision*Tests.swift` file so each family's test
// file reads as a list of configurations and their analytic answers).

/// The contacts `collide` reports for one pair, copied out of a fresh buffer.
func contacts(_ a: Shape, _ pa: Transform, _ b: Shape, _ pb: Transform, margin: Double = 0,
              ids: (Int32, Int32) = (1, 2)) -> [Contact] {
    let buffer = ContactBuffer(capacity: 64)
    let n = collide(a, pa, b, pb, ids: ids, margin: margin, into: buffer)
    XCTAssertEqual(n, buffer.count)
    return Array(buffer.contacts)
}

func pose(_ x: Double, _ y: Double, _ z: Double, _ rotation: Mat3 = .identity) -> Transform {
    Transform(rotation: rotation, translation: Vec3(x, y, z))
}

func rot(_ axis: Vec3, degrees: Double) -> Mat3 { Mat3.axisAngle(axis.normalized!, degrees * .pi / 180) }

func assertClose(_ a: Vec3, _ b: Vec3, _ accuracy: Double = 1e-9, _ message: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertLessThanOrEqual((a - b).norm, accuracy, "\(a) ≠ \(b) \(message)", file: file, line: line)
}

/// Asserts every contact has the given normal and depth, and that the ids are stamped.
func assertAll(_ cs: [Contact], normal: Vec3, depth: Double, accuracy: Double = 1e-9,
               file: StaticString = #filePath, line: UInt = #line) {
    for c in cs {
        assertClose(c.normal, normal, accuracy, "normal", file: file, line: line)
        XCTAssertEqual(c.depth, depth, accuracy: accuracy, "depth", file: file, line: line)
        XCTAssertEqual(c.a, 1, file: file, line: line)
        XCTAssertEqual(c.b, 2, file: file, line: line)
    }
}

/// Asserts that each expected point is matched by some contact position (and vice versa, by count).
func assertPositions(_ cs: [Contact], _ expected: [Vec3], accuracy: Double = 1e-9,
                     file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(cs.count, expected.count, "contact count", file: file, line: line)
    for e in expected {
        XCTAssertTrue(cs.contains { ($0.position - e).norm <= accuracy },
                      "no contact at \(e); got \(cs.map(\.position))", file: file, line: line)
    }
}

/// Calls `collide` in both argument orders and checks that the second is the first with flipped normals.
func assertSymmetric(_ a: Shape, _ pa: Transform, _ b: Shape, _ pb: Transform, margin: Double = 0,
                     accuracy: Double = 1e-12, file: StaticString = #filePath, line: UInt = #line) {
    let ab = contacts(a, pa, b, pb, margin: margin)
    let ba = contacts(b, pb, a, pa, margin: margin)
    XCTAssertEqual(ab.count, ba.count, "count differs between orders", file: file, line: line)
    for (x, y) in zip(ab, ba) {
        assertClose(x.normal, -y.normal, accuracy, "normals not flipped", file: file, line: line)
        assertClose(x.position, y.position, accuracy, file: file, line: line)
        XCTAssertEqual(x.depth, y.depth, accuracy: accuracy, file: file, line: line)
    }
}

/// Reproducible random shapes and poses for the randomized tests, from the project's seeded generator.
struct TestRandom {
    var generator: SeededGenerator
    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
    mutating func next() -> UInt64 { generator.next() }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53)
    }
    mutating func rotation() -> Mat3 {
        let q = Quaternion(w: uniform(-1, 1), x: uniform(-1, 1), y: uniform(-1, 1), z: uniform(-1, 1)).normalized
        return q.matrix
    }
}

final class CollisionDispatchTests: XCTestCase {
    func testPlanePlaneNeverCollides() {
        XCTAssertTrue(contacts(.plane, .identity, .plane, pose(0, 0, -1), margin: 1).isEmpty)
    }

    func testReturnsNumberAddedAndStampsIds() {
        let buffer = ContactBuffer(capacity: 8)
        buffer.append(Contact(position: .zero, normal: .unitZ, depth: 0, a: 0, b: 0))
        let n = collide(.box(halfExtents: Vec3(0.5, 0.5, 0.5)), pose(0, 0, 0.49), .plane, .identity,
                        ids: (7, 3), margin: 0, into: buffer)
        XCTAssertEqual(n, 4)
        XCTAssertEqual(buffer.count, 5)
        for i in 1..<5 {
            XCTAssertEqual(buffer[i].a, 7)
            XCTAssertEqual(buffer[i].b, 3)
            assertClose(buffer[i].normal, -Vec3.unitZ)   // from the box (a) down to the plane (b)
        }
    }

    func testFullBufferCountsDropped() {
        let buffer = ContactBuffer(capacity: 2)
        let n = collide(.plane, .identity, .box(halfExtents: Vec3(0.5, 0.5, 0.5)), pose(0, 0, 0.49),
                        ids: (0, 1), margin: 0, into: buffer)
        XCTAssertEqual(n, 2)
        XCTAssertEqual(buffer.dropped, 2)
    }
}
