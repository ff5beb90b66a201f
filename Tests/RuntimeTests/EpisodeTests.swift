import Control
import Foundation
import Physics
import Runtime
import XCTest

/// The scripted planner in closed loop with the controller and the simulator, on the executive.
final class EpisodeTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ scene: String, _ instruction: String, seeds: [UInt64]) throws -> [EpisodeResult] {
        let description = try SceneDescription.load(contentsOf: Self.root.appendingPathComponent(scene).path)
        return try seeds.map { seed in try runEpisode(EpisodeSettings(scene: description, instruction: instruction, seed: seed)) }
    }

    func testSO101PicksAndPlaces() throws {
        for result in try run("sim/scenes/so101_pick_place.toml", "put the red cube on the green pad", seeds: [11, 12]) {
            XCTAssertTrue(result.success, result.outcome)
            XCTAssertEqual(result.allocationsPerTick, 0)
            XCTAssertEqual(result.limitViolations, 0)
        }
    }

    func testOpenManipulatorPicksAndPlaces() throws {
        for result in try run("sim/scenes/open_manipulator_x_pick_place.toml", "put the red cube on the green pad", seeds: [21]) {
            XCTAssertTrue(result.success, result.outcome)
        }
    }

    func testReach() throws {
        for result in try run("sim/scenes/so101_pick_place.toml", "touch the yellow cube", seeds: [31]) {
            XCTAssertTrue(result.success, result.outcome)
        }
    }

    func testEpisodesAreDeterministic() throws {
        let a = try run("sim/scenes/so101_pick_place.toml", "put the red cube on the green pad", seeds: [5])[0]
        let b = try run("sim/scenes/so101_pick_place.toml", "put the red cube on the green pad", seeds: [5])[0]
        XCTAssertEqual(a.duration, b.duration)
        XCTAssertEqual(a.outcome, b.outcome)
        XCTAssertEqual(a.controllerTicks, b.controllerTicks)
    }

    func testWallClockEpisodeRunsOnTheExecutiveThreads() throws {
        // The controller on its own thread paced to the wall clock, the planner on another: the
        // same task succeeds, the planner's chunks cross through the mailbox, and every tick ran.
        let description = try SceneDescription.load(contentsOf: Self.root.appendingPathComponent("sim/scenes/so101_pick_place.toml").path)
        var settings = EpisodeSettings(scene: description, instruction: "touch the yellow cube", seed: 31)
        settings.realtime = true
        settings.priority = nil  // no real-time privileges needed for the test
        settings.lockMemory = false
        let result = try runEpisode(settings)
        XCTAssertTrue(result.success, result.outcome)
        XCTAssertEqual(result.executive.mode, .realTime)
        XCTAssertGreaterThan(result.executive.chunksConsumed, 0)
        XCTAssertGreaterThanOrEqual(result.executive.controllerTicks, Int64(result.controllerTicks), "a tick per simulator step, plus the ticks until the stop")
        XCTAssertGreaterThan(result.plannerLatency.totalCount, 0, "planner latency is measured on its own thread")
        XCTAssertEqual(result.allocationsPerTick, 0, "the controller thread does not allocate")
    }

    /// The scripted expert, noting the jaw closure on the tick it first entered each phase.
    /// `@unchecked Sendable` as the factory must be: made before the episode, started by it, read after.
    final class PhaseWatcher: EpisodePlanner, @unchecked Sendable {
        private var planner: ScriptedPlanner?
        private(set) var closureOnEntering: [ScriptedExpert.Phase: Double] = [:]

        func start(_ context: EpisodePlannerContext) -> PhaseWatcher {
            planner = ScriptedPlanner(context)
            return self
        }

        func plan(_ observation: Observation, world: WorldData?) -> ActionChunk? {
            guard let planner else { return nil }
            let chunk = planner.plan(observation, world: world)
            let phase = planner.expert.phase
            if closureOnEntering[phase] == nil { closureOnEntering[phase] = planner.expert.jaw?.closure(observation) }
            return chunk
        }

        var isDone: Bool { planner?.isDone ?? false }
        var status: String { planner?.status ?? "not started" }
    }

    /// The SO-101's jaws stop on the cube at 0.66 of their travel, 100 ms after they pass 0.55;
    /// the OpenMANIPULATOR-X's at 0.55 to 0.76 (its encoder counts 1.5 mm steps), so it may lift
    /// on the expert's fallback: closing for 1.2 s and past the open mark.
    func testTheExpertLiftsOnceTheJawsHaveShutOnTheCube() throws {
        for (scene, seed, shut) in [("sim/scenes/so101_pick_place.toml", UInt64(11), 0.6), ("sim/scenes/open_manipulator_x_pick_place.toml", 21, 0.25)] {
            let watcher = PhaseWatcher()
            var settings = EpisodeSettings(scene: try SceneDescription.load(contentsOf: Self.root.appendingPathComponent(scene).path),
                                           instruction: "put the red cube on the green pad", seed: seed)
            settings.planner = { watcher.start($0) }
            let result = try runEpisode(settings)
            XCTAssertTrue(result.success, "\(scene): \(result.outcome)")
            let closing = try XCTUnwrap(watcher.closureOnEntering[.close], scene)
            let lifting = try XCTUnwrap(watcher.closureOnEntering[.lift], scene)
            XCTAssertLessThan(closing, 0.2, "\(scene): the jaws were open when closing began")
            XCTAssertGreaterThanOrEqual(lifting, shut, "\(scene): shut on the cube when lifting")
            XCTAssertLessThan(lifting, 0.9, "\(scene): the cube, not nothing, between the jaws")
        }
    }

    func testUnknownInstructionIsRejected() throws {
        XCTAssertThrowsError(try run("sim/scenes/so101_pick_place.toml", "juggle the cubes", seeds: [1]))
    }
}
