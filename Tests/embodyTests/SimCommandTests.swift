import Foundation
import XCTest

/// `embody sim` and `embody bench sim` end to end.
final class SimCommandTests: XCTestCase {
    let scene = "sim/scenes/so101_pick_place.toml"

    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("embody-\(getpid())-\(name)")
    }

    func testTraceIsByteIdenticalAcrossRuns() throws {
        let first = temporary("a.jsonl"), second = temporary("b.jsonl")
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        for url in [first, second] {
            let result = try CommandRunner.run(["sim", "--scene", scene, "--duration", "0.5", "--seed", "7",
                                                "--trace", url.path, "--trace-rate", "50"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let a = try Data(contentsOf: first), b = try Data(contentsOf: second)
        XCTAssertEqual(a, b)
        let lines = String(decoding: a, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines.count, 26, "t = 0 plus 25 samples at 50 Hz over 0.5 s")
        let last = try JSONDecoder().decode(TraceSample.self, from: Data(lines.last!.utf8))
        XCTAssertEqual(last.t, 0.5, accuracy: 1e-9)
        XCTAssertEqual(Set(last.bodies.keys), ["red_cube", "yellow_cube", "blue_cube"])
        XCTAssertEqual(last.joints.count, 6)
        // Cubes rest on the table top (z = 0) at their half height.
        XCTAssertEqual(last.bodies["red_cube"]!.position[2], 0.015, accuracy: 0.001)
        XCTAssertEqual(last.bodies["red_cube"]!.quaternion.count, 4)
    }

    /// With --task the trace follows the first episode: the red cube rests, is carried, and rests
    /// again elsewhere, and the trace ends when the episode does.
    func testTaskTraceFollowsTheFirstEpisode() throws {
        let url = temporary("task.jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try CommandRunner.run(["sim", "--scene", scene, "--task", "put the red cube on the green pad", "--episodes", "2",
                                            "--trace", url.path, "--trace-rate", "20"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let first = try XCTUnwrap(result.stdout.split(separator: "\n").first { $0.hasPrefix("episode 0 ") }, result.stdout)
        XCTAssertTrue(first.contains("success after"), String(first))
        let duration = try XCTUnwrap(Double(first.split(separator: " ")[6]), String(first))
        let samples = try String(decoding: Data(contentsOf: url), as: UTF8.self).split(separator: "\n")
            .map { try JSONDecoder().decode(TraceSample.self, from: Data($0.utf8)) }
        XCTAssertEqual(samples.first?.t ?? 0, 0.05, accuracy: 1e-9)
        XCTAssertEqual(samples.last?.t ?? 0, duration, accuracy: 0.05, "episode 0 only")
        for (a, b) in zip(samples, samples.dropFirst()) { XCTAssertEqual(b.t - a.t, 0.05, accuracy: 1e-9) }
        let red = samples.map { $0.bodies["red_cube"]!.position }
        XCTAssertEqual(red.first![2], 0.015, accuracy: 0.001, "resting on the table")
        XCTAssertGreaterThan(red.map { $0[2] }.max()!, 0.04, "carried")
        XCTAssertGreaterThan(hypot(red.last![0] - red.first![0], red.last![1] - red.first![1]), 0.05, "set down elsewhere")
        let paced = try CommandRunner.run(["sim", "--scene", scene, "--task", "touch the red cube", "--realtime", "--trace", url.path])
        XCTAssertEqual(paced.status, 2)
        XCTAssertTrue(paced.stderr.contains("--trace"), paced.stderr)
    }

    func testRecordWritesAVideo() throws {
        let video = temporary("front.mp4")
        defer { try? FileManager.default.removeItem(at: video) }
        let result = try CommandRunner.run(["sim", "--scene", scene, "--duration", "0.3", "--record", video.path, "--camera", "front"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let size = try FileManager.default.attributesOfItem(atPath: video.path)[.size] as? Int ?? 0
        XCTAssertGreaterThan(size, 1000)
    }

    /// The shipped VLA in the planner slot: it loads, renders its cameras, plans every 100 ms, and
    /// the episode summary says so; a model folder that is not one is bad input.
    func testShippedVLAPlansEpisodes() throws {
        let summary = temporary("vla-summary.json")
        let result = try CommandRunner.run([
            "sim", "--scene", "sim/scenes/so101_pick_place.toml", "--task", "touch the red cube", "--planner", "vla",
            "--model", "models/so101-vla", "--duration", "2", "--summary", summary.path,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: summary)) as? [String: Any]
        let planner = json?["planner"] as? [String: Any], control = json?["control"] as? [String: Any]
        // One plan per 100 controller ticks (1 kHz), the first at tick 0, until the episode ends
        // (the model may reach the cube within the 2 s).
        let controlTicks = try XCTUnwrap(control?["ticks"] as? Int)
        XCTAssertTrue((1...2000).contains(controlTicks), "\(controlTicks)")
        XCTAssertEqual(planner?["ticks"] as? Int, (controlTicks + 99) / 100, "10 Hz")
        let missing = try CommandRunner.run([
            "sim", "--scene", "sim/scenes/so101_pick_place.toml", "--task", "touch the red cube", "--planner", "vla", "--model", "robots/so101",
        ])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("robots/so101"), missing.stderr)
    }

    func testBadScenesExitTwoWithOneLine() throws {
        let dir = CommandRunner.repositoryRoot.appendingPathComponent("Tests/PhysicsTests/Fixtures/broken_scenes")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".toml") }.sorted()
        XCTAssertGreaterThan(files.count, 20)
        for file in files.prefix(12) {
            let path = "Tests/PhysicsTests/Fixtures/broken_scenes/\(file)"
            let result = try CommandRunner.run(["sim", "--scene", path, "--duration", "0.1"])
            XCTAssertEqual(result.status, 2, "\(file): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(path), result.stderr)
        }
        let missing = try CommandRunner.run(["sim", "--scene", "sim/scenes/nope.toml", "--duration", "1"])
        XCTAssertEqual(missing.status, 2)
        let unknownCamera = try CommandRunner.run(["sim", "--scene", scene, "--duration", "0.1", "--record", temporary("x.mp4").path, "--camera", "nope"])
        XCTAssertEqual(unknownCamera.status, 2)
    }

    func testOptionsTheModeWouldIgnoreAreRefused() throws {
        let episodes = ["--task", "touch the red cube"], freeRun: [String] = []
        let cases = [(episodes, ["--snapshot", temporary("s.png").path]),
                     (episodes, ["--encoder-noise", "0.001"]),
                     (freeRun, ["--summary", temporary("s.json").path]), (freeRun, ["--plots", temporary("plots").path])]
        for (mode, extra) in cases {
            let result = try CommandRunner.run(["sim", "--scene", scene, "--duration", "0.1"] + mode + extra)
            XCTAssertEqual(result.status, 2, "\(extra): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains(extra[0]), result.stderr)
        }
    }

    func testBenchSimJSON() throws {
        let result = try CommandRunner.run(["bench", "sim", "--scene", scene, "--seconds", "0.2", "--batches", "2", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        struct Report: Decodable { var step_us: Double; var contacts_per_step: Double; var realtime_factor: Double; var render_us: Double?; var allocations_per_step: Double }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        XCTAssertGreaterThan(report.step_us, 0)
        XCTAssertEqual(report.contacts_per_step, 12, accuracy: 0.5, "three cubes resting flat: 4 contacts each")
        XCTAssertNotNil(report.render_us)
        XCTAssertEqual(report.allocations_per_step, 0)
    }
}

/// One line of `embody sim --trace`.
private struct TraceSample: Decodable {
    struct Body: Decodable { var position: [Double]; var quaternion: [Double]; var linear_velocity: [Double]; var angular_velocity: [Double] }
    struct Joint: Decodable { var q: Double; var v: Double; var tau: Double }
    var t: Double
    var bodies: [String: Body]
    var joints: [String: Joint]
}
