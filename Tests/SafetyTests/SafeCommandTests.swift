import Control
@testable import Safety
import XCTest

final class SafeCommandTests: XCTestCase {
    func testHoldsOneTargetAndModePerJoint() {
        var command = SafeCommand(count: 3, time: 42, torqueEnabled: true)
        command.set(JointTarget(position: 0.5, velocity: -1), mode: .velocity, at: 2)
        XCTAssertEqual(command.count, 3)
        XCTAssertEqual(command.time, 42)
        XCTAssertEqual(command[2], JointTarget(position: 0.5, velocity: -1))
        XCTAssertEqual(command.mode(2), .velocity)
        XCTAssertEqual(command[0], JointTarget(), "unset joints hold a zero target")
        XCTAssertEqual(command.mode(0), .position)
    }
}
