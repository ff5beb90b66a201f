import Foundation
import RobotModel
import Spatial
import XCTest

/// `robot.toml`: every shipped robot loads and agrees with its URDF, values arrive as written, and
/// each broken fixture fails with one line naming the file, the line and the key.
final class RobotConfigurationTests: XCTestCase {
    static let fixtures = RepositoryPaths.fixtures.appendingPathComponent("broken_toml")

    static func fixture(_ name: String) -> String {
        fixtures.appendingPathComponent(name + ".toml").path
    }

    // MARK: Shipped robots

    func testEveryShippedRobotLoadsAndValidates() throws {
        let robots = RepositoryPaths.path("robots")
        let names = try FileManager.default.contentsOfDirectory(atPath: robots).sorted().filter {
            FileManager.default.fileExists(atPath: "\(robots)/\($0)/robot.toml")
        }
        XCTAssertTrue(Set(names).isSuperset(of: ["so101", "open_manipulator_x", "pendulum", "two_link_planar"]), "\(names)")
        for name in names {
            let (urdf, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: "\(robots)/\(name)")
            XCTAssertEqual(configuration.name, name)
            XCTAssertEqual(URL(fileURLWithPath: configuration.urdf).standardizedFileURL.path,
                           URL(fileURLWithPath: "\(robots)/\(name)/robot.urdf").standardizedFileURL.path)
            // The entries are exactly the model's joints less the mimics.
            let mimics = Set(urdf.joints.filter { $0.mimic != nil }.map(\.name))
            XCTAssertEqual(Set(configuration.joints.map(\.name)), Set(model.jointNames).subtracting(mimics), name)
            for joint in configuration.joints {
                let info = model.jointInfo[model.jointIndex(named: joint.name)!]
                XCTAssertEqual(joint.limits.lower, info.limit!.lower, accuracy: RobotConfiguration.limitTolerance)
                XCTAssertEqual(joint.limits.upper, info.limit!.upper, accuracy: RobotConfiguration.limitTolerance)
                XCTAssertLessThanOrEqual(joint.limits.torque, joint.maxTorque)
                XCTAssertLessThanOrEqual(joint.limits.velocity, joint.maxVelocity)
            }
        }
    }

    func testSO101ValuesArriveAsWritten() throws {
        let c = try RobotConfiguration.load(contentsOf: RepositoryPaths.path("robots/so101/robot.toml"))
        XCTAssertEqual(c.baseLink, "base_link")
        XCTAssertEqual(c.toolFrame, "gripper_frame_link")
        XCTAssertEqual(c.bus.kind, .feetech)
        XCTAssertEqual(c.bus.wireProtocol, .sts)
        XCTAssertEqual(c.bus.baud, 1_000_000)
        XCTAssertEqual(c.bus.port, "/dev/ttyACM0")
        XCTAssertEqual(c.joints.map(\.name), ["shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll", "gripper"])
        XCTAssertEqual(c.joints.map(\.servoID), [1, 2, 3, 4, 5, 6])
        for joint in c.joints {
            XCTAssertEqual(joint.servoModel, "STS3215")
            XCTAssertEqual(joint.actuator, .positionServo)
            XCTAssertEqual(joint.commandModes, [.position])
            XCTAssertEqual(joint.encoderTicksPerTurn, 4096)
            XCTAssertEqual(joint.servoGains.map { [$0.p, $0.i, $0.d] }, [16, 0, 32])
            XCTAssertEqual(joint.maxTorque, 2.94)
            XCTAssertEqual(joint.maxVelocity, 4.71)
        }
        let elbow = try XCTUnwrap(c.joint(named: "elbow_flex"))
        let l = elbow.limits
        XCTAssertEqual([l.lower, l.upper, l.velocity, l.acceleration, l.jerk, l.torque], [-1.69, 1.69, 4, 20, 400, 2.35])
        XCTAssertEqual(elbow.kp, 10)
        XCTAssertEqual(elbow.kd, 0.5)
        XCTAssertEqual(elbow.armature, 0.012)
        XCTAssertEqual(c.joint(named: "gripper")?.limits.torque, 1.47)
        XCTAssertEqual(c.safety.braking, 0.8)
        XCTAssertEqual(c.safety.tableHeight, 0)
        XCTAssertEqual(c.safety.workspace?.max, Vec3(0.45, 0.45, 0.5))
        XCTAssertEqual(c.safety.baseColumn?.radius, 0.06)
        XCTAssertEqual(c.safety.chunkTimeout, RobotConfiguration.Safety.defaults.chunkTimeout, "unset keys keep their defaults")
    }

    func testOpenManipulatorXLeavesTheMimicFingerOut() throws {
        let (urdf, _, c) = try RobotConfiguration.loadValidated(robotDirectory: RepositoryPaths.path("robots/open_manipulator_x"))
        XCTAssertNotNil(urdf.joints.first { $0.name == "gripper_sub" }?.mimic)
        XCTAssertNil(c.joint(named: "gripper_sub"))
        XCTAssertEqual(c.bus.wireProtocol, .dynamixel2)
        XCTAssertEqual(c.bus.wireProtocol?.servoIDs, 0...252)
        XCTAssertEqual(c.joints.map(\.servoID), [11, 12, 13, 14, 15])
        XCTAssertEqual(c.joint(named: "joint1")?.commandModes, [.position, .velocity, .torque, .impedance])
        XCTAssertEqual(c.joint(named: "gripper")?.commandModes, [.position, .torque])
        XCTAssertEqual(c.joint(named: "gripper")?.servoGains.map { [$0.p, $0.i, $0.d] }, [800, 0, 0])
    }

    func testSimulatedRobotsHaveNoServoData() throws {
        let c = try RobotConfiguration.load(contentsOf: RepositoryPaths.path("robots/pendulum/robot.toml"))
        XCTAssertEqual(c.bus.kind, .none)
        XCTAssertNil(c.bus.wireProtocol)
        XCTAssertNil(c.bus.baud)
        XCTAssertNil(c.bus.port)
        XCTAssertEqual(c.joints.count, 1)
        let hinge = c.joints[0]
        XCTAssertEqual(hinge.actuator, .torque)
        XCTAssertNil(hinge.servoID)
        XCTAssertNil(hinge.servoModel)
        XCTAssertNil(hinge.encoderTicksPerTurn)
        XCTAssertNil(hinge.servoGains)
    }

    // MARK: Fixtures

    func testValidFixtureLoads() throws {
        let (_, model, c) = try RobotConfiguration.loadValidated(contentsOf: Self.fixture("valid"))
        XCTAssertEqual(model.jointNames, ["shoulder", "elbow", "finger", "finger_mirror"])
        XCTAssertEqual(c.joints.map(\.name), ["shoulder", "elbow", "finger"])
        XCTAssertEqual(c.joint(named: "elbow")?.kp, 10, "a TOML integer is accepted where a number is expected")
    }

    /// File in Fixtures/broken_toml → (line, key, fragments the one-line message must contain).
    /// Every file is valid.toml with one mistake, named on its first line.
    static let expectations: [String: (line: Int?, key: String?, fragments: [String])] = [
        "syntax_error": (32, nil, ["syntax_error.toml:32:23: TOML syntax error: Error while parsing string"]),
        "missing_robot_table": (nil, "[robot]", ["missing; expected a table"]),
        "missing_kp": (29, "[[joints]] \"elbow\" kp", ["missing; expected a number"]),
        "missing_baud": (8, "[bus] baud", ["missing; expected an integer", "required when type is \"feetech\""]),
        "kd_is_string": (36, "[[joints]] \"elbow\" kd", ["expected a number, found the string \"0.5\""]),
        "servo_id_is_float": (31, "[[joints]] \"elbow\" servo_id", ["expected an integer, found the number 2.0"]),
        "unknown_actuator": (47, "[[joints]] \"finger\" actuator", ["\"position_servo\"", "found the string \"stepper\""]),
        "unknown_command_mode": (48, "[[joints]] \"finger\" command_modes", ["\"impedance\"", "found the string \"current\""]),
        "empty_command_modes": (34, "[[joints]] \"elbow\" command_modes", ["at least one mode"]),
        "unknown_key": (37, "[[joints]] \"elbow\" max_torqe", ["unknown key", "max_torque"]),
        "duplicate_servo_id": (45, "[[joints]] \"finger\" servo_id", ["2 is already used by \"elbow\""]),
        "servo_id_out_of_range": (45, "[[joints]] \"finger\" servo_id", ["0...253", "\"sts\"", "found 254"]),
        "protocol_mismatch": (10, "[bus] protocol", ["expected \"sts\" for a feetech bus, found \"2.0\""]),
        "baud_on_simulated_bus": (11, "[bus] baud", ["not allowed when type is \"none\""]),
        "negative_kp": (49, "[[joints]] \"finger\" kp", ["expected a positive number, found -500.0"]),
        "nan_jerk": (41, "[[joints]] \"elbow\" limits.jerk", ["expected a finite number, found nan"]),
        "lower_above_upper": (55, "[[joints]] \"finger\" limits.upper", ["above limits.lower (0.02), found -0.01"]),
        "velocity_above_max_velocity": (27, "[[joints]] \"shoulder\" limits.velocity", ["5.0 exceeds max_velocity 4.71"]),
        "torque_above_max_torque": (27, "[[joints]] \"shoulder\" limits.torque", ["3.0 exceeds max_torque 2.94"]),
        "duplicate_joint_name": (30, "[[joints]] \"shoulder\" name", ["already listed", "line 14"]),
        "joint_not_in_urdf": (30, "[[joints]] \"knee\" name", ["no joint \"knee\" in robot.urdf", "\"shoulder\", \"elbow\", \"finger\""]),
        "fixed_joint_listed": (30, "[[joints]] \"tool_joint\" name", ["robot.urdf:46", "is fixed"]),
        "mimic_joint_listed": (44, "[[joints]] \"finger_mirror\" name", ["robot.urdf:58", "mimics \"finger\""]),
        "urdf_joint_missing": (nil, "[[joints]]", ["prismatic joint \"finger\" (robot.urdf:51) has no entry"]),
        "limit_differs_from_urdf": (41, "[[joints]] \"elbow\" limits.lower", ["-2.0 differs from the URDF's -1.69 (robot.urdf:39)"]),
        "torque_above_urdf_effort": (41, "[[joints]] \"elbow\" limits.torque", ["2.5 exceeds the URDF's <limit effort=\"2.0\">"]),
        "base_link_not_root": (5, "[robot] base_link", ["root link \"base\"", "found \"upper\""]),
        "tool_frame_missing": (6, "[robot] tool_frame", ["no link \"gripper\" in robot.urdf"]),
        "urdf_missing": (4, "[robot] urdf", ["the URDF does not load", "robot_v2.urdf: no such file"]),
        "braking_above_one": (58, "[safety] braking", ["expected a fraction of limits.acceleration in (0, 1], found 1.5"]),
        "workspace_inverted": (58, "[safety] workspace.max", ["expected every coordinate above workspace.min's"]),
        "name_differs_from_folder": (3, "[robot] name", ["expected \"broken_toml\" (the folder name), found \"so101\""]),
    ]

    func testEveryBrokenFileHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".toml") && $0 != "valid.toml" }.map { String($0.dropLast(5)) }
        XCTAssertEqual(Set(files), Set(Self.expectations.keys))
    }

    func testBrokenFilesFailWithOneClearLine() {
        for (name, expected) in Self.expectations.sorted(by: { $0.key < $1.key }) {
            let path = Self.fixture(name)
            do {
                _ = try RobotConfiguration.loadValidated(contentsOf: path)
                XCTFail("\(name): loaded without error")
            } catch {
                let text = error.description
                XCTAssertEqual(error.file, path, name)
                XCTAssertEqual(error.line, expected.line, "\(name): \(text)")
                XCTAssertEqual(error.key, expected.key, "\(name): \(text)")
                XCTAssertTrue(text.hasPrefix(path), "\(name): \(text)")
                XCTAssertFalse(text.contains("\n"), "\(name): message is not one line")
                for fragment in expected.fragments {
                    XCTAssertTrue(text.contains(fragment), "\(name): \"\(text)\" lacks \"\(fragment)\"")
                }
            }
        }
    }

    /// `load` needs the file alone; agreement with the URDF is `validate`'s, so a configuration whose
    /// URDF is broken or disagrees can still be read and reported on.
    func testLoadDoesNotReadTheURDF() throws {
        let c = try RobotConfiguration.load(contentsOf: Self.fixture("urdf_missing"))
        XCTAssertTrue(c.urdf.hasSuffix("broken_toml/robot_v2.urdf"), c.urdf)
        let knee = try RobotConfiguration.load(contentsOf: Self.fixture("joint_not_in_urdf"))
        let urdf = try URDF.load(contentsOf: Self.fixtures.appendingPathComponent("robot.urdf").path)
        XCTAssertThrowsError(try knee.validate(against: urdf))
    }

    func testPositionLimitsMustMatchTheURDFWithinTolerance() throws {
        let valid = try String(contentsOfFile: Self.fixture("valid"), encoding: .utf8)
        let urdf = try URDF.load(contentsOf: Self.fixtures.appendingPathComponent("robot.urdf").path)
        for (lower, passes) in [("-1.690000000001", true), ("-1.6900001", false), ("-1.69e0", true)] {
            let text = valid.replacingOccurrences(of: "lower = -1.69,", with: "lower = \(lower),")
            XCTAssertNotEqual(text, valid)
            let c = try RobotConfiguration.parse(text, file: Self.fixture("valid"))
            if passes {
                XCTAssertNoThrow(try c.validate(against: urdf), lower)
            } else {
                do {
                    try c.validate(against: urdf)
                    XCTFail("\(lower): accepted")
                } catch {
                    XCTAssertEqual(error.key, "[[joints]] \"elbow\" limits.lower")
                }
            }
        }
    }

    func testDynamixelIDRangeStopsBelowTheReservedID() throws {
        let valid = try String(contentsOfFile: Self.fixture("valid"), encoding: .utf8)
        let dynamixel = valid.replacingOccurrences(of: "type = \"feetech\"\nprotocol = \"sts\"",
                                                   with: "type = \"dynamixel\"\nprotocol = \"2.0\"")
        XCTAssertNotEqual(dynamixel, valid)
        for (id, passes) in [(252, true), (253, false)] {
            let text = dynamixel.replacingOccurrences(of: "servo_id = 3", with: "servo_id = \(id)")
            if passes {
                XCTAssertEqual(try RobotConfiguration.parse(text, file: "robot.toml").joints[2].servoID, id)
            } else {
                do {
                    _ = try RobotConfiguration.parse(text, file: "robot.toml")
                    XCTFail("ID \(id) accepted")
                } catch {
                    XCTAssertEqual(error.key, "[[joints]] \"finger\" servo_id")
                    XCTAssertTrue(error.message.contains("0...252"), error.message)
                }
            }
        }
    }

    func testMangledFilesNeverCrashAndAlwaysReportOneLine() throws {
        // Every truncation of the valid file (cutting tables, keys, strings and inline tables
        // mid-way) either parses or throws one single-line error; none traps.
        let valid = try String(contentsOfFile: Self.fixture("valid"), encoding: .utf8)
        var failures = 0
        for length in 0..<valid.utf8.count {
            let text = String(decoding: valid.utf8.prefix(length), as: UTF8.self)
            do {
                _ = try RobotConfiguration.parse(text, file: "mangled.toml")
            } catch {
                failures += 1
                XCTAssertFalse(error.description.contains("\n"), error.description)
                XCTAssertTrue(error.description.hasPrefix("mangled.toml"), error.description)
                if error.message.hasPrefix("TOML syntax error") {
                    XCTAssertNotNil(error.line, error.description)
                    XCTAssertNotNil(error.column, error.description)
                }
            }
        }
        XCTAssertGreaterThan(failures, valid.utf8.count / 2, "most truncations must be rejected")
    }

    func testMissingFile() {
        XCTAssertThrowsError(try RobotConfiguration.load(contentsOf: "/nonexistent/robot.toml")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/robot.toml: no such file")
        }
    }
}
