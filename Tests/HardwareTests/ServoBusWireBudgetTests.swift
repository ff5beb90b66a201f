import RobotModel
import XCTest

@testable import Hardware

final class ServoBusWireBudgetTests: XCTestCase {
    func bus(_ robot: String) throws -> ServoBus {
        let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/" + robot)
        var calibration = Calibration(joints: [:])
        for joint in configuration.joints {
            calibration.joints[joint.name] = .init(id: joint.servoID!, homingOffset: 0, rangeMin: 0, rangeMax: 4095)
        }
        return try ServoBus(configuration: configuration, model: model, port: "/dev/null", calibration: calibration)
    }

    func testSO101CycleAtOneMegabit() throws {
        // Sync read 56×6 for IDs 1-6: FF FF FE 08 82 38 06 01..06 chk = 14 bytes; six statuses of
        // 6 + 6 bytes = 72; sync write 42×2: 6 + 2 + 6 × 3 = 26. 112 bytes × 10 µs.
        let budget = try bus("so101").cycleBudget
        XCTAssertEqual(budget.requestBytes, 14)
        XCTAssertEqual(budget.replyBytes, 72)
        XCTAssertEqual(budget.commandBytes, 26)
        XCTAssertEqual(budget.wireTime, 1_120_000)
        XCTAssertEqual(budget.maximumRate, 892.857, accuracy: 0.001)
        XCTAssertEqual(budget.at(baud: 500_000).wireTime, 2_240_000)
    }

    func testOpenManipulatorCycle() throws {
        // Sync read 126×10 for 5 servos: 10 + 4 + 5 = 19; statuses 5 × (11 + 10) = 105; sync write 116×4: 10 + 4 + 5 × 5 = 39.
        let budget = try bus("open_manipulator_x").cycleBudget
        XCTAssertEqual([budget.requestBytes, budget.replyBytes, budget.commandBytes], [19, 105, 39])
        XCTAssertEqual(budget.wireTime, 1_630_000)
    }
}
