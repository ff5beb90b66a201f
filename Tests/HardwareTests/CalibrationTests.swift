import Foundation
import RobotModel
import XCTest

@testable import Hardware

final class CalibrationTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "embody-calibration-\(UUID().uuidString.prefix(8))/"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func so101() throws -> RobotConfiguration {
        try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/so101").configuration
    }

    /// A LeRobot SO-101 follower calibration file, as LeRobot writes it.
    let leRobotFile = """
        {
            "shoulder_pan": {"id": 1, "drive_mode": 0, "homing_offset": -1470, "range_min": 758, "range_max": 3292},
            "shoulder_lift": {"id": 2, "drive_mode": 0, "homing_offset": 157, "range_min": 815, "range_max": 3245},
            "elbow_flex": {"id": 3, "drive_mode": 0, "homing_offset": -1276, "range_min": 840, "range_max": 3094},
            "wrist_flex": {"id": 4, "drive_mode": 0, "homing_offset": 1017, "range_min": 856, "range_max": 3206},
            "wrist_roll": {"id": 5, "drive_mode": 0, "homing_offset": -1214, "range_min": 0, "range_max": 4095},
            "gripper": {"id": 6, "drive_mode": 0, "homing_offset": -1401, "range_min": 2031, "range_max": 3530}
        }
        """

    func write(_ text: String, _ name: String = "unit.json") -> String {
        let path = directory + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func testLoadsLeRobotFileAndValidates() throws {
        let calibration = try Calibration.load(contentsOf: write(leRobotFile))
        XCTAssertEqual(calibration.joints.count, 6)
        XCTAssertEqual(calibration.joints["shoulder_pan"], .init(id: 1, driveMode: 0, homingOffset: -1470, rangeMin: 758, rangeMax: 3292))
        XCTAssertNoThrow(try calibration.validate(against: try so101()))
    }

    func testSaveLoadRoundTrip() throws {
        let calibration = try Calibration.load(contentsOf: write(leRobotFile))
        let path = directory + "saved.json"
        try calibration.save(to: path, order: try so101().joints.map(\.name))
        var again = try Calibration.load(contentsOf: path)
        again.file = calibration.file
        XCTAssertEqual(again, calibration)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{\n    \"shoulder_pan\": {\n        \"id\": 1,"))
    }

    func testOneLineErrors() throws {
        let cases: [(String, String)] = [
            ("{", "unit.json: not valid JSON"),
            ("[1]", "unit.json: expected an object of joints"),
            (#"{"elbow_flex": {"id": 3, "drive_mode": 0, "homing_offset": 0, "range_min": 0}}"#, #"unit.json: "elbow_flex" range_max: missing"#),
            (#"{"elbow_flex": {"id": 3, "drive_mode": 0, "homing_offset": 0.5, "range_min": 0, "range_max": 1}}"#, #"unit.json: "elbow_flex" homing_offset: expected an integer, found 0.5"#),
            (#"{"elbow_flex": {"id": 3, "drive_mode": 0, "homing_offset": 0, "range_min": 0, "range_max": 1, "calib_mode": "x"}}"#, #"unit.json: "elbow_flex" calib_mode: unknown field"#),
        ]
        for (text, prefix) in cases {
            XCTAssertThrowsError(try Calibration.load(contentsOf: write(text))) { error in
                XCTAssertTrue("\(error)".hasPrefix(directory + prefix), "\(error)")
            }
        }
        XCTAssertThrowsError(try Calibration.load(contentsOf: directory + "absent.json")) {
            XCTAssertEqual("\($0)", directory + "absent.json: no such file")
        }
    }

    func testValidationAgainstTheRobot() throws {
        let configuration = try so101()
        var calibration = try Calibration.load(contentsOf: write(leRobotFile))
        calibration.file = "unit.json"
        var wrongID = calibration
        wrongID.joints["gripper"]?.id = 7
        XCTAssertThrowsError(try wrongID.validate(against: configuration)) {
            XCTAssertTrue("\($0)".hasPrefix("unit.json: \"gripper\" id: 7 differs from servo_id 6"), "\($0)")
        }
        var tooFar = calibration
        tooFar.joints["elbow_flex"]?.homingOffset = -2048
        XCTAssertThrowsError(try tooFar.validate(against: configuration)) {
            XCTAssertTrue("\($0)".hasPrefix("unit.json: \"elbow_flex\" homing_offset: -2048 is beyond what the STS3215 stores (±2047)"), "\($0)")
        }
        var missing = calibration
        missing.joints["wrist_roll"] = nil
        XCTAssertThrowsError(try missing.validate(against: configuration)) { XCTAssertTrue("\($0)".contains("\"wrist_roll\" : missing") || "\($0)".contains("\"wrist_roll\": missing"), "\($0)") }
        var badRange = calibration
        badRange.joints["wrist_flex"]?.rangeMax = 4096
        XCTAssertThrowsError(try badRange.validate(against: configuration))
        var extra = calibration
        extra.joints["elbow"] = .init(id: 9, homingOffset: 0, rangeMin: 0, rangeMax: 1)
        XCTAssertThrowsError(try extra.validate(against: configuration)) { XCTAssertTrue("\($0)".contains("not a joint of so101"), "\($0)") }
    }

    func testNominalCalibrationCentresTheZeroPose() throws {
        let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/so101")
        var zero: [String: Double] = [:]
        for joint in configuration.joints { zero[joint.name] = 2047 + 300 }
        let calibration = try Calibration.nominal(configuration: configuration, model: model, zeroTicks: zero, ticksPerMetre: 1)
        let pan = try XCTUnwrap(calibration.joints["shoulder_pan"])
        XCTAssertEqual(pan.homingOffset, 300, "Feetech: present = actual − offset reads 2047 at zero")
        XCTAssertEqual(pan.rangeMin, Int((2047 - 1.91986 * 4096 / (2 * Double.pi)).rounded(.down)))
        XCTAssertNoThrow(try calibration.validate(against: configuration))

        let omx = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/open_manipulator_x")
        var zeroX: [String: Double] = [:]
        for joint in omx.configuration.joints { zeroX[joint.name] = 2047 + 300 }
        let x = try Calibration.nominal(configuration: omx.configuration, model: omx.model, zeroTicks: zeroX, ticksPerMetre: 65_000)
        XCTAssertEqual(x.joints["joint1"]?.homingOffset, -300, "Dynamixel: present = actual + offset")
        XCTAssertEqual(x.joints["gripper"]?.rangeMin, Int((2047 - 0.010 * 65_000).rounded(.down)))
    }
}
