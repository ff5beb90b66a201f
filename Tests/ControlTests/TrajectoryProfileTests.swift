import XCTest
@testable import Control

/// Deterministic generator for the property tests (SplitMix64).
struct TrajectoryTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53)
    }
    mutating func logUniform(_ lo: Double, _ hi: Double) -> Double {
        exp(uniform(log(lo), log(hi)))
    }
}

/// Checks a trajectory's samples against the limits, allowing an initial violation only if it is
/// brought back monotonically and never re-entered.
struct TrajectoryLimitChecker {
    let limits: JerkLimits
    let vBound: Double   // max(vMax, |v0|, unavoidable peak)
    let aBound: Double   // max(aMax, |a0|)
    var vInside = false, aInside = false
    var maxVRatio = 0.0, maxARatio = 0.0, maxJRatio = 0.0
    var failures: [String] = []
    static let tol = 1e-9

    init(limits: JerkLimits, initial s: TrajectoryState) {
        self.limits = limits
        let unavoidable = limits.jerk.isInfinite ? s.velocity
            : s.velocity + s.acceleration * abs(s.acceleration) / (2 * limits.jerk)
        vBound = max(limits.velocity, abs(s.velocity), abs(unavoidable))
        aBound = max(limits.acceleration, abs(s.acceleration))
        vInside = abs(s.velocity) <= limits.velocity && abs(unavoidable) <= limits.velocity
        aInside = abs(s.acceleration) <= limits.acceleration
    }

    /// The velocity reached if the acceleration is driven to zero at full jerk from `s`.
    func naturalPeak(_ s: TrajectoryState) -> Double {
        limits.jerk.isInfinite ? s.velocity : s.velocity + s.acceleration * abs(s.acceleration) / (2 * limits.jerk)
    }

    mutating func check(_ s: TrajectoryState, jerk: Double, at t: Double) {
        let v = abs(s.velocity), a = abs(s.acceleration)
        let vLim = limits.velocity * (1 + Self.tol), aLim = limits.acceleration * (1 + Self.tol)
        if !limits.jerk.isInfinite {
            maxJRatio = max(maxJRatio, abs(jerk) / limits.jerk)
            if abs(jerk) > limits.jerk * (1 + Self.tol) { failures.append("jerk \(jerk) at \(t)") }
        }
        // Outside the limits only during an initial violation, and only while it is being removed
        // as fast as the jerk allows: |a| > aMax needs jerk = -sign(a)·jMax; |v| > vMax needs the
        // acceleration to point back towards the band or to be reduced at full jerk.
        let fullJerkReduction = limits.jerk.isInfinite
            || (s.acceleration != 0 && abs(jerk + (s.acceleration > 0 ? 1 : -1) * limits.jerk) <= 1e-9 * limits.jerk)
        if a > aLim {
            if aInside { failures.append("a \(s.acceleration) > \(limits.acceleration) at \(t)") }
            if !fullJerkReduction && t > 0 { failures.append("a recovery not at full jerk at \(t)") }
        } else {
            maxARatio = max(maxARatio, a / limits.acceleration)
        }
        if v > vLim {
            if vInside { failures.append("v \(s.velocity) > \(limits.velocity) at \(t)") }
            if v > vBound * (1 + Self.tol) { failures.append("v \(s.velocity) beyond initial bound \(vBound) at \(t)") }
            let towards: Double = s.velocity > 0 ? -1 : 1
            let returning = s.acceleration * towards > 0
                || (abs(s.acceleration) <= 1e-9 * limits.acceleration && jerk * towards > 0)
            if !returning && !fullJerkReduction && t > 0 { failures.append("v recovery not monotone at \(t)") }
        } else {
            maxVRatio = max(maxVRatio, v / limits.velocity)
        }
        if a > aBound * (1 + Self.tol) { failures.append("a beyond initial bound at \(t)") }
    }
}

/// Analytic and sampled checks of one profile; returns the checker with its statistics.
func checkProfile(_ p: TrajectoryProfile, from s0: TrajectoryState, target: Double, limits: JerkLimits,
                  samples: Int, denseStep: Double?) -> (checker: TrajectoryLimitChecker, endError: Double) {
    var c = TrajectoryLimitChecker(limits: limits, initial: s0)
    // Time-ordered checkpoints: every phase start, interior velocity extremum (a = 0), and end.
    for k in 0..<p.phaseCount {
        let ph = p.phase(k)
        c.check(ph.state(after: 0), jerk: ph.jerk, at: ph.start)
        if ph.jerk != 0 {
            let tau = -ph.acceleration / ph.jerk
            if tau > 0 && tau < ph.duration { c.check(ph.state(after: tau), jerk: ph.jerk, at: ph.start + tau) }
        }
        c.check(ph.state(after: ph.duration), jerk: ph.jerk, at: ph.start + ph.duration)
        if k > 0 {  // continuity between phases
            let prev = p.phase(k - 1), e = prev.state(after: prev.duration)
            let scale = 1e-9 * max(1, abs(e.position))
            if abs(e.position - ph.position) > scale || abs(e.velocity - ph.velocity) > 1e-9 * max(1, abs(e.velocity))
                || abs(e.acceleration - ph.acceleration) > 1e-9 * max(1, abs(e.acceleration)) {
                if !(limits.jerk.isInfinite && abs(e.position - ph.position) <= scale && abs(e.velocity - ph.velocity) <= 1e-9 * max(1, abs(e.velocity))) {
                    c.failures.append("discontinuity at phase \(k)")
                }
            }
        }
    }
    // Sampled checks through the public evaluator (a second, independent checker: sample order).
    var sampled = TrajectoryLimitChecker(limits: limits, initial: s0)
    if let dt = denseStep {
        var t = 0.0
        while t <= p.duration + dt {
            sampled.check(p.state(at: t), jerk: p.jerk(at: t), at: t)
            t += dt
        }
    } else if samples > 0 {
        for n in 0...samples {
            let t = p.duration * Double(n) / Double(samples)
            sampled.check(p.state(at: t), jerk: p.jerk(at: t), at: t)
        }
    }
    c.failures += sampled.failures
    let end = p.integratedEnd
    let final = p.state(at: p.duration)
    if final.position != target || final.velocity != 0 || final.acceleration != 0 { c.failures.append("final state not exact") }
    // With infinite jerk the last phase holds its acceleration until the instantaneous step to 0.
    if abs(end.velocity) > 1e-9 || (!limits.jerk.isInfinite && abs(end.acceleration) > 1e-9) {
        c.failures.append("integrated end v=\(end.velocity) a=\(end.acceleration)")
    }
    return (c, abs(end.position - target))
}

final class TrajectoryProfileTests: XCTestCase {
    func testPropertyRandomSingleDoF() {
        var rng = TrajectoryTestRandom(seed: 0x5EED_0F_0761)
        let cases = 100_000
        var failures = 0, violating = 0, infiniteJerk = 0, dense = 0
        var maxV = 0.0, maxA = 0.0, maxJ = 0.0, maxEndError = 0.0, maxRelEndError = 0.0
        var firstFailures: [String] = []
        var worst = ""
        var maxEndErrorSmall = 0.0
        for n in 0..<cases {
            let jerkInfinite = rng.uniform(0, 1) < 0.05
            let limits = JerkLimits(velocity: rng.logUniform(0.1, 100), acceleration: rng.logUniform(0.1, 100),
                                    jerk: jerkInfinite ? .infinity : rng.logUniform(1, 1000))
            let outside = rng.uniform(0, 1) < 0.25
            let vSpan = outside ? 2.0 : 1.0, aSpan = outside ? 2.0 : 1.0
            let p0 = rng.uniform(-5, 5)
            var v0 = rng.uniform(-vSpan, vSpan) * limits.velocity
            var a0 = rng.uniform(-aSpan, aSpan) * limits.acceleration
            let mode = rng.uniform(0, 1)
            if mode < 0.1 { v0 = 0; a0 = 0 }
            let target = mode > 0.95 ? p0 + rng.uniform(-1e-6, 1e-6) : rng.uniform(-5, 5)
            let s0 = TrajectoryState(position: p0, velocity: v0, acceleration: a0)
            if outside { violating += 1 }
            if jerkInfinite { infiniteJerk += 1 }
            let profile = TrajectoryProfile.plan(from: s0, to: target, limits: limits)
            let denseStep: Double? = (n % 50 == 0 && profile.duration < 20) ? 1e-3 : nil
            if denseStep != nil { dense += 1 }
            let (c, endError) = checkProfile(profile, from: s0, target: target, limits: limits,
                                             samples: 16, denseStep: denseStep)
            maxV = max(maxV, c.maxVRatio); maxA = max(maxA, c.maxARatio); maxJ = max(maxJ, c.maxJRatio)
            if endError > maxEndError { worst = "case \(n) \(s0) target \(target) \(limits) T=\(profile.duration) vp=\(profile.peakVelocity) phases=\(profile.phaseCount)" }
            maxEndError = max(maxEndError, endError)
            // Absolute error is bounded by the rounding of the largest position on the path.
            var excursion = max(abs(target), abs(p0))
            for k in 0..<profile.phaseCount { excursion = max(excursion, abs(profile.phase(k).position)) }
            let scale = max(1, excursion)
            if scale <= 10 { maxEndErrorSmall = max(maxEndErrorSmall, endError) }
            maxRelEndError = max(maxRelEndError, endError / scale)
            var bad = c.failures
            if endError > 1e-9 * scale { bad.append("end position error \(endError)") }
            if !profile.duration.isFinite { bad.append("duration \(profile.duration)") }
            if !bad.isEmpty {
                failures += 1
                if firstFailures.count < 8 {
                    firstFailures.append("case \(n) \(s0) target \(target) \(limits): \(bad.prefix(3))")
                }
            }
        }
        print("""
            [trajectory property] cases=\(cases) outsideLimits=\(violating) infiniteJerk=\(infiniteJerk) \
            denselySampled=\(dense) failures=\(failures) max|v|/vMax=\(maxV) max|a|/aMax=\(maxA) \
            max|j|/jMax=\(maxJ) maxEndError=\(maxEndError) maxRelEndError=\(maxRelEndError) maxEndError(|p|≤10 on path)=\(maxEndErrorSmall)
            worst: \(worst)
            """)
        XCTAssertEqual(failures, 0, firstFailures.joined(separator: "\n"))
    }

    /// Rest-to-rest with all limits reached: T = d/v + v/a + a/j (the classic double-S optimum).
    func testTimeOptimalRestToRest() {
        let cases: [(d: Double, l: JerkLimits, expected: Double)] = [
            (1, JerkLimits(velocity: 1, acceleration: 2, jerk: 10), 1 / 1 + 1 / 2 + 2 / 10),
            (-3, JerkLimits(velocity: 0.5, acceleration: 1, jerk: 4), 3 / 0.5 + 0.5 / 1 + 1 / 4.0),
            (2, JerkLimits(velocity: 1, acceleration: 2, jerk: .infinity), 2 / 1 + 1 / 2),
            // Velocity limit not reached, acceleration limit not reached: T = 4·(d/2j)^(1/3).
            (0.01, JerkLimits(velocity: 10, acceleration: 10, jerk: 10), 4 * pow(0.01 / 20, 1.0 / 3)),
        ]
        for c in cases {
            let p = TrajectoryProfile.plan(from: TrajectoryState(position: 0.25), to: 0.25 + c.d, limits: c.l)
            XCTAssertEqual(p.duration, c.expected, accuracy: 1e-12 * c.expected, "\(c)")
            XCTAssertEqual(p.integratedEnd.position, 0.25 + c.d, accuracy: 1e-12)
        }
    }

    /// Overshooting states brake, reverse and come back; |a| > aMax is reduced at full jerk first.
    func testRecoveryFromViolatingState() {
        let l = JerkLimits(velocity: 1, acceleration: 1, jerk: 10)
        let s0 = TrajectoryState(position: 0, velocity: 2.5, acceleration: 3)
        let p = TrajectoryProfile.plan(from: s0, to: 0.5, limits: l)
        let first = p.phase(0)
        XCTAssertEqual(first.jerk, -10)
        XCTAssertEqual(first.duration, 0.2, accuracy: 1e-15)
        let (c, endError) = checkProfile(p, from: s0, target: 0.5, limits: l, samples: 2000, denseStep: nil)
        XCTAssertEqual(c.failures, [])
        XCTAssertLessThan(endError, 1e-12)
        XCTAssertLessThan(p.peakVelocity, 0, "target behind the stopping point: must reverse")
    }
}
