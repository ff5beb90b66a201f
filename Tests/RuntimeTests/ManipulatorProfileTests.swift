import Control
import Foundation
import Physics
import Runtime
import Spatial
import XCTest

/// The SO-101's grasp geometry tolerates the errors a learned planner makes: the scripted expert,
/// told the cube is a little off along the jaw axis while it approaches and closes, still picks it.
final class ManipulatorProfileTests: XCTestCase {
    /// The expert, seeing the task's cube displaced by `error` (m, along the cube's heading, which
    /// the jaws align to) until the jaws close: what a planner whose estimate of the cube is that
    /// far off would do.
    final class MisjudgingExpert: EpisodePlanner {
        let planner: ScriptedPlanner
        let error: Double

        init(_ context: EpisodePlannerContext, error: Double) {
            planner = ScriptedPlanner(context)
            self.error = error
        }

        func plan(_ observation: Observation, world: WorldData?) -> ActionChunk? {
            var seen = observation
            let expert = planner.expert
            if [.approach, .descend, .close].contains(expert.phase),
               let i = seen.objects.firstIndex(where: { $0.name == expert.task.object }) {
                let yaw = seen.objects[i].yaw
                seen.objects[i].position += error * Vec3(cos(yaw), sin(yaw), 0)
            }
            return planner.plan(seen, world: world)
        }

        var isDone: Bool { planner.isDone }
        var status: String { planner.status }
    }

    func pick(error: Double, seeds: [UInt64], timeLimit: Double = 25) throws -> [EpisodeResult] {
        let scene = try SceneDescription.load(contentsOf: EpisodeTests.root.appendingPathComponent("sim/scenes/so101_pick_place.toml").path)
        return try seeds.map { seed in
            var settings = EpisodeSettings(scene: scene, instruction: "put the red cube on the green pad", seed: seed)
            settings.planner = { MisjudgingExpert($0, error: error) }
            settings.timeLimit = timeLimit
            return try runEpisode(settings)
        }
    }

    /// Toward the fixed finger only its clearance from the cube is margin (10 mm); the open jaw,
    /// on the other side, clears the cube by 20 mm and more.
    func testAPickSurvivesAnErrorTowardEitherJaw() throws {
        for error in [0.008, -0.015] {
            for result in try pick(error: error, seeds: [11, 12]) {
                XCTAssertTrue(result.success, "error \(error) m: \(result.outcome)")
            }
        }
    }

    /// Past the clearance the fixed finger lands on the cube's top and the descent stops there:
    /// the margin is the clearance, not more (10 s: it never gets further).
    func testAnErrorPastTheClearanceLandsTheFingerOnTheCube() throws {
        for result in try pick(error: 0.014, seeds: [11], timeLimit: 10) {
            XCTAssertFalse(result.success)
            XCTAssertTrue(result.outcome.contains("never moved"), result.outcome)
        }
    }
}
