import Events
import Foundation
import XCTest

final class TimeSurfaceTests: XCTestCase {
    func testDecaysExponentiallyFromEachPixelsLatestEvent() {
        let surface = TimeSurface(width: 3, height: 2, decay: 1000)
        let events = [
            PolarityEvent(timestamp: 500, x: 0, y: 0, polarity: true),
            PolarityEvent(timestamp: 2000, x: 0, y: 0, polarity: true),
            PolarityEvent(timestamp: 1000, x: 0, y: 0, polarity: true),  // older than the latest: ignored
            PolarityEvent(timestamp: 1500, x: 2, y: 1, polarity: false),
        ]
        events.withUnsafeBufferPointer { surface.add($0) }
        XCTAssertEqual(surface.value(x: 0, y: 0, polarity: true, at: 2000), 1)
        XCTAssertEqual(surface.value(x: 0, y: 0, polarity: true, at: 3000), exp(-1), accuracy: 1e-12)
        XCTAssertEqual(surface.value(x: 2, y: 1, polarity: false, at: 3500), exp(-2), accuracy: 1e-12)
        XCTAssertEqual(surface.value(x: 2, y: 1, polarity: true, at: 3500), 0, "no ON event there")
        XCTAssertEqual(surface.value(x: 1, y: 0, polarity: true, at: 3500), 0)
        var map = [Float](repeating: -1, count: 6)
        map.withUnsafeMutableBufferPointer { surface.write(polarity: false, at: 2500, into: $0) }
        XCTAssertEqual(map[5], Float(exp(-1.0)), accuracy: 1e-6)
        XCTAssertEqual(map[0], 0)
        surface.clear()
        XCTAssertEqual(surface.value(x: 0, y: 0, polarity: true, at: 2000), 0)
    }
}
