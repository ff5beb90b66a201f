import AllocationCounter
import Atomics
import Foundation
@testable import Runtime
import XCTest

/// A fixed-size payload whose fields all derive from `sequence`, with a checksum: a torn read (fields
/// from two publications) fails the check.
struct Payload: Sendable, Equatable {
    var sequence: UInt64
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    var checksum: UInt64

    init(_ s: UInt64) {
        sequence = s
        let m = s &* 0x9E37_79B9_7F4A_7C15
        words = (m, m ^ 1, m &+ 2, m &* 3, ~m, m >> 3, m << 5, m &+ s, m ^ 0xFF, m &- 7, m &* 11, m ^ s)
        checksum = 0
        checksum = hash
    }

    static func == (a: Payload, b: Payload) -> Bool { a.sequence == b.sequence && a.checksum == b.checksum }

    /// FNV-style hash of the sequence and the words (no array: allocation-free).
    var hash: UInt64 {
        var h = sequence
        let w = words
        h = (h ^ w.0) &* 0x100_0000_01B3; h = (h ^ w.1) &* 0x100_0000_01B3; h = (h ^ w.2) &* 0x100_0000_01B3
        h = (h ^ w.3) &* 0x100_0000_01B3; h = (h ^ w.4) &* 0x100_0000_01B3; h = (h ^ w.5) &* 0x100_0000_01B3
        h = (h ^ w.6) &* 0x100_0000_01B3; h = (h ^ w.7) &* 0x100_0000_01B3; h = (h ^ w.8) &* 0x100_0000_01B3
        h = (h ^ w.9) &* 0x100_0000_01B3; h = (h ^ w.10) &* 0x100_0000_01B3; h = (h ^ w.11) &* 0x100_0000_01B3
        return h
    }

    var isConsistent: Bool { hash == checksum && words.0 == sequence &* 0x9E37_79B9_7F4A_7C15 }
}

final class MailboxTests: XCTestCase {
    func testSequenceAndFreshness() {
        let box = Mailbox(initial: Payload(0))
        var r = box.read()
        XCTAssertEqual(r.stamp.sequence, 0)
        XCTAssertFalse(r.isNew)
        box.publish(Payload(1), time: 10)
        box.publish(Payload(2), time: 20)
        box.publish(Payload(3), time: 30)
        r = box.read()
        XCTAssertEqual(r.value.sequence, 3)
        XCTAssertEqual(r.stamp, MailboxStamp(sequence: 3, time: 30))
        XCTAssertTrue(r.isNew)
        XCTAssertEqual(r.missed, 2)
        XCTAssertEqual(r.age(at: 45), 15)
        r = box.read()
        XCTAssertFalse(r.isNew)  // same value again: not an error, just not new
        XCTAssertEqual(r.value.sequence, 3)
        box.publish(time: 40) { $0 = Payload(4) }
        box.withLatest { value, stamp, isNew in
            XCTAssertEqual(value.sequence, 4)
            XCTAssertEqual(stamp.sequence, 4)
            XCTAssertTrue(isNew)
        }
        XCTAssertEqual(box.latestSequence, 4)
    }

    /// A writer thread publishes as fast as it can while the reader reads as fast as it can: every read
    /// is a whole publication (checksum), sequence numbers never go back, and `isNew` is exact.
    func testConcurrentWriterReaderNeverTears() {
        let box = Mailbox(initial: Payload(0))
        let total: UInt64 = 1_000_000
        let done = ManagedAtomic<Bool>(false)
        let writer = Thread {
            for i in 1...Int(total) { box.publish(Payload(UInt64(i)), time: Int64(i)) }
            done.store(true, ordering: .releasing)
        }
        writer.start()
        var reads = 0, fresh = 0, torn = 0, backwards = 0, wrongFresh = 0, stampMismatch = 0
        var last: UInt64 = 0
        while true {
            let finished = done.load(ordering: .acquiring)
            let r = box.read()
            reads += 1
            if !r.value.isConsistent { torn += 1 }
            if r.value.sequence != r.stamp.sequence || r.stamp.time != Int64(r.stamp.sequence) { stampMismatch += 1 }
            if r.stamp.sequence < last { backwards += 1 }
            if r.isNew != (r.stamp.sequence > last) { wrongFresh += 1 }
            if r.isNew { fresh += 1 }
            last = r.stamp.sequence
            if finished { break }
        }
        XCTAssertEqual(torn, 0)
        XCTAssertEqual(backwards, 0)
        XCTAssertEqual(wrongFresh, 0)
        XCTAssertEqual(stampMismatch, 0)
        XCTAssertEqual(last, total, "the final read sees the last publication")
        XCTAssertGreaterThan(fresh, 1)
        print("mailbox stress: \(total) publications, \(reads) reads, \(fresh) fresh")
    }

    func testPublishAndReadDoNotAllocate() {
        let box = Mailbox(initial: Payload(0))
        box.publish(Payload(1), time: 1)
        _ = box.read()
        var checksum: UInt64 = 0
        // `Int` loop counters: iterating a `Range<UInt64>` allocates in unoptimised builds.
        let allocations = countAllocations {
            for i in 2...1_001 {
                let s = UInt64(i)
                box.publish(Payload(s), time: Int64(s))
                checksum &+= box.read().value.checksum
                box.withLatest { v, _, _ in checksum &+= v.sequence }
                box.publish(time: Int64(s)) { $0.sequence = s }
            }
        }
        XCTAssertEqual(allocations, 0)
        XCTAssertNotEqual(checksum, 0)
    }

    func testRingPassesElementsInOrderAndDropsWhenFull() {
        let ring = SPSCRing<Int>(capacity: 3)
        XCTAssertEqual(ring.capacity, 4)
        for i in 0..<6 { ring.push(i) }
        XCTAssertEqual(ring.dropped, 2)
        var out: [Int] = []
        while let x = ring.pop() { out.append(x) }
        XCTAssertEqual(out, [0, 1, 2, 3])
        XCTAssertNil(ring.pop())
    }
}
