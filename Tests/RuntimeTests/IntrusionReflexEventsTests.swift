import Events
import Runtime
import XCTest

/// The event detector on synthetic frames: a static scene never trips it; a bright patch
/// appearing inside the zone does, one outside does not.
final class IntrusionReflexEventsTests: XCTestCase {
    let width = 64, height = 48
    let zone = IntrusionZone(name: "z", x: 40, y: 10, width: 20, height: 30, slowActivity: 10, stopActivity: 100)

    func run(patchX: Int) throws -> [IntrusionDecision] {
        var p = DVSParameters()
        p.seed = 7
        let detector = try EventIntrusionDetector(detector: IntrusionDetector(width: width, height: height, zones: [zone]), parameters: p)
        var frame = [UInt8](repeating: 80, count: width * height)
        var decisions: [IntrusionDecision] = []
        for k in 0..<10 {
            if k == 5 { for y in 15..<25 { for x in patchX..<(patchX + 8) { frame[y * width + x] = 200 } } }
            decisions.append(frame.withUnsafeBufferPointer { detector.assess(frame: $0, time: Int64(k) * 2_000_000) })
        }
        return decisions
    }

    func testStaticSceneStaysClearAndAPatchInTheZoneTripsIt() throws {
        let d = try run(patchX: 44)
        XCTAssertEqual(Array(d[0..<5]), Array(repeating: .clear, count: 5))
        // 80 events (8 × 10 px, ⌊ln(200/80)/0.2⌋ ≈ 4 each) over 600 px in 10 ms ≈ 53 ev/px/s: slow, not stop.
        XCTAssertEqual(d[5], .slow)
    }

    func testAPatchOutsideTheZoneIsIgnored() throws {
        XCTAssertEqual(try run(patchX: 4), Array(repeating: .clear, count: 10))
    }
}
