import Control
import Runtime
import Spatial
import XCTest

/// The pick-and-place predicate and the phase its failures name.
final class EpisodeJudgeTests: XCTestCase {
    let task = Task.pickAndPlace(object: "red_cube", target: "green_pad")
    let cubeHalf = Vec3(0.0125, 0.0125, 0.0125)
    let pad = ObjectState(name: "green_pad", position: Vec3(0.18, 0, 0.001), halfExtents: Vec3(0.04, 0.04, 0.001))
    lazy var start = ObjectState(name: "red_cube", position: Vec3(0.15, 0.12, 0.0125), halfExtents: cubeHalf)

    func outcome(cubeAt position: Vec3) -> (Bool, String) {
        let cube = ObjectState(name: "red_cube", position: position, halfExtents: cubeHalf)
        return judge(task, initial: [start, pad], final: [cube, pad], finished: false, status: "vla")
    }

    func testACubeRestingOnThePadSucceeds() {
        let (success, text) = outcome(cubeAt: Vec3(0.19, -0.01, 0.002 + 0.0125))
        XCTAssertTrue(success, text)
    }

    func testACubeHeldAboveThePadIsStillLifted() {
        let (success, text) = outcome(cubeAt: Vec3(0.18, 0.006, 0.04))
        XCTAssertFalse(success)
        XCTAssertEqual(text, "object not on the pad: still lifted (vla, 0.006 m from its centre)")
    }

    func testACubeWhereItBeganNeverMoved() {
        let (success, text) = outcome(cubeAt: Vec3(0.153, 0.12, 0.0125))
        XCTAssertFalse(success)
        XCTAssertTrue(text.hasPrefix("object not on the pad: never moved (vla, "), text)
    }

    func testACubeLeftOnTheTableSaysHowFarItMoved() {
        let (success, text) = outcome(cubeAt: Vec3(0.15, 0.07, 0.0125))
        XCTAssertFalse(success)
        XCTAssertEqual(text, "object not on the pad: moved 0.050 m and left (vla, 0.076 m from its centre)")
    }
}
