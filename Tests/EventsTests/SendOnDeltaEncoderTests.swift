import AllocationCounter
import Events
import Foundation
import XCTest

final class SendOnDeltaEncoderTests: XCTestCase {
    /// Three joint-like signals sampled at 1 kHz for 2 s: a slow sine (position), a fast chirp
    /// (velocity) and a held value with a step (torque).
    func signal(_ k: Int) -> [Double] {
        let t = Double(k) * 1e-3
        return [0.8 * sin(2 * Double.pi * 0.5 * t), 3 * sin(2 * Double.pi * (1 + 2 * t) * t), t < 1 ? 0.4 : -1.1]
    }

    func testReconstructionStaysWithinOneThreshold() {
        let thresholds = [0.01, 0.05, 0.02]
        var encoder = SendOnDeltaEncoder(thresholds: thresholds)
        var reconstructed = [Double?](repeating: nil, count: 3)
        var events: [ScalarEvent] = []
        for k in 0..<2000 {
            let x = signal(k)
            encoder.encode(x, at: Int64(k) * 1000) { event in
                events.append(event)
                reconstructed[Int(event.channel)] = event.value(threshold: thresholds[Int(event.channel)])
            }
            for c in 0..<3 {
                XCTAssertLessThan(abs(x[c] - reconstructed[c]!), thresholds[c], "channel \(c) at sample \(k)")
            }
        }
        // Far fewer events than samples, and the held channel reports only its start and its step.
        XCTAssertLessThan(events.count, 3 * 2000 / 3)
        XCTAssertEqual(events.filter { $0.channel == 2 }.map(\.level), [20, -55])
        XCTAssertEqual(events.filter { $0.channel == 2 }.map(\.timestamp), [0, 1_000_000])
        for (a, b) in zip(events, events.dropFirst()) { XCTAssertLessThanOrEqual(a.timestamp, b.timestamp) }
    }

    func testEveryChannelReportsOnceAtTheFirstSampleThenOnlyOnMotion() {
        var encoder = SendOnDeltaEncoder(thresholds: [0.1, 0.1])
        var events: [ScalarEvent] = []
        encoder.encode([0.33, -0.26], at: 5) { events.append($0) }
        XCTAssertEqual(events, [ScalarEvent(timestamp: 5, channel: 0, level: 3), ScalarEvent(timestamp: 5, channel: 1, level: -3)])
        events.removeAll()
        encoder.encode([0.39, -0.35], at: 6) { events.append($0) }  // both within 0.1 of their level
        XCTAssertEqual(events, [])
        encoder.encode([0.40, -0.36], at: 7) { events.append($0) }  // channel 1 is 0.06 from −0.3: still quiet
        encoder.encode([0.41, -0.41], at: 8) { events.append($0) }  // channel 0 is 0.11 from 0.3, channel 1 0.11 from −0.3
        XCTAssertEqual(events, [ScalarEvent(timestamp: 8, channel: 0, level: 4), ScalarEvent(timestamp: 8, channel: 1, level: -4)])
    }

    func testNonFiniteSamplesAreSkipped() {
        var encoder = SendOnDeltaEncoder(thresholds: [1])
        var events: [ScalarEvent] = []
        encoder.encode([2], at: 0) { events.append($0) }
        encoder.encode([.nan], at: 1) { events.append($0) }
        encoder.encode([.infinity], at: 2) { events.append($0) }
        XCTAssertEqual(events.count, 1)
    }

    func testEncodingAllocatesNothing() {
        var encoder = SendOnDeltaEncoder(thresholds: [0.01, 0.05, 0.02])
        let ring = EventRing<ScalarEvent>(capacity: 4096)
        let flat = (0..<1000).flatMap(signal)
        func encode(_ range: Range<Int>) {
            flat.withUnsafeBufferPointer { all in
                var k = range.lowerBound
                while k < range.upperBound {
                    encoder.encode(UnsafeBufferPointer(rebasing: all[(3 * k)..<(3 * k + 3)]), at: Int64(k) * 1000) { ring.append($0) }
                    k += 1
                }
            }
        }
        encode(0..<10)  // first use instantiates generic metadata (once per process)
        let allocations = countAllocations { encode(10..<1000) }
        XCTAssertGreaterThan(ring.count, 100)
        XCTAssertEqual(allocations, 0)
    }
}
