import Foundation
import Physics
import Spatial
import XCTest

final class CameraIntrinsicsTests: XCTestCase {
    /// The field of view spans the outer edges of the outer pixel rows, pixel centres at integers.
    func testFieldOfViewAndPixelCentreConvention() throws {
        let k = CameraIntrinsics(width: 160, height: 120, fovYDegrees: 60)
        XCTAssertEqual(k.cx, 79.5)
        XCTAssertEqual(k.cy, 59.5)
        XCTAssertEqual(k.fx, k.fy)
        let top = try XCTUnwrap(k.project(Vec3(0, -tan(Double.pi / 6), 1)))
        let bottom = try XCTUnwrap(k.project(Vec3(0, tan(Double.pi / 6), 1)))
        XCTAssertEqual(top.v, -0.5, accuracy: 1e-12)
        XCTAssertEqual(bottom.v, 119.5, accuracy: 1e-12)
        XCTAssertNil(k.project(Vec3(0, 0, 0)))
        XCTAssertNil(k.project(Vec3(0.1, 0, -1)))
        // ray(u:v:) inverts project at any depth.
        let p = Vec3(0.12, -0.05, 0.8)
        let uv = try XCTUnwrap(k.project(p))
        let back = p.z * k.ray(u: uv.u, v: uv.v)
        XCTAssertEqual((back - p).norm, 0, accuracy: 1e-12)
    }

    /// `Transform.camera` looks at the target (it lands on the principal point), keeps `up` up in
    /// the image (smaller v), keeps x to the right, and is a proper rotation.
    func testLookAtPose() throws {
        let k = CameraIntrinsics(width: 128, height: 128, fovYDegrees: 60)
        let eye = Vec3(1, -2, 1.5), target = Vec3(0.2, 0.1, 0.7)
        let pose = Transform.camera(eye: eye, lookAt: target)
        let r = pose.rotation
        XCTAssertEqual(r.determinant, 1, accuracy: 1e-12)
        XCTAssertEqual((r.transposedTimes(r.c0) - .unitX).norm, 0, accuracy: 1e-12)
        let centre = try XCTUnwrap(k.project(pose.actInverse(point: target)))
        XCTAssertEqual(centre.u, k.cx, accuracy: 1e-9)
        XCTAssertEqual(centre.v, k.cy, accuracy: 1e-9)
        let above = try XCTUnwrap(k.project(pose.actInverse(point: target + Vec3(0, 0, 0.1))))
        XCTAssertLessThan(above.v, centre.v)
        XCTAssertEqual(above.u, centre.u, accuracy: 1e-9, "world vertical stays vertical in the image")
        // Looking along +x with z up, world −y is to the right.
        let alongX = Transform.camera(eye: .zero, lookAt: .unitX)
        let right = try XCTUnwrap(k.project(alongX.actInverse(point: Vec3(1, -0.1, 0))))
        XCTAssertGreaterThan(right.u, k.cx)
        // Straight down: up is parallel to the view; still a valid rotation.
        let down = Transform.camera(eye: Vec3(0, 0, 1), lookAt: .zero)
        XCTAssertEqual(down.rotation.determinant, 1, accuracy: 1e-12)
        XCTAssertEqual((down.rotation.c2 - Vec3(0, 0, -1)).norm, 0, accuracy: 1e-12)
    }
}
