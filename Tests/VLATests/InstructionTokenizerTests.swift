import VLA
import XCTest

final class InstructionTokenizerTests: XCTestCase {
    func testTokenizesTemplatesLikePython() throws {
        let tokenizer = InstructionTokenizer(config: try Fixtures.config)
        let reference = try Fixtures.reference()
        // make_fixtures.py tokenised these with model.py's tokenize.
        let instructions = ["put the red cube on the green pad", "touch the blue cube", "push the yellow cube to the left"]
        for (k, text) in instructions.enumerated() {
            XCTAssertEqual(try tokenizer.tokenize(text), try reference.int32s("case\(k).words"))
        }
        XCTAssertEqual(try tokenizer.tokenize("Touch  the BLUE cube"), try tokenizer.tokenize("touch the blue cube"))
    }

    func testUnknownWordIsAnError() throws {
        let tokenizer = InstructionTokenizer(config: try Fixtures.config)
        XCTAssertThrowsError(try tokenizer.tokenize("touch the purple cube")) {
            XCTAssertEqual("\($0)", "instruction \"touch the purple cube\": word \"purple\" is not in the vocabulary")
        }
        XCTAssertThrowsError(try tokenizer.tokenize("touch the <pad> cube"))
        XCTAssertThrowsError(try tokenizer.tokenize("   ")) {
            XCTAssertEqual("\($0)", "instruction \"   \": 0 words, expected 1...12")
        }
    }
}
