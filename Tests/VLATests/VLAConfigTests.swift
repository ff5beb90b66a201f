import Foundation
import VLA
import XCTest

final class VLAConfigTests: XCTestCase {
    private func json(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Fixtures.directory + "/config.json"))) as! [String: Any]
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    private func error(_ edit: (inout [String: Any]) -> Void) throws -> String {
        do {
            _ = try VLAConfig.decode(try json(edit), name: "config.json")
            return "no error"
        } catch {
            let error = "\(error)"
            XCTAssertFalse(error.contains("\n"))
            return error
        }
    }

    func testDecodesFixture() throws {
        let c = try Fixtures.config
        XCTAssertEqual(c.format, "embody-vla/1")
        XCTAssertEqual(c.actionTokens, 20)
        XCTAssertEqual(c.goalTokens, 3)
        XCTAssertEqual(c.decodeTokens, 23)
        XCTAssertEqual(c.frontTokens, 16)
        XCTAssertEqual(c.wristTokens, 16)
        XCTAssertEqual(c.keypointTokens, 4 + 3)
        XCTAssertEqual(c.stemWidths, [8, 12])
        XCTAssertEqual(c.maxPrefixTokens, 16 + 16 + 7 + 12 + 1)
        XCTAssertEqual(c.vocabulary.first, "<pad>")
    }

    func testErrorsNameTheKey() throws {
        XCTAssertEqual(try error { $0.removeValue(forKey: "d_model") }, "config.json: missing key \"d_model\"")
        XCTAssertEqual(try error { $0["heads"] = 3 }, "config.json: d_model 64 is not a multiple of heads 3")
        XCTAssertEqual(try error { $0["format"] = "other/2" }, "config.json: format \"other/2\", expected \"embody-vla/1\"")
        XCTAssertEqual(try error { $0["action_low"] = [0, 0, 0, 0] }, "config.json: action_low has 4 values, expected 5")
        XCTAssertEqual(try error { $0["horizon"] = 9 }, "config.json: horizon 9 exceeds the 8 waypoints of an ActionChunk")
        XCTAssertTrue(try error { $0["layers"] = "two" }.hasPrefix("config.json: key \"layers\":"))
        XCTAssertEqual(try error { $0["wrist_keypoints"] = -1 }, "config.json: wrist_keypoints is -1, expected >= 0")
        XCTAssertEqual(try error { $0["stem_widths"] = [8] }, "config.json: stem_widths [8], expected two channel counts > 0")
        XCTAssertEqual(try error { $0["goal_tokens"] = 2 }, "config.json: goal_tokens is 2, expected 0 or 3")
        XCTAssertEqual(try error { $0["goal_high"] = [0.1, 0.1] }, "config.json: goal_high has 2 values, expected goal_tokens = 3")
        XCTAssertEqual(try error { $0["goal_low"] = [0.0, 0.0, 0.2] }, "config.json: goal dim 2: range [0.2, 0.1] is empty")
    }

    /// Configs written before the keypoint stems existed have no stem keys: they mean no stems.
    func testConfigWithoutStemKeysHasNoStems() throws {
        let data = try json { for key in ["front_keypoints", "wrist_keypoints", "stem_widths"] { $0.removeValue(forKey: key) } }
        let c = try VLAConfig.decode(data, name: "config.json")
        XCTAssertEqual(c.keypointTokens, 0)
        XCTAssertEqual(c.maxPrefixTokens, 16 + 16 + 12 + 1)
    }

    /// Configs written before the sub-goal tokens existed decode only waypoints.
    func testConfigWithoutGoalKeysDecodesOnlyWaypoints() throws {
        let data = try json { for key in ["goal_tokens", "goal_low", "goal_high"] { $0.removeValue(forKey: key) } }
        let c = try VLAConfig.decode(data, name: "config.json")
        XCTAssertEqual(c.goalTokens, 0)
        XCTAssertEqual(c.decodeTokens, c.actionTokens)
    }
}
