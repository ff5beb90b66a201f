import Control
import Spatial
import XCTest

final class TaskTests: XCTestCase {
    func testInstructionTemplates() {
        XCTAssertEqual(Task(instruction: "put the red cube on the green pad"), .pickAndPlace(object: "red_cube", target: "green_pad"))
        XCTAssertEqual(Task(instruction: "Place the blue cube onto the green pad."), .pickAndPlace(object: "blue_cube", target: "green_pad"))
        XCTAssertEqual(Task(instruction: "touch the yellow cube"), .reach(object: "yellow_cube"))
        XCTAssertEqual(Task(instruction: "push the blue cube to the left"), .push(object: "blue_cube", direction: Vec3(0, 1, 0)))
        XCTAssertEqual(Task(instruction: "push the red cube to the right"), .push(object: "red_cube", direction: Vec3(0, -1, 0)))
        XCTAssertNil(Task(instruction: "dance"))
        XCTAssertNil(Task(instruction: "push the red cube"), "a push needs a direction")
        XCTAssertNil(Task(instruction: "put the red cube"), "a placement needs a target")
    }

    func testActionChunkIsFixedSizeAndPicksTheActiveWaypoint() {
        var chunk = ActionChunk(stamp: 1_000)
        for k in 0..<ActionChunk.capacity {
            XCTAssertTrue(chunk.append(Waypoint(time: Int64(k) * 100, position: Vec3(Double(k), 0, 0), gripper: 0)))
        }
        XCTAssertFalse(chunk.append(Waypoint(time: 0, position: .zero, gripper: 0)), "full")
        XCTAssertEqual(chunk.active(at: 1_250)?.position.x, 2)
        XCTAssertEqual(chunk.active(at: 0)?.position.x, 0, "before the stamp: the first")
        XCTAssertTrue(_isPOD(ActionChunk.self), "no references: it crosses threads without ARC")
    }
}
