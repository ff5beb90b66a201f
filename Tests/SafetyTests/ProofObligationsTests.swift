import Control
@testable import Safety
import XCTest

/// The proof obligations, run through the real Z3: they hold for a real joint's numbers, and a
/// planted bug (the braking distance without its period of travel) yields a counterexample that
/// the Swift filter, given the same bug, really does violate.
final class ProofObligationsTests: XCTestCase {
    /// SO-101 shoulder pan: URDF ±1.91986 rad less a 0.02 rad margin, 4 rad/s, 20 rad/s², 400 rad/s³, b = 0.8 A.
    let joint = JointEnvelope(lower: -1.89986, upper: 1.89986, velocity: 4, acceleration: 20, jerk: 400, braking: 16, torque: 2.35)
    let dt = 0.001

    func testEveryObligationIsProvedForARealJoint() throws {
        try XCTSkipUnless(Z3Solver.locate() != nil, "z3 not installed")
        for obligation in ProofObligations.obligations(for: joint, period: dt) {
            XCTAssertEqual(try Z3Solver().check(obligation.smt), .proved, obligation.name)
        }
    }

    func testDroppingTheReactionTravelTermIsCaught() throws {
        try XCTSkipUnless(Z3Solver.locate() != nil, "z3 not installed")
        var buggy = joint
        buggy.terms = []
        let invariance = ProofObligations.obligations(for: buggy, period: dt)[0]
        guard case .counterexample(let model) = try Z3Solver().check(invariance.smt) else {
            return XCTFail("the planted bug must make the invariance proof fail")
        }
        // Replay Z3's counterexample through the buggy Swift filter: it leaves the safe set.
        let values = ["q", "v", "a", "desired"].map { model[$0].flatMap(evaluateModelValue) }
        guard let q = values[0], let v = values[1], let a = values[2], let desired = values[3] else {
            return XCTFail("unreadable model \(model)")
        }
        let start = TrajectoryState(position: q, velocity: v, acceleration: a)
        XCTAssertTrue(isInsideEnvelope(buggy, start), "the counterexample starts in the safe set")
        var actions = FilterActions()
        let next = filterJoint(buggy, period: dt, state: start, desiredVelocity: desired, actions: &actions)
        XCTAssertFalse(isInsideEnvelope(buggy, next), "the buggy filter leaves the safe set from \(start) with desired \(desired): \(next)")
        // The real filter, from the same state and command, stays inside.
        var fine = FilterActions()
        XCTAssertTrue(isInsideEnvelope(joint, filterJoint(joint, period: dt, state: start, desiredVelocity: desired, actions: &fine)))
    }

    func testDoublesBecomeExactRationals() {
        XCTAssertEqual(exactRational(0.5), "(/ 1.0 2.0)")
        XCTAssertEqual(exactRational(-3), "(- 3.0)")
        XCTAssertEqual(exactRational(0.001), "(/ 1152921504606847.0 1152921504606846976.0)")
        XCTAssertEqual(evaluateModelValue("(/ 1.0 4.0)"), 0.25)
        XCTAssertEqual(evaluateModelValue("(- (/ 3.0 2.0))"), -1.5)
    }
}
