import Foundation
import XCTest
@testable import Daemon

/// Recording names and paths: only `[A-Za-z0-9_-]{1,64}`, only inside the folder, never through a
/// planted symlink.
final class RecordingControlTests: XCTestCase {
    func testNamesOutsideTheAlphabetAreRefused() {
        for bad in ["", "../../etc/passwd", "%2e%2e", "%2e%2e%2fetc", "/etc/passwd", "a/b", "a b", "ok.mcap", "..",
                    String(repeating: "a", count: 65), "naïve"] {
            XCTAssertThrowsError(try RecordingControl.validate(bad), bad) { error in
                XCTAssertEqual((error as? APIError)?.status.code, 400)
            }
        }
        for good in ["run-1", "A_b-9", String(repeating: "z", count: 64)] {
            XCTAssertNoThrow(try RecordingControl.validate(good), good)
        }
    }

    func testWritesInsideTheFolderAndRefusesASymlink() throws {
        let folder = DaemonFixtures.temporaryFolder()
        let recordings = try RecordingControl(folder: folder + "/rec", jointNames: ["a", "b"])
        let outside = folder + "/outside.mcap"
        try FileManager.default.createSymbolicLink(atPath: folder + "/rec/trap.mcap", withDestinationPath: outside)
        XCTAssertThrowsError(try recordings.start("trap")) { error in
            XCTAssertEqual((error as? APIError)?.status.code, 409)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: outside))
        let info = try recordings.start("take1")
        XCTAssertEqual(info.path, folder + "/rec/take1.mcap")
        XCTAssertThrowsError(try recordings.start("take2"))  // one at a time
        let stopped = try recordings.stop()
        XCTAssertEqual(stopped.name, "take1")
        XCTAssertGreaterThan(stopped.bytes, 0)
        XCTAssertThrowsError(try recordings.start("take1")) { error in  // never overwritten
            XCTAssertEqual((error as? APIError)?.status.code, 409)
        }
    }
}
