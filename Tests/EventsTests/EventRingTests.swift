import AllocationCounter
import Events
import XCTest

final class EventRingTests: XCTestCase {
    func event(_ t: Int64) -> PolarityEvent { PolarityEvent(timestamp: t, x: UInt16(t % 7), y: 1, polarity: t % 2 == 0) }

    func testKeepsTheNewestEventsAndCountsTheOverwrittenOnes() {
        let ring = EventRing<PolarityEvent>(capacity: 4)
        for t in 0..<10 { ring.append(event(Int64(t))) }
        XCTAssertEqual(ring.count, 4)
        XCTAssertEqual(ring.overwritten, 6)
        XCTAssertEqual((0..<4).map { ring[$0].timestamp }, [6, 7, 8, 9])
        XCTAssertEqual(ring.removeFirst()?.timestamp, 6)
        ring.append(event(10))
        ring.append(event(11))
        XCTAssertEqual((0..<ring.count).map { ring[$0].timestamp }, [8, 9, 10, 11])
        XCTAssertEqual(ring.overwritten, 7)
    }

    func testDropsEventsOlderThanATime() {
        let ring = EventRing<PolarityEvent>(capacity: 8)
        for t in [1, 3, 5, 7, 9] as [Int64] { ring.append(event(t)) }
        ring.removeEvents(before: 6)
        XCTAssertEqual((0..<ring.count).map { ring[$0].timestamp }, [7, 9])
        ring.removeEvents(before: 100)
        XCTAssertTrue(ring.isEmpty)
        XCTAssertNil(ring.removeFirst())
    }

    func testAppendingAndDrainingAllocateNothing() {
        let ring = EventRing<PolarityEvent>(capacity: 1000)
        let batch = (0..<300).map { event(Int64($0)) }
        var drained = 0
        let allocations = countAllocations {
            batch.withUnsafeBufferPointer { b in
                var round = 0
                while round < 10 {
                    ring.append(contentsOf: b)
                    while ring.count > 500 { _ = ring.removeFirst(); drained += 1 }
                    round += 1
                }
            }
            ring.removeEvents(before: 250)
        }
        XCTAssertEqual(drained, 2500)
        XCTAssertEqual(allocations, 0)
    }
}
