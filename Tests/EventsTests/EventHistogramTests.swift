import Events
import XCTest

final class EventHistogramTests: XCTestCase {
    func testCountsEachPolarityPerPixelInsideTheWindow() {
        let histogram = EventHistogram(width: 4, height: 3)
        let events = [
            PolarityEvent(timestamp: 10, x: 1, y: 2, polarity: true),
            PolarityEvent(timestamp: 20, x: 1, y: 2, polarity: true),
            PolarityEvent(timestamp: 20, x: 1, y: 2, polarity: false),
            PolarityEvent(timestamp: 30, x: 3, y: 0, polarity: false),
            PolarityEvent(timestamp: 40, x: 3, y: 0, polarity: false),  // outside [10, 40)
            PolarityEvent(timestamp: 15, x: 9, y: 0, polarity: true),  // off the sensor
        ]
        events.withUnsafeBufferPointer { histogram.add($0, window: 10..<40) }
        XCTAssertEqual(histogram.onCount(x: 1, y: 2), 2)
        XCTAssertEqual(histogram.offCount(x: 1, y: 2), 1)
        XCTAssertEqual(histogram.offCount(x: 3, y: 0), 1)
        XCTAssertEqual(histogram.eventCount, 4)
        var signed = [Float](repeating: 0, count: 12)
        signed.withUnsafeMutableBufferPointer { histogram.writeSignedCounts(into: $0) }
        XCTAssertEqual(signed[2 * 4 + 1], 1)
        XCTAssertEqual(signed[3], -1)
        var rgb = [UInt8](repeating: 0, count: 36)
        rgb.withUnsafeMutableBufferPointer { histogram.writeRGB(into: $0, fullScale: 2) }
        XCTAssertEqual(Array(rgb[(3 * 9)..<(3 * 9 + 3)]), [128, 255, 0], "one OFF (half red), two ON (full green)")
        XCTAssertEqual(Array(rgb[0..<3]), [0, 0, 0])
        histogram.clear()
        XCTAssertEqual(histogram.onCount(x: 1, y: 2), 0)
        XCTAssertEqual(histogram.eventCount, 0)
    }
}
