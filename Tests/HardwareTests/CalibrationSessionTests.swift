import Foundation
import Physics
import RobotModel
import Spatial
import XCTest

@testable import Hardware

/// Calibrating an emulated unit records what the emulator knows of its own servo mounts.
final class CalibrationSessionTests: XCTestCase {
    func testNonInteractiveCalibrationMatchesTheUnit() throws {
        for robot in ["so101", "open_manipulator_x"] {
            let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/" + robot)
            let scene = try Scene(SceneDescription(file: "test", gravity: Vec3(0, 0, 0), timestep: 0.001,
                                                   robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: []))
            let emulator = try ServoChainEmulator(configuration: configuration, scene: scene, seed: 11)
            let link = NSTemporaryDirectory() + "embody-cal-\(UUID().uuidString.prefix(8))"
            try emulator.open(link: link)
            emulator.start()
            defer { emulator.stop() }
            let session = try CalibrationSession(configuration: configuration, model: model, port: link)
            try session.recordZero()
            let recorded = try session.calibration(sweep: false)
            let truth = try emulator.matchingCalibration()
            for joint in configuration.joints {
                let r = try XCTUnwrap(recorded.joints[joint.name]), t = try XCTUnwrap(truth.joints[joint.name])
                XCTAssertEqual(r.homingOffset, t.homingOffset, accuracy: 1, "\(robot) \(joint.name)")
                XCTAssertEqual(r.rangeMin, t.rangeMin, accuracy: 1)
                XCTAssertEqual(r.rangeMax, t.rangeMax, accuracy: 1)
            }
            XCTAssertThrowsError(try session.calibration(sweep: true), "nothing moved: a sweep must be refused")
        }
    }
}
