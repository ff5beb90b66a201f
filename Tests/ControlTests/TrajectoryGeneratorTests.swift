import AllocationCounter
import XCTest
@testable import Control

final class TrajectoryGeneratorTests: XCTestCase {
    static let limits: [JerkLimits] = [
        JerkLimits(velocity: 2.0, acceleration: 8, jerk: 60),
        JerkLimits(velocity: 1.5, acceleration: 6, jerk: 40),
        JerkLimits(velocity: 2.5, acceleration: 10, jerk: 80),
        JerkLimits(velocity: 3.0, acceleration: 12, jerk: 100),
        JerkLimits(velocity: 3.0, acceleration: 12, jerk: .infinity),
        JerkLimits(velocity: 4.0, acceleration: 20, jerk: 200),
    ]

    /// Checks every DoF's profile analytically and at 1 ms against its own limits and target.
    private func checkAll(_ g: TrajectoryGenerator, from start: [TrajectoryState], file: StaticString = #filePath, line: UInt = #line) {
        for i in 0..<g.dof {
            let p = g.profile(dof: i)
            XCTAssertEqual(p.duration, g.duration, accuracy: 1e-12 * max(1, g.duration), "dof \(i) finish", file: file, line: line)
            var c = TrajectoryLimitChecker(limits: g.limits[i], initial: start[i])
            var t = 0.0
            while t <= g.duration + 1e-3 {
                c.check(g.state(at: t, dof: i), jerk: g.isPhaseSynchronized ? 0 : p.jerk(at: t), at: t)
                t += 1e-3
            }
            if !g.isPhaseSynchronized {
                let (pc, endError) = checkProfile(p, from: start[i], target: g.target[i], limits: g.limits[i], samples: 0, denseStep: nil)
                c.failures += pc.failures
                XCTAssertLessThan(endError, 1e-9, "dof \(i)", file: file, line: line)
            }
            XCTAssertEqual(c.failures, [], "dof \(i)", file: file, line: line)
            let end = g.state(at: g.duration, dof: i)
            XCTAssertEqual(end.position, g.target[i], file: file, line: line)
            XCTAssertEqual(end.velocity, 0, file: file, line: line)
        }
    }

    func testSynchronisedFinishFromRestAndMoving() {
        var rng = TrajectoryTestRandom(seed: 42)
        for mode in [TrajectoryGenerator.Synchronization.time, .phase] {
            for _ in 0..<40 {
                let start = (0..<6).map { _ in rng.uniform(-1, 1) }
                let g = TrajectoryGenerator(dof: 6, limits: Self.limits, initialPositions: start, synchronization: mode)
                let goal = (0..<6).map { _ in rng.uniform(-2, 2) }
                g.setTarget(goal)
                if mode == .time {
                    let own = (0..<6).map {
                        TrajectoryProfile.duration(from: TrajectoryState(position: start[$0]), to: goal[$0], limits: Self.limits[$0])
                    }
                    XCTAssertEqual(g.duration, own.max()!, accuracy: 1e-12, "slowest DoF sets the duration")
                } else {
                    XCTAssertTrue(g.isPhaseSynchronized)
                    // Straight line in joint space: (p_i - start_i)/d_i is the same for all i.
                    let t = 0.37 * g.duration
                    let s0 = (g.state(at: t, dof: 0).position - start[0]) / (goal[0] - start[0])
                    for i in 1..<6 {
                        XCTAssertEqual((g.state(at: t, dof: i).position - start[i]) / (goal[i] - start[i]), s0, accuracy: 1e-9)
                    }
                }
                checkAll(g, from: start.map { TrajectoryState(position: $0) })

                // Re-plan mid-motion from the current reference: continuous in p, v, a.
                let switchTime = rng.uniform(0.05, 0.9) * g.duration
                var steps = 0
                while g.time + 1e-3 < switchTime { g.step(dt: 1e-3); steps += 1 }
                let before = (0..<6).map { TrajectoryState(position: g.position[$0], velocity: g.velocity[$0], acceleration: g.acceleration[$0]) }
                let eps = 1e-4
                let oldAhead = (0..<6).map { g.state(at: g.time + eps, dof: $0) }
                let newGoal = (0..<6).map { _ in rng.uniform(-2, 2) }
                g.setTarget(newGoal)
                XCTAssertEqual(g.time, 0)
                for i in 0..<6 {
                    let s = g.state(at: 0, dof: i)
                    XCTAssertEqual(s.position, before[i].position, accuracy: 1e-12)
                    XCTAssertEqual(s.velocity, before[i].velocity, accuracy: 1e-12)
                    if Self.limits[i].jerk.isFinite {  // with infinite jerk acceleration may step
                        XCTAssertEqual(s.acceleration, before[i].acceleration, accuracy: 1e-9, "dof \(i)")
                    }
                    // Over eps both plans stay within jerk bounds of each other.
                    let n = g.state(at: eps, dof: i), j = Self.limits[i].jerk
                    if j.isFinite {
                        XCTAssertLessThanOrEqual(abs(n.acceleration - oldAhead[i].acceleration), 2 * j * eps * (1 + 1e-9) + 1e-12)
                    }
                    XCTAssertLessThanOrEqual(abs(n.velocity - oldAhead[i].velocity), 2 * Self.limits[i].acceleration * eps + 1e-12)
                }
                checkAll(g, from: before)
                while !g.isFinished { g.step(dt: 1e-3) }
                for i in 0..<6 {
                    XCTAssertEqual(g.position[i], newGoal[i])
                    XCTAssertEqual(g.velocity[i], 0)
                    XCTAssertEqual(g.acceleration[i], 0)
                }
            }
        }
    }

    /// Rest-to-rest with all limits reached on the slowest DoF: T = d/v + v/a + a/j.
    func testTimeOptimalAnalyticDuration() {
        let g = TrajectoryGenerator(dof: 6, limits: Self.limits)
        let goal = [1.0, 0.2, -0.3, 0.1, 0, 0.5]
        g.setTarget(goal)
        let l = Self.limits[0]
        XCTAssertEqual(g.duration, 1.0 / l.velocity + l.velocity / l.acceleration + l.acceleration / l.jerk, accuracy: 1e-12)
    }

    func testNoAllocationsInSetTargetAndStep() {
        for mode in [TrajectoryGenerator.Synchronization.time, .phase] {
            let g = TrajectoryGenerator(dof: 6, limits: Self.limits, synchronization: mode)
            let a = [0.5, -0.4, 0.3, 1.0, -1.0, 0.2], b = [-0.5, 0.4, 0.0, 0.1, 0.7, -0.2]
            let q = [Double](repeating: 0.1, count: 6), v = [0.3, -0.2, 0.1, 0.0, 0.5, -1.0], acc = [1.0, -1, 0, 2, -2, 0.5]
            g.setTarget(a); g.step(dt: 1e-3)  // warm-up
            let count = countAllocations {
                a.withUnsafeBufferPointer { ta in
                    b.withUnsafeBufferPointer { tb in
                        for k in 0..<20 {
                            g.setTarget(k % 2 == 0 ? ta : tb)
                            for _ in 0..<50 { g.step(dt: 1e-3) }
                        }
                        g.setTarget(a, position: q, velocity: v, acceleration: acc)
                        for _ in 0..<50 { g.step(dt: 1e-3) }
                    }
                }
            }
            XCTAssertEqual(count, 0, "\(mode)")
        }
    }

    /// Lowered limits mid-motion: the current state is outside, and is brought back inside.
    func testLoweredLimitsRecovery() {
        let g = TrajectoryGenerator(dof: 6, limits: Self.limits)
        g.setTarget([2, 2, 2, 2, 2, 2])
        while g.time < 0.6 { g.step(dt: 1e-3) }
        let before = (0..<6).map { TrajectoryState(position: g.position[$0], velocity: g.velocity[$0], acceleration: g.acceleration[$0]) }
        for i in 0..<6 {
            let l = Self.limits[i]
            g.setLimits(JerkLimits(velocity: l.velocity / 4, acceleration: l.acceleration / 4, jerk: l.jerk), dof: i)
        }
        g.setTarget([2, 2, 2, 2, 2, 2])
        checkAll(g, from: before)
    }
}
