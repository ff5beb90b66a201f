import AllocationCounter
import Demonstrations
import Physics
import VLA
import XCTest
@testable import Daemon

/// The camera mirror: the stepping thread's side copies world states without
/// allocating, and the planner's side renders from its mirror exactly what rendering the world
/// itself gives (the same images and the same events, pixel for pixel).
final class WorldCameraMirrorTests: XCTestCase {
    func testMirrorRendersWhatTheWorldShowsAndRecordsWithoutAllocating() throws {
        let scene = try Scene(try SceneDescription.load(contentsOf: DaemonFixtures.scene))
        let data = scene.makeData()
        data.holdCurrentPositions()
        let mirror = try WorldCameraMirror(scene: scene)
        let direct = try PlantCameraFeed(scene: scene)
        let size = 64
        func input() -> VLAInput {
            VLAInput(front: Array(repeating: 0, count: size * size * 3), wrist: Array(repeating: 0, count: size * size * 3),
                     events: [], joints: [], tool: [], words: [])
        }
        var mirrored = input(), rendered = input()
        XCTAssertFalse(mirror.take(into: &mirrored), "no frame before the first recorded state")
        var allocations = 0
        for tick in 0..<300 {
            // Sweep the shoulder and wrist so both cameras and the event sensor see change.
            data.commands[0] = JointCommand(position: 0.4 * sin(Double(tick) / 100))
            data.commands[4] = JointCommand(position: 0.5 * sin(Double(tick) / 60))
            try step(data)
            allocations += countAllocations { mirror.record(data) }
            direct.publish(data)
            if tick % 100 == 99 {
                XCTAssertTrue(mirror.take(into: &mirrored))
                XCTAssertTrue(direct.take(into: &rendered))
                XCTAssertEqual(mirrored.front, rendered.front, "front image at tick \(tick)")
                XCTAssertEqual(mirrored.wrist, rendered.wrist, "wrist image at tick \(tick)")
                XCTAssertEqual(mirrored.events, rendered.events, "event counts at tick \(tick)")
                XCTAssertEqual(mirrored.events.count, 2 * size * size)
            }
        }
        XCTAssertEqual(allocations, 0, "the stepping thread's side allocates nothing")
        XCTAssertGreaterThan(mirrored.events.reduce(0) { $0 + Int($1) }, 0, "the moving arm made events")
        XCTAssertEqual(mirror.dropped, 0)
    }
}
