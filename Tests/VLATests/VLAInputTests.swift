import VLA
import XCTest

final class VLAInputTests: XCTestCase {
    func testInputErrorsAreOneLine() throws {
        let model = try Fixtures.model()
        let reference = try Fixtures.reference()
        let ws = VLAWorkspace(config: model.config)
        var input = try Fixtures.input(0, reference)
        input.front.removeLast()
        XCTAssertThrowsError(try predict(model, input, workspace: ws)) {
            XCTAssertEqual("\($0)", "VLA input: front has 12287 bytes, expected 12288 (64x64 RGB)")
        }
        input = try Fixtures.input(0, reference)
        input.words = [99]
        XCTAssertThrowsError(try predict(model, input, workspace: ws)) {
            XCTAssertEqual("\($0)", "VLA input: word id 99 outside 1..<21")
        }
    }

    func testJointsMayBeShorterThanTheSlots() throws {
        let config = try Fixtures.config
        var input = try Fixtures.input(0, try Fixtures.reference())
        input.joints = [0.1, 0.2]
        XCTAssertNoThrow(try input.validate(config))
        input.tool = [0, 0, 0]
        XCTAssertThrowsError(try input.validate(config)) {
            XCTAssertEqual("\($0)", "VLA input: tool has 3 values, expected 4 (x, y, z, yaw)")
        }
    }
}
