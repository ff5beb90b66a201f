#if canImport(Glibc)
import Glibc
#endif
import AllocationCounter
@testable import Runtime
import Foundation
import XCTest

final class RealTimeThreadTests: XCTestCase {
    /// 1 kHz for 2 s of wall clock. Timing values are not asserted (the machine is shared); the
    /// structure is: about 2000 grid periods elapsed, each executed or counted as skipped, and the
    /// histograms hold one sample per executed tick.
    func testOneKilohertzForTwoSeconds() {
        let thread = RealTimeThread(.init(period: 1_000_000, priority: 80, lockMemory: false)) { _ in .continue }
        let status = thread.start()
        XCTAssertNotEqual(status.scheduling, .notRequested)
        if !status.scheduling.isGranted { XCTAssertFalse(status.warnings.isEmpty) }
        usleep(2_000_000)
        thread.requestStop()
        let t = thread.join()
        print("1 kHz × 2 s: \(t.ticks) ticks, \(t.deadlineMisses) misses, \(t.skippedPeriods) skipped; \(status)")
        print("  period error \(t.periodErrorMicroseconds)")
        print("  compute      \(t.computeMicroseconds)")
        XCTAssertTrue(thread.isFinished)
        XCTAssertGreaterThan(t.ticks, 1_000)
        XCTAssertLessThanOrEqual(t.ticks, 2_200)
        XCTAssertTrue((1_900...2_200).contains(t.ticks + t.skippedPeriods), "\(t.ticks) + \(t.skippedPeriods)")
        XCTAssertEqual(t.periodError.totalCount, UInt64(t.ticks))
        XCTAssertEqual(t.compute.totalCount, UInt64(t.ticks))
        XCTAssertLessThanOrEqual(t.skippedPeriods == 0 ? 0 : 1, t.deadlineMisses)
        XCTAssertEqual(thread.liveTicks, t.ticks)
        XCTAssertEqual(thread.liveMisses, t.deadlineMisses)
    }

    /// One tick sleeps 5 ms: the periods it overran are skipped, exactly those, and the loop resumes
    /// on the grid (no burst of catch-up ticks).
    func testOverrunSkipsMissedPeriodsWithoutBurst() {
        let log = TickLog(capacity: 400, fields: 5)  // index, deadline, start, finish, skippedBefore
        let ring = SPSCRing<TickSample>(capacity: 512)  // the thread's own finish times
        let thread = RealTimeThread(.init(period: 1_000_000, priority: 80, lockMemory: false, samples: ring)) { info in
            if info.count == 100 { usleep(5_000) }
            log.append(info.index, info.deadline, info.start, MonotonicClock.now(), info.skippedBefore)
            return info.count == 299 ? .stop : .continue
        }
        thread.start()
        let t = thread.join()
        XCTAssertEqual(t.ticks, 300)
        XCTAssertEqual(log.count, 300)
        let origin = thread.origin
        let period: Int64 = 1_000_000
        var skippedSum: Int64 = 0
        for j in 0..<log.count {
            XCTAssertEqual(log[j, 1], origin + log[j, 0] * period, "deadline on the grid")
            XCTAssertGreaterThanOrEqual(log[j, 2], log[j, 1], "never starts before its deadline")
            if j > 0 {
                let gap = log[j, 0] - log[j - 1, 0]
                XCTAssertEqual(gap - 1, log[j, 4], "skippedBefore matches the index gap at tick \(j)")
                skippedSum += gap - 1
                // No burst: a tick never starts before the previous one finished plus... its own deadline
                // lies after the previous tick's finish whenever periods were skipped.
                if gap > 1 { XCTAssertGreaterThan(log[j, 1], log[j - 1, 3]) }
            }
        }
        XCTAssertEqual(skippedSum, t.skippedPeriods)
        // The forced overrun: tick 100 ran ≥ 5 ms, so at least 5 periods were skipped, and the next tick
        // is exactly the first grid point after tick 100 finished (by the thread's own clock reading).
        var samples: [TickSample] = []
        while let sample = ring.pop() { samples.append(sample) }
        XCTAssertEqual(samples.count, 300)
        XCTAssertEqual(samples[100].index, log[100, 0])
        let expected = (samples[100].finish - origin) / period + 1
        XCTAssertGreaterThanOrEqual(log[101, 0] - log[100, 0], 6)
        XCTAssertEqual(log[101, 0], expected, "the next tick is the first future grid point")
        XCTAssertEqual(log[101, 4], expected - log[100, 0] - 1)
        // Every gap in the whole run obeys the same rule.
        for j in 1..<samples.count {
            XCTAssertEqual(samples[j].index, max(samples[j - 1].index + 1, (samples[j - 1].finish - origin) / period + 1))
        }
        XCTAssertGreaterThanOrEqual(t.deadlineMisses, 1)
        print("forced overrun: tick index \(log[100, 0]) → \(log[101, 0]); \(t.deadlineMisses) misses, \(t.skippedPeriods) skipped in total")
    }

    /// The loop's own bookkeeping (wait, telemetry, sample ring) and a trivial body allocate nothing.
    func testLoopIterationsDoNotAllocate() {
        let counts = Box((allocations: 0, measured: 0))
        let ring = SPSCRing<TickSample>(capacity: 4_096)
        let thread = RealTimeThread(.init(period: 500_000, priority: nil, lockMemory: false, spinTail: 50_000, samples: ring,
                                          iterationWrapper: { index, iteration in
            if index >= 20 && counts.value.measured < 500 {
                counts.value.allocations += countAllocations { iteration() }
                counts.value.measured += 1
            } else {
                iteration()
            }
        })) { info in info.count >= 600 ? .stop : .continue }
        thread.start()
        let t = thread.join()
        XCTAssertEqual(counts.value.measured, 500)
        XCTAssertEqual(counts.value.allocations, 0, "allocations in 500 loop iterations")
        XCTAssertEqual(t.ticks, 601)
        // The ring carried one sample per tick, in order.
        var previous: Int64 = -1
        var n = 0
        while let s = ring.pop() {
            XCTAssertGreaterThan(s.index, previous)
            XCTAssertGreaterThanOrEqual(s.finish, s.start)
            previous = s.index
            n += 1
        }
        XCTAssertEqual(n, 601)
        XCTAssertEqual(ring.dropped, 0)
    }

    func testStatusIsReportedOnceAsText() {
        var s = RealTimeStatus()
        XCTAssertTrue(s.warnings.isEmpty)
        s.priority = 80
        s.scheduling = .denied(errno: EPERM)
        s.memoryLock = .denied(errno: ENOMEM)
        XCTAssertEqual(s.warnings.count, 2)
        XCTAssertTrue(s.warnings[0].contains("SCHED_FIFO"))
        XCTAssertTrue(s.description.contains("EPERM"))
    }

    func testAffinityRequest() {
        let thread = RealTimeThread(.init(period: 1_000_000, priority: nil, lockMemory: false, cpu: 0)) { info in
            info.count >= 10 ? .stop : .continue
        }
        let status = thread.start()
        thread.join()
        XCTAssertEqual(status.cpu, 0)
        XCTAssertNotEqual(status.affinity, .notRequested)
    }

    func testWallClockReportText() {
        let text = wallClockReport(seconds: 0.3, lockMemory: false)
        print(text)
        XCTAssertTrue(text.contains("p99"))
        XCTAssertTrue(text.contains("max"))
        XCTAssertTrue(text.contains("#"))
    }

    /// Benchmark, not a test: `EMBODY_WALLCLOCK_REPORT_SECONDS=10 swift test … --filter testWallClockReportBenchmark`
    /// prints the period-error report for BENCHMARKS.md (SCHED_FIFO 80 and mlockall requested).
    func testWallClockReportBenchmark() throws {
        guard let text = ProcessInfo.processInfo.environment["EMBODY_WALLCLOCK_REPORT_SECONDS"], let seconds = Double(text) else {
            throw XCTSkip("set EMBODY_WALLCLOCK_REPORT_SECONDS to run")
        }
        // EMBODY_WALLCLOCK_REPORT_PRIORITY=0 runs with ordinary scheduling, for comparison.
        let priority = ProcessInfo.processInfo.environment["EMBODY_WALLCLOCK_REPORT_PRIORITY"].flatMap { Int32($0) } ?? 80
        print(wallClockReport(seconds: seconds, priority: priority == 0 ? nil : priority))
    }
}
