import Control
import Foundation
import Physics
import Runtime
import Spatial
import Tensors
import XCTest
@testable import Demonstrations

/// One small dataset generated once for all tests here: three episodes of the whole suite (a
/// reach, a push and a pick and place: seeds 7, 8, 9), no perturbations, one episode per shard.
final class DatasetGeneratorTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scene = root.appendingPathComponent("sim/scenes/so101_pick_place.toml").path

    static func settings(_ folder: String, episodes: Int = 3, perturb: Double = 0) -> DatasetSettings {
        var s = DatasetSettings(scene: scene, episodes: episodes, seed: 7,
                                output: FileManager.default.temporaryDirectory.appendingPathComponent("embody-demonstrations-\(getpid())-\(folder)").path)
        s.episodesPerShard = 1
        s.perturbProbability = perturb
        s.timeLimit = 15
        return s
    }

    /// The run all tests read, made with two threads (the files must not depend on it).
    static let run: Result<DatasetRun, DatasetError> = {
        var s = settings("whole")
        s.jobs = 2
        return Result { () throws(DatasetError) in try generateDataset(s) }
    }()

    func shard(_ k: Int) throws -> SafetensorsFile {
        try SafetensorsFile(path: try Self.run.get().files[k])
    }

    func testShardsHoldTheDocumentedTensors() throws {
        let run = try Self.run.get()
        XCTAssertEqual(run.files.map { ($0 as NSString).lastPathComponent },
                       ["shard-00000.safetensors", "shard-00001.safetensors", "shard-00002.safetensors"])
        for (k, file) in run.files.enumerated() {
            let f = try SafetensorsFile(path: file)
            let n = run.episodes[k].steps
            XCTAssertGreaterThan(n, 10)
            let expected: [(String, TensorDType, [Int])] = [
                ("front", .u8, [n, 64, 64, 3]), ("wrist", .u8, [n, 64, 64, 3]), ("events", .u8, [n, 2, 64, 64]),
                ("joints", .f32, [n, 8]), ("tool", .f32, [n, 4]), ("target", .f32, [n, 5]), ("yaw_free", .u8, [n]),
                ("perturbed", .u8, [n]), ("episode", .i32, [n]), ("step", .i32, [n]), ("instruction", .i32, [n]), ("success", .u8, [n]),
                ("objects", .f32, [n, 4, 3]),
            ]
            for (name, dtype, shape) in expected {
                let info = try f.info(name)
                XCTAssertEqual(info.dtype, dtype, name)
                XCTAssertEqual(info.shape, shape, name)
            }
            XCTAssertEqual(try f.int32s("episode"), Array(repeating: Int32(k), count: n))
            XCTAssertEqual(try f.int32s("step"), (0..<n).map(Int32.init))
            XCTAssertEqual(try f.uint8s("success"), Array(repeating: run.episodes[k].success ? 1 : 0, count: n))
            let joints = try f.floats("joints")
            XCTAssertEqual(joints[6], 0, "SO-101 has 6 joints; the rest is padding")
            XCTAssertEqual(joints[7], 0)
        }
    }

    /// The first row is recorded before the simulator's first step: its joints must still be the
    /// arm's starting pose, as a servo bus reports it, not encoders that have not read yet.
    func testTheFirstRowReadsTheStartingJoints() throws {
        let joints = try shard(0).floats("joints")
        for j in 0..<6 {
            XCTAssertEqual(joints[j], joints[8 + j], accuracy: 0.1, "joint \(j): step 0 against step 1, 100 ms later")
        }
        XCTAssertGreaterThan(abs(joints[1]), 0.3, "shoulder_lift of the ready pose")
    }

    func testMetadataDescribesTheRun() throws {
        let f = try shard(2)
        XCTAssertEqual(f.metadata["format"], "embody-demonstrations/1")
        XCTAssertEqual(f.metadata["robot"], "so101")
        let instructions = try JSONDecoder().decode([String].self, from: Data(f.metadata["instructions"]!.utf8))
        XCTAssertEqual(instructions, TaskSuite.all.instructions)
        let episodes = try JSONDecoder().decode([EpisodeSummary].self, from: Data(f.metadata["episodes"]!.utf8))
        XCTAssertEqual(episodes.map(\.index), [2])
        XCTAssertEqual(episodes.map(\.seed), [9])
        XCTAssertEqual(instructions[Int(try f.int32s("instruction")[0])], episodes[0].instruction)
        XCTAssertEqual(try JSONDecoder().decode([String].self, from: Data(f.metadata["joint_names"]!.utf8)),
                       ["shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll", "gripper"])
        let cameras = try JSONSerialization.jsonObject(with: Data(f.metadata["cameras"]!.utf8)) as! [String: [String: Double]]
        XCTAssertEqual(cameras["front"]?["width"], 64)
        XCTAssertEqual(cameras["wrist"]?["fov_y_deg"], 80)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: try Self.run.get().manifest))) as! [String: Any]
        XCTAssertEqual(manifest["episodes"] as? Int, 3)
        XCTAssertEqual((manifest["per_task"] as? [String: Any])?.count, 3)
    }

    /// The objects column is where the objects really are: the reach ends with the tool on the
    /// named cube, the other cubes and the pad lie on the table where they were drawn.
    func testObjectsAreWhereTheExpertFindsThem() throws {
        let f = try shard(0)
        let names = try JSONDecoder().decode([String].self, from: Data(f.metadata["objects"]!.utf8))
        XCTAssertEqual(names, ["green_pad", "red_cube", "yellow_cube", "blue_cube"])
        let episode = try Self.run.get().episodes[0]
        let colour = try XCTUnwrap(["red", "yellow", "blue"].first { episode.instruction.contains($0) })
        let named = try XCTUnwrap(names.firstIndex(of: "\(colour)_cube"))
        let objects = try f.floats("objects"), tool = try f.floats("tool")
        let last = episode.steps - 1
        let cube = (0..<3).map { Double(objects[12 * last + 3 * named + $0]) }
        let end = (0..<3).map { Double(tool[4 * last + $0]) }
        XCTAssertLessThan(hypot(cube[0] - end[0], cube[1] - end[1]), 0.02, "\(episode.instruction): the tool ends on the cube")
        for k in names.indices {
            XCTAssertEqual(Double(objects[3 * k + 2]), k == 0 ? 0.002 : 0.015, accuracy: 0.002, "\(names[k]) rests on the table")
            XCTAssertGreaterThan(hypot(Double(objects[3 * k]), Double(objects[3 * k + 1])), 0.15, "\(names[k]) drawn on the arc")
        }
    }

    func testTheExpertSucceedsOnEveryFamily() throws {
        let run = try Self.run.get()
        XCTAssertEqual(run.episodes.map { Task(instruction: $0.instruction).map(family) }, ["reach", "push", "place"])
        for e in run.episodes { XCTAssertTrue(e.success, "\(e.instruction): \(e.outcome)") }
    }

    /// The labels are the expert's waypoints: the same episode run without the recorder, the
    /// expert watched by a spy, gives the same targets (recording does not change the episode).
    func testLabelsAreTheExpertsWaypoints() throws {
        let run = try Self.run.get()
        for k in [1, 2] {
            let episode = run.episodes[k]
            var settings = EpisodeSettings(scene: try SceneDescription.load(contentsOf: Self.scene), instruction: episode.instruction, seed: episode.seed)
            settings.timeLimit = 15
            let spy = ExpertSpy()
            settings.planner = { spy.start($0) }
            _ = try runEpisode(settings)
            let f = try shard(k)
            let target = try f.floats("target"), tool = try f.floats("tool"), free = try f.uint8s("yaw_free")
            XCTAssertEqual(spy.waypoints.count, episode.steps)
            for (row, w) in spy.waypoints.enumerated() {
                XCTAssertEqual(target[5 * row], Float(w.position.x), "row \(row)")
                XCTAssertEqual(target[5 * row + 1], Float(w.position.y))
                XCTAssertEqual(target[5 * row + 2], Float(w.position.z))
                XCTAssertEqual(target[5 * row + 4], Float(w.gripper))
                XCTAssertEqual(free[row], w.yaw.isNaN ? 1 : 0)
                let toolYaw = Double(tool[4 * row + 3])
                if w.yaw.isNaN {
                    XCTAssertEqual(target[5 * row + 3], tool[4 * row + 3])
                } else {
                    XCTAssertEqual(Double(target[5 * row + 3]), nearestEquivalentYaw(w.yaw, to: toolYaw), accuracy: 1e-6)
                    XCTAssertLessThanOrEqual(abs(Double(target[5 * row + 3]) - toolYaw), Double.pi / 4 + 1e-6)
                }
            }
            XCTAssertTrue(spy.waypoints.contains { $0.gripper == 1 }, "the push and the placement close the jaws")
        }
    }

    func testImagesShowTheSceneAndChangeAsTheArmMoves() throws {
        let f = try shard(2)
        let n = try f.info("front").shape[0]
        for camera in ["front", "wrist"] {
            let pixels = try f.uint8s(camera)
            let frame = 64 * 64 * 3
            let first = Array(pixels[0..<frame]), middle = Array(pixels[(n / 2) * frame..<(n / 2 + 1) * frame])
            // Flat shading gives few distinct values, but a blank image has one.
            XCTAssertGreaterThan(Set(first).count, 8, "\(camera): not a blank image")
            let mean = Double(first.reduce(0) { $0 + Int($1) }) / Double(frame)
            let spread = (first.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(frame)).squareRoot()
            XCTAssertTrue((20...235).contains(mean), "\(camera): mean \(mean)")
            XCTAssertGreaterThan(spread, 20, "\(camera): contrast")
            let changed = zip(first, middle).filter { abs(Int($0) - Int($1)) > 10 }.count
            XCTAssertGreaterThan(changed, camera == "front" ? 50 : 500, "\(camera): the arm moved between rows 0 and \(n / 2)")
        }
    }

    func testEventsFireWhileTheArmMovesAndNotAtTheStart() throws {
        let f = try shard(2)
        let events = try f.uint8s("events"), tool = try f.floats("tool")
        let n = try f.info("events").shape[0], frame = 2 * 64 * 64
        func count(_ row: Int) -> Int { events[row * frame..<(row + 1) * frame].reduce(0) { $0 + Int($1) } }
        XCTAssertEqual(count(0), 0, "no change before the first frame")
        var moving = 0
        for row in 1..<n {
            let d = (0..<3).map { tool[4 * row + $0] - tool[4 * (row - 1) + $0] }
            guard (d.map { $0 * $0 }.reduce(0, +)).squareRoot() > 0.01 else { continue }
            moving += 1
            XCTAssertGreaterThan(count(row), 20, "row \(row): the tool moved more than 1 cm in the last 100 ms")
        }
        XCTAssertGreaterThan(moving, 5)
        let on = (0..<n).map { r in events[r * frame..<(r * frame + frame / 2)].reduce(0) { $0 + Int($1) } }.reduce(0, +)
        let off = (0..<n).map { r in events[(r * frame + frame / 2)..<(r + 1) * frame].reduce(0) { $0 + Int($1) } }.reduce(0, +)
        XCTAssertGreaterThan(on, 0)
        XCTAssertGreaterThan(off, 0)
    }

    /// Same settings, same bytes; and run K of N writes exactly the whole run's shards it owns.
    func testShardRunsAreByteIdenticalPiecesOfTheWholeRun() throws {
        let whole = try Self.run.get()
        for k in 0..<2 {
            var s = Self.settings("part\(k)")
            s.shard = try ShardSelection(index: k, count: 2)
            let part = try generateDataset(s)
            XCTAssertEqual(part.episodes.map(\.index), k == 0 ? [0, 2] : [1])
            for file in part.files {
                let name = (file as NSString).lastPathComponent
                let original = try XCTUnwrap(whole.files.first { ($0 as NSString).lastPathComponent == name })
                XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), try Data(contentsOf: URL(fileURLWithPath: original)), name)
            }
            XCTAssertTrue(FileManager.default.fileExists(atPath: s.output + "/manifest-\(k)-of-2.json"))
        }
    }

    func testPerturbedEpisodesKeepTheExpertsLabelsAndRecover() throws {
        var s = Self.settings("perturbed", episodes: 1, perturb: 1)
        s.seed = 9  // pick and place
        s.tasks = try TaskSuite.parse("put the red cube on the green pad")
        let run = try generateDataset(s)
        let f = try SafetensorsFile(path: run.files[0])
        let perturbed = try f.uint8s("perturbed"), target = try f.floats("target")
        let schedule = PerturbationSchedule(seed: 9, probability: 1)
        XCTAssertFalse(schedule.perturbations.isEmpty)
        for row in 0..<perturbed.count {
            XCTAssertEqual(perturbed[row] == 1, schedule.active(at: Int64(row) * 100_000_000) != nil, "row \(row)")
        }
        XCTAssertGreaterThan(perturbed.filter { $0 == 1 }.count, 2)
        XCTAssertEqual(run.episodes[0].perturbations, schedule.perturbations.filter { $0.start < Int64(perturbed.count) * 100_000_000 }.count)
        XCTAssertTrue(run.episodes[0].success, "the expert recovers: \(run.episodes[0].outcome)")
        XCTAssertTrue(target.allSatisfy(\.isFinite))
    }

    func testAHeldArmStaysWhereItIsWhileTheLabelsGoOnAndTheEpisodeStillSucceeds() throws {
        var s = Self.settings("held", episodes: 1)
        s.seed = 14  // held from 0.2 s, on the way to the cube
        s.holdProbability = 1
        s.tasks = try TaskSuite.parse("touch the red cube")
        let run = try generateDataset(s)
        let f = try SafetensorsFile(path: run.files[0])
        let perturbed = try f.uint8s("perturbed"), tool = try f.floats("tool"), target = try f.floats("target")
        let hold = try XCTUnwrap(PerturbationSchedule(seed: 14, probability: 0, holdProbability: 1).perturbations.first)
        XCTAssertTrue(hold.holdsStill)
        let held = (0..<perturbed.count).filter { hold.contains(Int64($0) * 100_000_000) }
        XCTAssertGreaterThanOrEqual(held.count, 3)
        XCTAssertEqual(held.map { perturbed[$0] }, held.map { _ in 1 })
        func position(_ values: [Float], _ row: Int, width: Int) -> Vec3 {
            let first = width * row
            let x = Double(values[first]), y = Double(values[first + 1]), z = Double(values[first + 2])
            return Vec3(x, y, z)
        }
        // Up to four ticks to brake from full speed (the expert moves 15-30 mm a tick), then still,
        // while the label still says where the expert goes.
        for row in held.dropFirst(4) {
            XCTAssertLessThan((position(tool, row, width: 4) - position(tool, row - 1, width: 4)).norm, 0.003, "row \(row)")
        }
        XCTAssertGreaterThan(held.map { (position(target, $0, width: 5) - position(tool, $0, width: 4)).norm }.min() ?? 0, 0.02)
        XCTAssertTrue(run.episodes[0].success, "the expert goes on after the hold: \(run.episodes[0].outcome)")
    }

    func testBadInputIsReportedAsSuch() {
        var s = Self.settings("bad")
        s.scene = Self.root.appendingPathComponent("sim/scenes/empty.toml").path
        XCTAssertThrowsError(try generateDataset(s)) { error in
            XCTAssertTrue((error as! DatasetError).isBadInput)
        }
        s = Self.settings("bad")
        s.perturbProbability = 2
        XCTAssertThrowsError(try generateDataset(s)) { error in
            XCTAssertTrue((error as! DatasetError).description.hasPrefix("--perturb"))
        }
        s = Self.settings("bad")
        s.holdProbability = -0.1
        XCTAssertThrowsError(try generateDataset(s)) { error in
            XCTAssertTrue((error as! DatasetError).description.hasPrefix("--hold"))
        }
    }
}

private func family(_ task: Task) -> String {
    switch task {
    case .pickAndPlace: "place"
    case .reach: "reach"
    case .push: "push"
    }
}

/// The scripted expert in the planner slot, keeping the waypoint of every chunk it hands over.
private final class ExpertSpy: EpisodePlanner, @unchecked Sendable {
    private var expert: ScriptedPlanner?
    var waypoints: [Waypoint] = []

    func start(_ context: EpisodePlannerContext) -> ExpertSpy {
        expert = ScriptedPlanner(context)
        return self
    }

    func plan(_ observation: Observation, world: WorldData?) -> ActionChunk? {
        let chunk = expert?.plan(observation, world: world)
        if let chunk, let w = chunk.active(at: chunk.stamp) { waypoints.append(w) }
        return chunk
    }

    var isDone: Bool { expert?.isDone ?? false }
    var status: String { expert?.status ?? "" }
}
