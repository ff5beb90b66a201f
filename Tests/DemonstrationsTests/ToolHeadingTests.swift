import Foundation
import Physics
import XCTest
@testable import Demonstrations

final class ToolHeadingTests: XCTestCase {
    func testQuarterTurnEquivalentHeadingsReduceToOneValue() {
        for yaw in [0.3, -0.3, 0.7, -0.7] {
            for turns in -4...4 {
                XCTAssertEqual(quarterTurnYaw(yaw + Double(turns) * .pi / 2), yaw, accuracy: 1e-9, "\(yaw) + \(turns) quarter turns")
            }
        }
        XCTAssertEqual(quarterTurnYaw(.pi), 0, accuracy: 1e-12, "a push to the left")
        XCTAssertEqual(quarterTurnYaw(.pi / 4), -.pi / 4, accuracy: 1e-12)
        XCTAssertTrue(quarterTurnYaw(.nan).isNaN)
    }

    func testTargetsAreTakenToTheEquivalentHeadingNearestTheTool() {
        XCTAssertEqual(nearestEquivalentYaw(0.7, to: -0.7), 0.7 - .pi / 2, accuracy: 1e-12)
        XCTAssertEqual(nearestEquivalentYaw(.pi, to: 0.1), 0, accuracy: 1e-12)
        XCTAssertEqual(nearestEquivalentYaw(0.2, to: 0.1), 0.2, accuracy: 1e-12)
    }
}

final class ToolHeadingRobotTests: XCTestCase {
    func testTurningTheWristRollTurnsTheJawHeadingByAsMuch() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scene = try Scene.load(contentsOf: root.appendingPathComponent("sim/scenes/so101_pick_place.toml").path)
        let robot = try XCTUnwrap(scene.model.robot)
        let heading = ToolHeading(robot)
        let world = scene.makeData()
        let roll = try XCTUnwrap(robot.jointIndex(named: "wrist_roll")) - 1
        let before = heading.yaw(world)
        world.q[roll] += 0.3
        let after = heading.yaw(world)
        // The ready pose points the tool nearly straight down, so the roll turns the jaws about
        // the vertical by nearly the same angle.
        XCTAssertEqual(abs(remainder(after - before, 2 * .pi)), 0.3, accuracy: 0.03)
    }
}
