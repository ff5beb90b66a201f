import Foundation
import XCTest

/// `embody events encode | stats | render | bench` end to end.
final class EventsCommandTests: XCTestCase {
    let frames = "Tests/EventsTests/Fixtures/dvs_reference/frames/%04d.pgm"

    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("embody-\(getpid())-\(name)")
    }

    struct Stats: Decodable {
        var width: Int, height: Int, events: Int, on: Int, off: Int, first_us: Int64, last_us: Int64
    }

    func stats(_ path: String) throws -> Stats {
        let result = try CommandRunner.run(["events", "stats", path, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONDecoder().decode(Stats.self, from: Data(result.stdout.utf8))
    }

    func testEncodesAnImageSequenceToBothFormatsWithTheReferenceCounts() throws {
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: CommandRunner.repositoryRoot
            .appendingPathComponent("Tests/EventsTests/Fixtures/dvs_reference/counts.json"))) as! [String: Any]
        for ext in ["aedat4", "raw"] {
            let output = temporary("reference.\(ext)")
            defer { try? FileManager.default.removeItem(at: output) }
            let result = try CommandRunner.run(["events", "encode", "--input", frames, "--fps", "500", "--sigma", "0", "--output", output.path])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("24 frames 64x48"), result.stdout)
            XCTAssertTrue(result.stdout.contains("bandwidth:"), result.stdout)
            let s = try stats(output.path)
            XCTAssertEqual(s.events, reference["total_events"] as! Int)
            XCTAssertEqual(s.on, reference["total_on"] as! Int)
            XCTAssertEqual(s.first_us, Int64(reference["first_time_us"] as! Int))
            XCTAssertEqual(s.last_us, Int64(reference["last_time_us"] as! Int))
            XCTAssertEqual([s.width, s.height], [64, 48])
        }
    }

    func testRendersAnEventFileToVideo() throws {
        let events = temporary("render.aedat4"), video = temporary("render.mp4")
        defer { try? FileManager.default.removeItem(at: events); try? FileManager.default.removeItem(at: video) }
        XCTAssertEqual(try CommandRunner.run(["events", "encode", "--input", frames, "--fps", "500", "--output", events.path]).status, 0)
        let result = try CommandRunner.run(["events", "render", events.path, "--output", video.path, "--fps", "500"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("320x240"), "upscaled to at least 240 rows: \(result.stdout)")
        let written = result.stdout.components(separatedBy: "→ ").last!.trimmingCharacters(in: .whitespacesAndNewlines)
        let size = try FileManager.default.attributesOfItem(atPath: written)[.size] as? Int ?? 0
        XCTAssertGreaterThan(size, 1000)
        try? FileManager.default.removeItem(atPath: written)
    }

    func testEncodesASimulatorCamera() throws {
        let output = temporary("scene.aedat4")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try CommandRunner.run(["events", "encode", "--scene", "sim/scenes/so101_pick_place.toml", "--duration", "0.1",
                                            "--fps", "500", "--output", output.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("51 frames 128x128"), result.stdout)
        XCTAssertEqual(try stats(output.path).width, 128)
    }

    func testBadInputExitsTwoWithOneLine() throws {
        let corrupt = temporary("corrupt.aedat4")
        defer { try? FileManager.default.removeItem(at: corrupt) }
        try Data("#!AER-DAT4.0\r\n\u{1}\u{0}".utf8).write(to: corrupt)
        let cases: [([String], String)] = [
            (["events", "stats", corrupt.path], "byte 14: expected the IOHeader size"),
            (["events", "stats", "nope.aedat4"], "nope.aedat4: cannot open"),
            (["events", "stats", "README.md"], "expected an .aedat4"),
            (["events", "encode", "--input", frames, "--output", "/tmp/x.aedat4"], "needs --fps"),
            (["events", "encode", "--input", "nope/%04d.png", "--fps", "30", "--output", "/tmp/x.aedat4"], "no file matches the pattern"),
            (["events", "encode", "--input", "frames/%s-%d.png", "--fps", "30", "--output", "/tmp/x.aedat4"], "exactly one %d field"),
            (["events", "encode", "--input", "nope.mp4", "--output", "/tmp/x.aedat4"], "nope.mp4"),
            (["events", "encode", "--input", frames, "--scene", "sim/scenes/empty.toml", "--output", "/tmp/x.aedat4"], "exactly one of"),
            (["events", "encode", "--input", frames, "--fps", "30", "--output", "/tmp/x.txt"], ".aedat4"),
            (["events", "encode", "--input", frames, "--fps", "30", "--threshold-on", "0", "--output", "/tmp/x.aedat4"], "ON threshold"),
            (["events", "encode", "--camera", "97", "--output", "/tmp/x.aedat4"], "--camera 97"),
            (["events", "encode", "--scene", "sim/scenes/nope.toml", "--output", "/tmp/x.aedat4"], "nope.toml"),
        ]
        for (arguments, expected) in cases {
            let result = try CommandRunner.run(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
        }
    }

    func testBenchReportsThroughputAndNoAllocations() throws {
        let result = try CommandRunner.run(["events", "bench", "--width", "64", "--height", "48", "--frames", "20", "--batches", "1", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        struct Bench: Decodable { var megapixels_per_s: Double; var events_per_frame: Double; var allocations_per_frame: Double }
        let bench = try JSONDecoder().decode(Bench.self, from: Data(result.stdout.utf8))
        XCTAssertGreaterThan(bench.megapixels_per_s, 0)
        XCTAssertGreaterThan(bench.events_per_frame, 0)
        XCTAssertEqual(bench.allocations_per_frame, 0)
    }
}
