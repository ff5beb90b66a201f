import Events
import Runtime
import XCTest

/// The 30 fps baseline: counts pixels that changed by more than the level threshold inside the
/// zone, compared with the previous frame; holds its decision for the hold time.
final class IntrusionReflexFramesTests: XCTestCase {
    let width = 64, height = 48
    let zone = IntrusionZone(name: "z", x: 40, y: 10, width: 20, height: 30, slowActivity: 1, stopActivity: 1)

    func detector() -> FrameDifferenceDetector {
        FrameDifferenceDetector(width: width, height: height, zones: [zone], levelThreshold: 20, slowFraction: 0.05, stopFraction: 0.2,
                                holdTime: 100_000_000)
    }

    func assess(_ d: FrameDifferenceDetector, _ frame: [UInt8], _ k: Int) -> IntrusionDecision {
        frame.withUnsafeBufferPointer { d.assess(frame: $0, time: Int64(k) * 33_333_333) }
    }

    func testDecisionsFollowTheChangedFraction() {
        let d = detector()
        var frame = [UInt8](repeating: 80, count: width * height)
        XCTAssertEqual(assess(d, frame, 0), .clear, "the first frame only initialises")
        for x in 40..<44 { for y in 10..<20 { frame[y * width + x] = 90 } }  // below the level threshold
        XCTAssertEqual(assess(d, frame, 1), .clear)
        for x in 40..<44 { for y in 10..<20 { frame[y * width + x] = 200 } }  // 40 px = 6.7 % of the zone
        XCTAssertEqual(assess(d, frame, 2), .slow)
        XCTAssertEqual(d.lastFractions[0], 40.0 / 600, accuracy: 1e-12)
        XCTAssertEqual(assess(d, frame, 3), .slow, "held")
        for x in 40..<60 { for y in 10..<20 { frame[y * width + x] = 30 } }  // 200 px = 33 %
        XCTAssertEqual(assess(d, frame, 4), .stop)
        XCTAssertEqual(assess(d, frame, 8), .clear, "released after the hold time")
    }

    func testChangesOutsideTheZoneAreIgnored() {
        let d = detector()
        var frame = [UInt8](repeating: 80, count: width * height)
        _ = assess(d, frame, 0)
        for x in 0..<40 { for y in 0..<48 { frame[y * width + x] = 250 } }
        XCTAssertEqual(assess(d, frame, 1), .clear)
    }
}
