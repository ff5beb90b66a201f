import AllocationCounter
import Events
import XCTest

final class IntrusionDetectorTests: XCTestCase {
    /// A 128 × 96 workspace camera with one 40 × 30 zone at the table edge.
    let detector = IntrusionDetector(
        width: 128, height: 96,
        zones: [IntrusionZone(name: "table edge", x: 80, y: 60, width: 40, height: 30, slowActivity: 5, stopActivity: 40)],
        window: 10_000, binCount: 10, holdTime: 200_000)

    /// `count` events spread evenly over [start, end) µs in a rectangle.
    func burst(_ count: Int, from start: Int64, to end: Int64, x: Range<Int>, y: Range<Int>) -> [PolarityEvent] {
        (0..<count).map { k in
            PolarityEvent(timestamp: start + (end - start) * Int64(k) / Int64(count),
                          x: UInt16(x.lowerBound + (k * 7) % x.count), y: UInt16(y.lowerBound + (k * 13) % y.count), polarity: k % 2 == 0)
        }
    }

    func assess(_ monitor: IntrusionMonitor, _ events: [PolarityEvent], now: Int64) -> IntrusionAssessment {
        events.withUnsafeBufferPointer { assessIntrusion(detector, monitor, events: $0, now: now) }
    }

    func testMotionOutsideTheZonesAndSparseNoiseInsideStayClear() {
        let monitor = IntrusionMonitor(detector)
        // The robot arm moving elsewhere in the image: lots of events, none in the zone.
        XCTAssertEqual(assess(monitor, burst(20_000, from: 0, to: 10_000, x: 0..<70, y: 0..<96), now: 10_000).decision, .clear)
        // Background activity in the zone: 1 event per ms over 1200 pixels ≈ 0.8 events/pixel/s.
        XCTAssertEqual(assess(monitor, burst(10, from: 10_000, to: 20_000, x: 80..<120, y: 60..<90), now: 20_000).decision, .clear)
    }

    func testAHandEnteringTheZoneSlowsThenStopsAndIsHeld() {
        let monitor = IntrusionMonitor(detector)
        var t: Int64 = 0
        var decisions: [(Int64, IntrusionDecision)] = []
        // The hand's edge sweeps in: activity rises from 10 to 200 events per ms inside the zone.
        for step in 0..<20 {
            let rate = 10 + 10 * step
            let events = burst(rate, from: t, to: t + 1000, x: 80..<(82 + 2 * step), y: 60..<90)
            t += 1000
            decisions.append((t, assess(monitor, events, now: t).decision))
        }
        let firstSlow = decisions.first { $0.1 >= .slow }!.0
        let firstStop = decisions.first { $0.1 == .stop }!.0
        XCTAssertEqual(firstSlow, 3000, "10 + 20 + 30 events in the 10 ms window over 1200 px: 5 events/px/s")
        XCTAssertLessThan(firstStop, 15_000)
        XCTAssertGreaterThan(firstStop, firstSlow)
        // The hand stops moving: the stop is held for 200 ms after the last exceedance, then released.
        let last = assess(monitor, [], now: t + 150_000)
        XCTAssertEqual(last.decision, .stop)
        XCTAssertEqual(last.zone, 0)
        XCTAssertEqual(assess(monitor, [], now: t + 250_000).decision, .clear)
    }

    func testActivityIsMeasuredOverTheWindowOnly() {
        let monitor = IntrusionMonitor(detector)
        let a = assess(monitor, burst(600, from: 0, to: 5000, x: 80..<120, y: 60..<90), now: 5000)
        XCTAssertEqual(a.activity, 600.0 / 1200 / 0.01, accuracy: 1e-9)  // 50 events/px/s
        XCTAssertEqual(a.decision, .stop)
        // 20 ms later the burst has left the window.
        XCTAssertEqual(assess(monitor, [], now: 25_000).activity, 0)
    }

    func testAssessingAllocatesNothing() {
        let monitor = IntrusionMonitor(detector)
        let events = burst(5000, from: 0, to: 100_000, x: 70..<128, y: 50..<96)
        var decision = IntrusionDecision.clear
        func run(_ batches: Range<Int>) {
            events.withUnsafeBufferPointer { all in
                var k = batches.lowerBound
                while k < batches.upperBound {
                    let batch = UnsafeBufferPointer(rebasing: all[(100 * k)..<(100 * k + 100)])
                    decision = max(decision, assessIntrusion(detector, monitor, events: batch, now: Int64(k + 1) * 2000).decision)
                    k += 1
                }
            }
        }
        run(0..<1)  // first use instantiates generic metadata (once per process)
        let allocations = countAllocations { run(1..<50) }
        XCTAssertEqual(allocations, 0)
        XCTAssertGreaterThan(decision, .clear)
    }
}
