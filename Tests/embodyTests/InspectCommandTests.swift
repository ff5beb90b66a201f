import Foundation
import XCTest

final class InspectCommandTests: XCTestCase {
    func testShippedRobotsInspect() throws {
        let robots = try FileManager.default.contentsOfDirectory(
            atPath: CommandRunner.repositoryRoot.appendingPathComponent("robots").path)
            .filter { FileManager.default.fileExists(atPath: CommandRunner.repositoryRoot.appendingPathComponent("robots/\($0)/robot.urdf").path) }
        XCTAssertTrue(Set(robots).isSuperset(of: ["so101", "pendulum", "two_link_planar"]), "\(robots)")
        for robot in robots {
            let result = try CommandRunner.run(["inspect", "--urdf", "robots/\(robot)/robot.urdf"])
            XCTAssertEqual(result.status, 0, "\(robot): \(result.stderr)")
            XCTAssertTrue(result.stderr.isEmpty, result.stderr)
        }
    }

    func testSO101Tree() throws {
        let result = try CommandRunner.run(["inspect", "--urdf", "robots/so101/robot.urdf"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = result.stdout
        XCTAssertTrue(text.contains("6 movable joints"), text)
        XCTAssertTrue(text.contains("joint order (q, v, τ): shoulder_pan, shoulder_lift, elbow_flex, wrist_flex, wrist_roll, gripper"), text)
        XCTAssertTrue(text.contains("[shoulder_pan] revolute axis"), text)
        XCTAssertTrue(text.contains("gripper_frame_link"), text)
        // robot.toml beside the URDF is validated and summarised.
        XCTAssertTrue(text.contains("bus: feetech protocol sts at 1000000 bit/s"), text)
        XCTAssertTrue(text.contains("gripper: id 6 STS3215 position_servo"), text)
    }

    func testBrokenRobotTomlBesideTheURDFIsBadInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("embody-inspect-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let robot = CommandRunner.repositoryRoot.appendingPathComponent("robots/pendulum")
        try FileManager.default.copyItem(at: robot.appendingPathComponent("robot.urdf"), to: dir.appendingPathComponent("robot.urdf"))
        let toml = try String(contentsOf: robot.appendingPathComponent("robot.toml"), encoding: .utf8)
        try toml.replacingOccurrences(of: "actuator = \"torque\"", with: "actuator = \"hydraulic\"")
            .write(to: dir.appendingPathComponent("robot.toml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["inspect", "--urdf", dir.appendingPathComponent("robot.urdf").path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("robot.toml"), result.stderr)
        XCTAssertTrue(result.stderr.contains("hydraulic"), result.stderr)
    }

    func testBrokenURDFsExitTwoWithOneLine() throws {
        let dir = CommandRunner.repositoryRoot.appendingPathComponent("Tests/RobotModelTests/Fixtures/broken")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".urdf") && $0 != "valid.urdf" }
        XCTAssertGreaterThanOrEqual(files.count, 20)
        for file in files.sorted() {
            let path = "Tests/RobotModelTests/Fixtures/broken/\(file)"
            for command in [["inspect", "--urdf", path], ["bench", "dynamics", "--urdf", path]] {
                let result = try CommandRunner.run(command)
                XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
                XCTAssertTrue(result.stdout.isEmpty, "\(file): nothing on stdout")
                let lines = result.stderr.split(separator: "\n")
                XCTAssertEqual(lines.count, 1, "\(file): \(result.stderr)")
                XCTAssertTrue(result.stderr.hasPrefix("embody: \(path)"), "\(file): names the file: \(result.stderr)")
            }
        }
    }

    func testUsageMistakesAreBadInput() throws {
        let missing = try CommandRunner.run(["inspect"])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("--urdf"), missing.stderr)
        let absent = try CommandRunner.run(["inspect", "--urdf", "robots/nope/robot.urdf"])
        XCTAssertEqual(absent.status, 2)
        XCTAssertEqual(absent.stderr, "embody: robots/nope/robot.urdf: no such file\n")
    }
}
