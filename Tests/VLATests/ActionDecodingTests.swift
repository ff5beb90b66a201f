import Control
import VLA
import XCTest

final class ActionDecodingTests: XCTestCase {
    func testTokensBecomeTimedWaypointsRelativeToTheTool() throws {
        let c = try Fixtures.config  // ranges: x, y, z ±0.12 m, yaw ±0.8 rad relative; gripper 0...1
        // The sub-goal's three tokens come first and are not waypoints; then per waypoint: x bin 128
        // (centre +0.47 mm), y bin 0, z bin 255, yaw bin 127, gripper bin 255.
        XCTAssertEqual(c.goalTokens, 3)
        var tokens: [Int32] = [3, 250, 9]
        for _ in 0..<c.horizon { tokens += [128, 0, 255, 127, 255] }
        let tool: [Float] = [0.2, -0.1, 0.05, 3.1]
        let chunk = tokens.withUnsafeBufferPointer { actionChunk(tokens: $0, tool: tool, config: c, stamp: 5_000) }
        XCTAssertEqual(chunk.count, c.horizon)
        XCTAssertEqual(chunk.stamp, 5_000)
        let step = 0.24 / 256
        for k in 0..<c.horizon {
            let w = chunk[k]
            XCTAssertEqual(w.time, Int64(k) * 100_000_000)
            XCTAssertEqual(w.position.x, Double(Float(0.2)) + 0.5 * step, accuracy: 1e-9)
            XCTAssertEqual(w.position.y, Double(Float(-0.1)) - 0.12 + 0.5 * step, accuracy: 1e-9)
            XCTAssertEqual(w.position.z, Double(Float(0.05)) + 0.12 - 0.5 * step, accuracy: 1e-9)
            // 3.1 - 0.5 * (1.6 / 256) is inside (-π, π]; the gripper bin centre clamps into 0...1.
            XCTAssertEqual(w.yaw, Double(Float(3.1)) - 0.5 * 1.6 / 256, accuracy: 1e-9)
            XCTAssertEqual(w.gripper, 1 - 0.5 / 256, accuracy: 1e-12)
        }
    }

    func testYawWrapsIntoMinusPiPi() throws {
        let c = try Fixtures.config
        var tokens = [Int32](repeating: 0, count: c.goalTokens)
        for _ in 0..<c.horizon { tokens += [128, 128, 128, 255, 0] }
        let chunk = tokens.withUnsafeBufferPointer { actionChunk(tokens: $0, tool: [0, 0, 0, 3.0], config: c, stamp: 0) }
        XCTAssertEqual(chunk[0].yaw, Double(Float(3.0)) + 0.8 - 0.5 * 1.6 / 256 - 2 * .pi, accuracy: 1e-9)
        XCTAssertEqual(chunk[0].gripper, 0.5 / 256, accuracy: 1e-12)
    }
}
