import Foundation
import XCTest

/// `embody safety prove` and `fuzz`, as CI runs them: every shipped robot's obligations are
/// proved by the real Z3, and a fuzzing run reports its JSON.
final class SafetyCommandTests: XCTestCase {
    func testProofsPassForEveryShippedRobot() throws {
        let robots = try FileManager.default.contentsOfDirectory(atPath: CommandRunner.repositoryRoot.appendingPathComponent("robots").path)
            .filter { FileManager.default.fileExists(atPath: CommandRunner.repositoryRoot.appendingPathComponent("robots/\($0)/robot.toml").path) }
            .sorted()
        XCTAssertEqual(robots, ["open_manipulator_x", "pendulum", "so101", "two_link_planar"])
        for robot in robots {
            let result = try CommandRunner.run(["safety", "prove", "--robot", "robots/\(robot)"])
            XCTAssertEqual(result.status, 0, "\(robot): \(result.stdout.suffix(400)) \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("obligations proved"), robot)
            XCTAssertFalse(result.stdout.contains("COUNTEREXAMPLE"), robot)
        }
    }

    func testFuzzReportsJSON() throws {
        let result = try CommandRunner.run(["safety", "fuzz", "--robot", "robots/so101", "--ticks", "3000", "--seed", "7", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["ticks"] as? Int, 3000)
        XCTAssertEqual(object["violations"] as? Int, 0)
        XCTAssertNotNil(object["min_margin"] as? Double)
        XCTAssertGreaterThan(object["interventions"] as? Int ?? 0, 0, "adversarial commands make the supervisor act")
    }

    func testUnknownRobotIsBadInput() throws {
        let result = try CommandRunner.run(["safety", "prove", "--robot", "robots/no_such_robot"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }
}
