import Foundation
import XCTest

/// `embody run` end to end: hardware-in-the-loop episodes with the whole stack on the wall clock,
/// talking to an in-process servo-chain emulator only through a real pseudo-terminal.
final class RunCommandTests: XCTestCase {
    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("embody-\(getpid())-\(name)").path
    }

    struct Summary: Decodable {
        struct Control: Decodable { var rate_hz: Double; var ticks: Int }
        var episodes: Int
        var successes: Int
        var mode: String
        var control: Control
        var bus: [String: Int]
    }

    private func runEpisodes(robot: String, scene: String, episodes: Int) throws -> (CommandRunner.Result, Summary) {
        let port = temporary("\(robot)-port"), summary = temporary("\(robot)-summary.json")
        defer { try? FileManager.default.removeItem(atPath: summary) }
        let result = try CommandRunner.run([
            "run", "--robot", "robots/\(robot)", "--port", port, "--planner", "scripted",
            "--task", "put the red cube on the green pad", "--episodes", "\(episodes)", "--seed", "3",
            "--emulate", scene, "--summary", summary,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: port), "the emulator's link is removed when it stops")
        return (result, try JSONDecoder().decode(Summary.self, from: Data(contentsOf: URL(fileURLWithPath: summary))))
    }

    func testSO101PicksAndPlacesThroughTheSerialPort() throws {
        let (result, summary) = try runEpisodes(robot: "so101", scene: "sim/scenes/so101_pick_place.toml", episodes: 2)
        XCTAssertEqual(summary.episodes, 2)
        XCTAssertGreaterThanOrEqual(summary.successes, 1, result.stdout)
        XCTAssertEqual(summary.mode, "wall-clock")
        XCTAssertEqual(summary.control.rate_hz, 500, "1 kHz does not fit a 1 Mbit/s SO-101 bus cycle")
        XCTAssertGreaterThan(summary.bus["cycles"] ?? 0, 1000, "every tick is a sync read and a sync write on the port")
        XCTAssertTrue(result.stdout.contains("bus write"), result.stdout)
    }

    func testDynamixelArmPicksAndPlacesThroughTheSerialPort() throws {
        let (result, summary) = try runEpisodes(robot: "open_manipulator_x", scene: "sim/scenes/open_manipulator_x_pick_place.toml", episodes: 1)
        XCTAssertEqual(summary.episodes, 1)
        XCTAssertEqual(summary.successes, 1, result.stdout)
        XCTAssertGreaterThan(summary.bus["cycles"] ?? 0, 1000)
    }

    func testScriptedPlannerOnARealArmIsRefused() throws {
        let result = try CommandRunner.run([
            "run", "--robot", "robots/so101", "--port", "/dev/ttyACM0", "--calibration", "calibration/none.json",
            "--planner", "scripted", "--task", "put the red cube on the green pad",
        ])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("--emulate"), result.stderr)
    }
}
