import Control
import Spatial
import XCTest

/// The scripted expert's push and grasp, on made-up observations (the tool goes exactly where it is told).
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

    /// A pick with a measured jaw (joint 0, open at 1 rad, closed at −0.17 rad) whose tool is at
    /// `at` and jaw at `jaw` rad; returns the label.
    func pick(at: Vec3, jaw: Double) -> Waypoint {
        let pad = ObjectState(name: "green_pad", position: Vec3(0.25, 0.1, 0.002), halfExtents: Vec3(0.04, 0.04, 0.002))
        let observation = Observation(time: time, jointPositions: [jaw], toolPosition: at, instruction: "put the blue cube on the green pad",
                                      objects: [ObjectState(name: "blue_cube", position: start, halfExtents: half), pad])
        time += 100_000_000
        return expert.plan(observation)![0]
    }

    func startPickAndClose() {
        expert = ScriptedExpert(task: .pickAndPlace(object: "blue_cube", target: "green_pad"), approachHeight: 0.05,
                                jaw: JawGauge(joint: 0, open: 1, closed: -0.17))
        while expert.phase != .close { tool = pick(at: tool, jaw: 1).position }
    }

    func testAGraspLiftsWhenTheJawsHaveShutNotWhenTheirTimeIsUp() {
        startPickAndClose()
        for _ in 0..<20 { XCTAssertEqual(pick(at: start, jaw: 0.9).gripper, 1, "told to close") }
        XCTAssertEqual(expert.phase, .close, "2 s with the jaws held open: still closing")
        startPickAndClose()
        _ = pick(at: start, jaw: 0.25)
        XCTAssertEqual(expert.phase, .lift, "shut on the cube (0.64 of the travel) 0.1 s after closing began")
    }

    func testJawsStoppedWideLiftAfterTwiceTheGripperTime() {
        startPickAndClose()
        for _ in 0..<11 { _ = pick(at: start, jaw: 0.5) }
        XCTAssertEqual(expert.phase, .close, "0.43 of the travel: not shut yet")
        _ = pick(at: start, jaw: 0.5)
        XCTAssertEqual(expert.phase, .lift, "but closed past the open mark for 1.2 s: a cube held across its corner")
    }

    func testJawsFoundOpenWhileLiftingGoBackDownToGraspAgain() {
        startPickAndClose()
        _ = pick(at: start, jaw: 0.2)
        let raised = start + Vec3(0, 0, 0.012)
        XCTAssertEqual(pick(at: raised, jaw: 0.2).gripper, 1, "holding it: up")
        XCTAssertEqual(expert.phase, .lift)
        _ = pick(at: raised, jaw: 0.95)  // someone opened them: the cube is still between the jaws, on the table
        XCTAssertEqual(expert.phase, .descend)
        let label = pick(at: raised, jaw: 0.95)
        XCTAssertEqual(label.gripper, 0, "open")
        XCTAssertEqual(label.position, start, "down to the grasp point")
    }

    func testAToolThatLeftTheCubeWhileClosingApproachesAgain() {
        startPickAndClose()
        let away = start + Vec3(0.03, 0, 0.012)
        _ = pick(at: away, jaw: 0.9)
        XCTAssertEqual(expert.phase, .approach)
        let label = pick(at: away, jaw: 0.9)
        XCTAssertEqual(label.gripper, 0)
        XCTAssertEqual(label.position.z, start.z + 0.065, accuracy: 1e-9, "to the hover point over the cube")
    }
}
