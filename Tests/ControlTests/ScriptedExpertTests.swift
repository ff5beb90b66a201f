import Control
import Spatial
import XCTest

/// The scripted expert's push, on made-up observations (the tool goes exactly where it is told).
final class ScriptedExpertTests: XCTestCase {
    let half = Vec3(0.015, 0.015, 0.015)
    let start = Vec3(0.2, 0, 0.015)
    var expert = ScriptedExpert(task: .push(object: "blue_cube", direction: Vec3(0, 1, 0)), approachHeight: 0.05)
    var time: Int64 = 0
    var tool = Vec3(0.17, 0, 0.1)

    /// One planner tick with the cube at `cube`; returns the tool target.
    func plan(cube: Vec3) -> Vec3 {
        let observation = Observation(time: time, jointPositions: [], toolPosition: tool, instruction: "push the blue cube to the left",
                                      objects: [ObjectState(name: "blue_cube", position: cube, halfExtents: half)])
        time += 100_000_000
        return expert.plan(observation)![0].position
    }

    /// Approach and descend behind the cube at its start, arriving at each target.
    func pushFromBehind() {
        while expert.phase != .carry {
            tool = plan(cube: start)
            XCTAssertLessThan(time, 2_000_000_000)
        }
        XCTAssertEqual(tool.y, start.y - 0.045, accuracy: 1e-9, "behind the cube")
        XCTAssertEqual(tool.z, start.z, accuracy: 1e-9, "level with its centre")
    }

    func testPushEndsOnceTheObjectHasMovedTheWholeDistance() {
        pushFromBehind()
        let goalSide = plan(cube: start + Vec3(0, 0.03, 0))
        XCTAssertEqual(goalSide.y, 0.06 - 0.025, accuracy: 1e-9, "heads for 1 cm short of the goal's rear face")
        XCTAssertEqual(expert.phase, .carry, "halfway: still pushing")
        tool = Vec3(start.x, 0.035, start.z)
        _ = plan(cube: start + Vec3(0, 0.061, 0))
        XCTAssertEqual(expert.phase, .retreat)
        tool = plan(cube: start + Vec3(0, 0.061, 0))
        _ = plan(cube: start + Vec3(0, 0.061, 0))
        XCTAssertEqual(expert.phase, .done)
    }

    func testPushSteersAnObjectThatDriftsBackToItsLine() {
        pushFromBehind()
        let target = plan(cube: start + Vec3(0.01, 0.02, 0))
        XCTAssertEqual(target.x, start.x - 0.02, accuracy: 1e-9, "aims across the line by twice the drift")
    }

    func testPushAgainFromBehindWhenTheObjectGotPastThePusher() {
        pushFromBehind()
        let slid = start + Vec3(0.02, 0.02, 0)  // turned away and slid past the jaws
        tool = Vec3(start.x, 0.03, start.z)
        _ = plan(cube: slid)
        XCTAssertEqual(expert.phase, .lift)
        tool = plan(cube: slid)
        XCTAssertEqual(tool.z, start.z + 0.065, accuracy: 1e-9, "straight up first")
        _ = plan(cube: slid)
        XCTAssertEqual(expert.phase, .approach)
        let again = plan(cube: slid)
        XCTAssertEqual(again.x, slid.x, accuracy: 1e-9)
        XCTAssertEqual(again.y, slid.y - 0.045, accuracy: 1e-9, "behind where the cube is now")
    }

    func testABlockedDescentStandsFurtherOffAndComesDownAgain() {
        while expert.phase != .descend { tool = plan(cube: start) }
        let blocked = tool + Vec3(0, 0, 0.02)  // the gripper's body rests on the cube's top
        tool = blocked
        while expert.phase == .descend {
            _ = plan(cube: start)
            XCTAssertLessThan(time, 5_000_000_000, "gives up on the blocked descent")
        }
        XCTAssertEqual(expert.phase, .lift)
        while expert.phase != .descend { tool = plan(cube: start) }
        XCTAssertEqual(tool.y, start.y - 0.065, accuracy: 1e-9, "2 cm further behind the cube")
        XCTAssertEqual(plan(cube: start).z, start.z, accuracy: 1e-9, "and down to its centre again")
    }

    func testAPushTowardTheRobotStartsFurtherBehindSoTheGripperBodyClearsTheCube() {
        expert = ScriptedExpert(task: .push(object: "blue_cube", direction: Vec3(-1, 0, 0)), approachHeight: 0.05)
        tool = Vec3(0.3, 0, 0.1)
        while expert.phase != .carry {
            tool = plan(cube: start)
            XCTAssertLessThan(time, 2_000_000_000, "down at the first try, not after being blocked")
        }
        XCTAssertEqual(tool.x, start.x + 0.065, accuracy: 1e-9, "5 cm behind the rear face, not 3")
        XCTAssertEqual(tool.y, start.y, accuracy: 1e-9)
    }
}
