import Foundation
import XCTest

@testable import Imaging

/// What can be tested without a camera: every way opening fails before streaming, with the line a user sees.
/// (No /dev/video* exists on the CI machine; streaming itself is covered through `VideoFileSource`, which
/// shares the conversion, undistortion and resizing code.)
final class V4L2CameraTests: XCTestCase {
    func testMissingDevice() {
        for device in ["/dev/video7", "7"] {
            XCTAssertThrowsError(try V4L2Camera(device: device, width: 640, height: 480)) {
                XCTAssertEqual(($0 as? CameraError)?.kind, .noDevice)
                XCTAssertEqual("\($0)", "/dev/video7: no such device")
            }
        }
        XCTAssertThrowsError(try V4L2Camera(index: 7)) { XCTAssertEqual("\($0)", "/dev/video7: no such device") }
    }

    /// /dev/null is a character device that open() accepts but VIDIOC_QUERYCAP refuses: the check must stop there.
    func testCharacterDeviceThatIsNotV4L2() {
        XCTAssertThrowsError(try V4L2Camera(device: "/dev/null")) {
            XCTAssertEqual(($0 as? CameraError)?.kind, .notACaptureDevice)
            XCTAssertEqual("\($0)", "/dev/null: not a V4L2 video device (Inappropriate ioctl for device)")
        }
    }

    func testRegularFileIsNotADevice() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-camera-\(UUID().uuidString)").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3])))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertThrowsError(try V4L2Camera(device: path)) {
            XCTAssertEqual(($0 as? CameraError)?.kind, .notACaptureDevice)
            XCTAssertEqual("\($0)", "\(path): not a video device (not a character device)")
        }
    }

    func testBadRequestsAreRefusedBeforeTouchingTheDevice() {
        XCTAssertThrowsError(try V4L2Camera(device: "/dev/video0", pixelFormat: "MJPEG")) {
            XCTAssertEqual(($0 as? CameraError)?.kind, .invalidArgument)
            XCTAssertEqual("\($0)", "/dev/video0: pixel format 'MJPEG' is not a FOURCC like MJPG or YUYV")
        }
        XCTAssertThrowsError(try V4L2Camera(device: "/dev/video0", width: -1, height: 480)) {
            XCTAssertEqual(($0 as? CameraError)?.kind, .invalidArgument)
        }
    }
}
