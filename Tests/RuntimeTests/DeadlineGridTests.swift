@testable import Runtime
import XCTest

final class DeadlineGridTests: XCTestCase {
    func testDeadlinesLieOnTheGrid() {
        var grid = DeadlineGrid(origin: 1_000, period: 100)
        var deadlines: [Int64] = []
        for _ in 0..<4 {
            deadlines.append(grid.deadline)
            XCTAssertEqual(grid.advance(finishedAt: grid.deadline + 30), 0)  // jitter does not shift the grid
        }
        XCTAssertEqual(deadlines, [1_000, 1_100, 1_200, 1_300])
        XCTAssertEqual(grid.misses, 0)
    }

    func testOverrunSkipsToTheFirstFutureDeadline() {
        var grid = DeadlineGrid(origin: 0, period: 100)
        // Tick 0 finishes at 550: deadlines 100…500 have passed; the next tick runs at 600 (index 6).
        XCTAssertEqual(grid.advance(finishedAt: 550), 5)
        XCTAssertEqual(grid.index, 6)
        XCTAssertEqual(grid.deadline, 600)
        XCTAssertEqual(grid.misses, 1)
        XCTAssertEqual(grid.skippedPeriods, 5)
        // Finishing exactly on the next deadline is not a miss.
        XCTAssertEqual(grid.advance(finishedAt: 700), 0)
        XCTAssertEqual(grid.index, 7)
        // Finishing just after it is: one period skipped.
        XCTAssertEqual(grid.advance(finishedAt: 801), 1)
        XCTAssertEqual(grid.index, 9)
        XCTAssertEqual(grid.misses, 2)
        XCTAssertEqual(grid.skippedPeriods, 6)
    }

    func testLockstepClockJumpsToDeadlines() {
        let clock = LockstepClock()
        clock.wait(until: 5_000)
        XCTAssertEqual(clock.now, 5_000)
        clock.wait(until: 1_000)  // the past: no change
        XCTAssertEqual(clock.now, 5_000)
        clock.advance(by: 10)
        XCTAssertEqual(clock.now, 5_010)
        XCTAssertFalse(clock.isPaced)
    }

    func testWallClockWaitsForRealTime() {
        let clock = WallClock(spinTail: 50_000)
        let target = clock.now + 2_000_000
        clock.wait(until: target)
        XCTAssertGreaterThanOrEqual(clock.now, target)
        XCTAssertTrue(clock.isPaced)
        XCTAssertGreaterThan(MonotonicClock.now(), 0)
    }
}
