import Foundation
import Physics
import Runtime
import Safety
import XCTest

/// The operator hooks in a real episode (Sources/Runtime/EpisodeOperator.swift; tested here, where
/// its user lives): telemetry out of the controller thread, requests into the supervisor, and
/// nothing allocated per tick.
final class EpisodeOperatorTests: XCTestCase {
    private func settings(_ hooks: EpisodeOperator) throws -> EpisodeSettings {
        var s = EpisodeSettings(scene: try SceneDescription.load(contentsOf: DaemonFixtures.scene),
                                instruction: DaemonFixtures.instruction, seed: 0)
        s.operator = hooks
        return s
    }

    func testTelemetryCarriesEveryTickWithoutAllocating() throws {
        let hooks = EpisodeOperator(capacity: 32_768)
        let result = try runEpisode(try settings(hooks))
        XCTAssertTrue(result.success, result.outcome)
        XCTAssertEqual(result.allocationsPerTick, 0, "the hooks run inside the counted tick")
        var count: Int64 = 0
        var last = OperatorSample()
        while let s = hooks.telemetry.pop() {
            XCTAssertEqual(s.index, count)
            count += 1
            last = s
        }
        XCTAssertEqual(count, Int64(result.controllerTicks))
        XCTAssertEqual(hooks.ticks, count)
        XCTAssertEqual(last.jointCount, 6)
        XCTAssertEqual(last.mode, .running)
        XCTAssertEqual(last.interventions.total, result.interventions.total)
        XCTAssertEqual(hooks.telemetry.dropped, 0)
    }

    func testStopRequestBringsTheArmToRestWithinTheBound() throws {
        let hooks = EpisodeOperator(capacity: 32_768)
        let s = try settings(hooks)
        let stopAfter = 2500  // ticks: mid-motion
        var seen = 0
        let result = try runEpisode(s) { _ in
            seen += 1
            if seen == stopAfter { hooks.requestStop() }
        }
        XCTAssertEqual(result.fault?.reason, .stopRequest)
        let timing = try XCTUnwrap(hooks.stopTiming)
        let rest = try XCTUnwrap(timing.rest)
        var samples: [OperatorSample] = []
        while let sample = hooks.telemetry.pop() { samples.append(sample) }
        let first = try XCTUnwrap(samples.firstIndex { $0.mode != .running })
        let atRest = try XCTUnwrap(samples.firstIndex { $0.mode == .stopped })
        let before = samples[first - 1]
        XCTAssertGreaterThan((0..<before.jointCount).map { abs(before.commandVelocities[$0]) }.max() ?? 0, 0.01, "mid-motion")
        let stopTicks = Int64(atRest - first) * 1_000_000
        XCTAssertLessThanOrEqual(stopTicks, timing.bound, "ticks from the stop to rest on the simulated clock vs max |v|/b + one tick")
        XCTAssertGreaterThan(timing.bound, 1_000_000)
        XCTAssertGreaterThanOrEqual(rest, timing.seen)
        XCTAssertLessThan(result.duration, 5, "the episode ended after the stop")
    }

    func testCancelEndsTheEpisodeAndIsRemembered() throws {
        let hooks = EpisodeOperator()
        hooks.cancel()
        let result = try runEpisode(try settings(hooks))
        XCTAssertTrue(hooks.isCancelled)
        XCTAssertEqual(result.fault?.reason, .stopRequest)
        XCTAssertLessThan(result.duration, 1)
    }

    func testEStopLatchesTheEStop() throws {
        let hooks = EpisodeOperator()
        hooks.eStop()
        let result = try runEpisode(try settings(hooks))
        XCTAssertEqual(result.fault?.reason, .eStop)
    }
}
