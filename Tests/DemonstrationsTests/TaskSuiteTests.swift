import Control
import XCTest
@testable import Demonstrations

final class TaskSuiteTests: XCTestCase {
    func testEveryInstructionOfTheSuiteParses() {
        let instructions = TaskSuite.all.instructions
        XCTAssertEqual(instructions.count, 18 + 6 + 12)
        XCTAssertEqual(Set(instructions).count, instructions.count)
        for instruction in instructions { XCTAssertNotNil(Task(instruction: instruction), instruction) }
        XCTAssertTrue(instructions.contains("place the yellow cube onto the green pad"))
        XCTAssertTrue(instructions.contains("reach the blue cube"))
        XCTAssertTrue(instructions.contains("push the red cube forward"))
    }

    func testConsecutiveSeedsBalanceFamiliesAndTasks() {
        let suite = TaskSuite.all
        var families = [0, 0, 0]
        var tasks: [String: Int] = [:]
        for seed in UInt64(100_000)..<100_036 {
            let instruction = suite.instruction(forSeed: seed)
            switch Task(instruction: instruction)! {
            case .pickAndPlace: families[0] += 1
            case .reach: families[1] += 1
            case .push: families[2] += 1
            }
            tasks[suite.taskName(of: instruction), default: 0] += 1
        }
        XCTAssertEqual(families, [12, 12, 12])
        // 3 pick-and-place tasks and 3 reaches (4 episodes each), 12 pushes (1 each).
        XCTAssertEqual(tasks.count, 18)
        XCTAssertEqual(tasks["put the red cube on the green pad"], 4)
        XCTAssertEqual(tasks["push the blue cube back"], 1)
    }

    func testPhrasingsVaryAndTheChoiceIsAFunctionOfTheSeed() {
        let suite = TaskSuite.all
        let placements = (UInt64(0)..<300).filter { $0 % 3 == 0 }.map { suite.instruction(forSeed: $0) }
        XCTAssertEqual(Set(placements).count, 18, "every verb and preposition for every cube")
        XCTAssertEqual(suite.instruction(forSeed: 123_456), suite.instruction(forSeed: 123_456))
    }

    func testAListOfInstructionsIsParsedAndCycled() throws {
        let suite = try TaskSuite.parse(" touch the red cube ; push the blue cube to the left;")
        XCTAssertEqual(suite.instructions, ["touch the red cube", "push the blue cube to the left"])
        XCTAssertEqual((UInt64(10)..<14).map { suite.instruction(forSeed: $0) },
                       ["touch the red cube", "push the blue cube to the left", "touch the red cube", "push the blue cube to the left"])
        XCTAssertEqual(try TaskSuite.parse("all"), .all)
    }

    func testBadSpecsNameTheOptionAndTheInstruction() {
        XCTAssertThrowsError(try TaskSuite.parse("juggle the cubes")) { error in
            let e = error as! DatasetError
            XCTAssertTrue(e.isBadInput)
            XCTAssertTrue(e.description.hasPrefix("--tasks: \"juggle the cubes\""), e.description)
        }
        XCTAssertThrowsError(try TaskSuite.parse(" ; ")) { error in
            XCTAssertTrue((error as! DatasetError).description.hasPrefix("--tasks:"))
        }
    }
}
