import Control
import Foundation
import Physics
import Spatial
@testable import Runtime
import VLA
import XCTest
@testable import Demonstrations

/// The VLA planner taking its images from a feed (an emulated rig's plant, a real arm's cameras).
final class VLAEpisodePlannerTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A feed that reports motion at every take.
    final class MovingFeed: VLACameraFeed {
        func take(into input: inout VLAInput) -> Bool {
            for i in 0..<input.front.count { input.front[i] = 128 }
            input.events = Array(repeating: 3, count: 2 * DemonstrationCameras.size * DemonstrationCameras.size)
            return true
        }
    }

    /// Recorded episodes have no events at their first tick; what a feed gathered before the
    /// episode started must not reach the model as motion.
    func testTheFirstTickOfEachEpisodeSeesNoEvents() throws {
        let scene = try Scene.load(contentsOf: Self.root.appendingPathComponent("sim/scenes/so101_pick_place.toml").path)
        let model = try VLAModel.load(directory: Self.root.appendingPathComponent("Tests/VLATests/Fixtures").path)
        let planner = try VLAEpisodePlanner(model: model, robot: try XCTUnwrap(scene.model.robot), feed: MovingFeed())
        let instruction = "touch the red cube"
        let context = EpisodePlannerContext(task: try XCTUnwrap(Task(instruction: instruction)), instruction: instruction,
                                            seed: 0, approachHeight: 0.05, objects: [])
        let observation = Observation(time: 0, jointPositions: [0, -0.55, 0.6, 1.5, 0, 0], toolPosition: Vec3(0.19, 0, 0.07),
                                      instruction: instruction, objects: [])
        for episode in 0..<2 {
            _ = try planner.start(context)
            XCTAssertNotNil(planner.plan(observation, world: nil))
            XCTAssertEqual(planner.input.events.max(), 0, "episode \(episode), first tick")
            XCTAssertNotNil(planner.plan(observation, world: nil))
            XCTAssertEqual(planner.input.events.max(), 3, "episode \(episode), second tick: the feed's events")
        }
    }
}
