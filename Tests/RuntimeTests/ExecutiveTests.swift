#if canImport(Glibc)
import Glibc
#endif
import AllocationCounter
@testable import Runtime
import XCTest

struct TestState: Sendable, Equatable {
    var tick: Int64
    var time: Int64
}

struct TestChunk: Sendable, Equatable {
    var plannerIndex: Int64
    var observedTick: Int64
}

final class ExecutiveTests: XCTestCase {
    /// Lockstep: the planner runs exactly at tick multiples (offset + k·N), before the controller of
    /// the same tick, which sees the new chunk with age 0; two runs produce identical sequences.
    func testLockstepIsDeterministicAndPlansAtExactMultiples() {
        func run() -> (planner: [Int64], controller: [Int64], summary: ExecutiveSummary) {
            let plannerLog = TickLog(capacity: 100, fields: 4)
            let controllerLog = TickLog(capacity: 1_000, fields: 5)
            let config = ExecutiveConfiguration(mode: .lockstep, controllerPeriod: 1_000_000, plannerPeriod: 10_000_000,
                                                plannerOffset: 3_000_000)
            let executive = Executive(config, initialState: TestState(tick: -1, time: 0),
                                      initialChunk: TestChunk(plannerIndex: -1, observedTick: -1)) { tick, chunk in
                controllerLog.append(tick.index, tick.time, Int64(tick.chunkStamp.sequence), tick.chunkIsNew ? 1 : 0, chunk.plannerIndex)
                XCTAssertEqual(tick.chunkAge, tick.time - tick.chunkStamp.time)
                return TestState(tick: tick.index, time: tick.time)
            } planner: { tick, state in
                plannerLog.append(tick.index, tick.time, Int64(tick.stateStamp.sequence), state.tick)
                return TestChunk(plannerIndex: tick.index, observedTick: state.tick)
            }
            let summary = executive.runLockstep(controllerTicks: 95)
            var p: [Int64] = [], c: [Int64] = []
            for i in 0..<plannerLog.count { for f in 0..<4 { p.append(plannerLog[i, f]) } }
            for i in 0..<controllerLog.count { for f in 0..<5 { c.append(controllerLog[i, f]) } }
            return (p, c, summary)
        }
        let a = run(), b = run()
        XCTAssertEqual(a.planner, b.planner)
        XCTAssertEqual(a.controller, b.controller)

        // Planner ticks at controller ticks 3, 13, …, 93: 10 calls at those simulated times.
        XCTAssertEqual(a.planner.count, 10 * 4)
        for k in 0..<10 {
            let row = Array(a.planner[(4 * k)..<(4 * k + 4)])
            let tick = Int64(3 + 10 * k)
            XCTAssertEqual(row, [Int64(k), tick * 1_000_000, tick, tick - 1], "planner call \(k)")
        }
        // The controller sees a new chunk exactly at those ticks, with age 0.
        for i in 0..<95 {
            let row = Array(a.controller[(5 * i)..<(5 * i + 5)])
            XCTAssertEqual(row[0], Int64(i))
            XCTAssertEqual(row[1], Int64(i) * 1_000_000)
            let isPlannerTick = i >= 3 && (i - 3) % 10 == 0
            XCTAssertEqual(row[3], isPlannerTick ? 1 : 0, "tick \(i)")
            XCTAssertEqual(row[4], i < 3 ? -1 : Int64((i - 3) / 10), "tick \(i) uses the latest chunk")
        }
        let s = a.summary
        XCTAssertEqual(s.controllerTicks, 95)
        XCTAssertEqual(s.deadlineMisses, 0)
        XCTAssertEqual(s.plannerTicks, 10)
        XCTAssertEqual(s.chunksPublished, 10)
        XCTAssertEqual(s.chunksConsumed, 10)
        XCTAssertEqual(s.lateChunks, 0)
        XCTAssertEqual(s.plannerLatency.max, 0)
        XCTAssertEqual(s.periodError.max, 0)
        print(s)
    }

    /// Lockstep ticks allocate nothing: 2000 ticks allocate exactly as much as 20 (set-up and summary).
    func testLockstepTicksDoNotAllocate() {
        func allocations(ticks: Int64) -> Int {
            let executive = Executive(ExecutiveConfiguration(mode: .lockstep), initialState: TestState(tick: 0, time: 0),
                                      initialChunk: TestChunk(plannerIndex: 0, observedTick: 0)) { tick, _ in
                TestState(tick: tick.index, time: tick.time)
            } planner: { tick, state in TestChunk(plannerIndex: tick.index, observedTick: state.tick) }
            _ = executive.runLockstep(controllerTicks: 5)  // warm-up
            return countAllocations { _ = executive.runLockstep(controllerTicks: ticks) }
        }
        XCTAssertEqual(allocations(ticks: 20), allocations(ticks: 2_000))
    }

    /// A planner body that sleeps 2 s does not stall the controller: it keeps ticking meanwhile, on the
    /// last chunk it has.
    func testSlowPlannerNeverStallsTheController() {
        let executiveBox = Box<Executive<TestState, TestChunk>?>(nil)
        let during = Box((before: Int64(0), after: Int64(0)))
        let config = ExecutiveConfiguration(mode: .realTime, controllerPeriod: 1_000_000, plannerPeriod: 100_000_000,
                                            lockMemory: false)
        let executive = Executive(config, initialState: TestState(tick: 0, time: 0),
                                  initialChunk: TestChunk(plannerIndex: -1, observedTick: -1)) { tick, _ in
            TestState(tick: tick.index, time: tick.time)
        } planner: { tick, state in
            if tick.index == 1 {
                during.value.before = executiveBox.value!.liveControllerTicks
                usleep(2_000_000)
                during.value.after = executiveBox.value!.liveControllerTicks
            }
            return TestChunk(plannerIndex: tick.index, observedTick: state.tick)
        }
        executiveBox.value = executive
        let status = executive.start()
        for line in status.warnings { print(line) }
        usleep(2_600_000)
        let summary = executive.stop()
        executiveBox.value = nil
        print(summary)
        let ticksDuringSleep = during.value.after - during.value.before
        print("controller ticks during the planner's 2 s sleep: \(ticksDuringSleep)")
        XCTAssertGreaterThan(ticksDuringSleep, 1_000, "the controller kept ticking while the planner slept")
        XCTAssertGreaterThanOrEqual(summary.plannerMisses, 1, "the 2 s planner tick overran and was skipped")
        XCTAssertGreaterThan(summary.controllerTicks, 1_500)
        XCTAssertGreaterThanOrEqual(summary.plannerTicks, 3)
        XCTAssertGreaterThanOrEqual(summary.lateChunks, 1, "the chunk from the 2 s tick arrived late")
        XCTAssertGreaterThanOrEqual(summary.plannerLatency.max, 1_900)
        XCTAssertEqual(summary.periodError.count, UInt64(summary.controllerTicks))
    }
}
