/// One constant-jerk piece of a profile: the state at its start and the jerk held for `duration`.
public struct TrajectoryPhase: Sendable, Equatable {
    /// Start time of the phase, measured from the start of the profile.
    public var start: Double = 0
    public var duration: Double = 0
    public var position: Double = 0
    public var velocity: Double = 0
    public var acceleration: Double = 0
    public var jerk: Double = 0

    /// The state `tau` seconds into the phase (0 ≤ tau ≤ duration), evaluated in closed form.
    @inlinable
    public func state(after tau: Double) -> TrajectoryState {
        let j = jerk, a = acceleration, v = velocity
        return TrajectoryState(
            position: position + tau * (v + tau * (a / 2 + tau * j / 6)),
            velocity: v + tau * (a + tau * j / 2),
            acceleration: a + tau * j
        )
    }
}

/// A time-optimal (within the family described below) jerk-limited profile of one degree of
/// freedom from an arbitrary state to a target position at rest.
///
/// ## Structure
/// Up to eight constant-jerk phases plus an optional hold, evaluated in closed form at any time:
/// 1. **acceleration recovery** (only if |a₀| > aMax): jerk ∓jMax until |a| = aMax;
/// 2. **velocity change** to a peak velocity `vp` with a = 0 (jerk ±j, hold ±aMax, jerk ∓j);
/// 3. **cruise** at `vp` (only when |vp| = vMax);
/// 4. **velocity change** from `vp` to rest (the braking double-S half).
///
/// Every velocity change is the time-optimal one for its end points, so this is the classic 7-phase
/// double-S profile, and it is exactly time-optimal for rest-to-rest motion and for in-limit states
/// whose optimal profile has a single velocity peak. `vp` is found by bisection on the covered
/// distance D(vp) over the branch where D is monotone (see `plan`), which is robust for every
/// state. States that will overshoot vMax (|v₀| > vMax, or v₀ + a₀|a₀|/2j beyond ±vMax) are
/// brought back inside through the first velocity change, monotonically once the unavoidable rise
/// (a₀ driven to zero at full jerk) is over.
public struct TrajectoryProfile: Sendable {
    /// Phase capacity: recovery 1 + velocity change 3 + cruise 1 + braking 3 + hold 1, plus spare.
    public static let capacity = 10

    @usableFromInline var storage = InlineArray<10, TrajectoryPhase>(repeating: TrajectoryPhase())
    public private(set) var phaseCount = 0
    /// Total duration including any final hold (seconds).
    public private(set) var duration: Double = 0
    /// The target position; the state at and after `duration` is exactly (target, 0, 0).
    public private(set) var target: Double = 0
    /// The peak (cruise) velocity chosen by the planner.
    public private(set) var peakVelocity: Double = 0

    public init() {}

    /// A profile that holds `position` at rest.
    public init(holding position: Double) {
        target = position
    }

    public func phase(_ index: Int) -> TrajectoryPhase {
        precondition(index >= 0 && index < phaseCount)
        return storage[index]
    }

    /// State at time `t` (seconds from the start of the profile); exact target after the end.
    @inlinable
    public func state(at t: Double) -> TrajectoryState {
        if t >= duration || phaseCount == 0 {
            return TrajectoryState(position: target, velocity: 0, acceleration: 0)
        }
        var i = 0
        while i + 1 < phaseCount && t >= storage[i + 1].start { i += 1 }
        let ph = storage[i]
        return ph.state(after: max(0, t - ph.start))
    }

    /// Jerk applied at time `t` (0 after the end).
    public func jerk(at t: Double) -> Double {
        if t >= duration || phaseCount == 0 { return 0 }
        var i = 0
        while i + 1 < phaseCount && t >= storage[i + 1].start { i += 1 }
        return storage[i].jerk
    }

    /// The state the last phase ends in, integrated through all phases (what `state(at:)` converges
    /// to just before `duration`). Tests compare it to the target to check the solver, not the snap.
    public var integratedEnd: TrajectoryState {
        guard phaseCount > 0 else { return TrajectoryState(position: target) }
        let last = storage[phaseCount - 1]
        return last.state(after: last.duration)
    }

    /// Extends the profile with a rest phase so that it ends at `totalDuration` (≥ duration).
    public mutating func hold(until totalDuration: Double) {
        guard totalDuration > duration, phaseCount < Self.capacity else { return }
        if phaseCount > 0 {
            storage[phaseCount] = TrajectoryPhase(
                start: duration, duration: totalDuration - duration, position: target,
                velocity: 0, acceleration: 0, jerk: 0)
            phaseCount += 1
        }
        duration = totalDuration
    }

    // MARK: Planning

    /// Plans the time-optimal profile from `state` to `target` (at rest) under `limits`.
    /// Allocation-free; cost is a bisection of about 60–110 closed-form evaluations.
    public static func plan(from state: TrajectoryState, to target: Double, limits: JerkLimits) -> TrajectoryProfile {
        let plan = Plan.solve(from: state, to: target, limits: limits)
        var builder = Builder(state: state, record: true)
        plan.build(into: &builder, limits: limits)
        var profile = TrajectoryProfile()
        profile.storage = builder.phases
        profile.phaseCount = builder.count
        profile.duration = builder.t
        profile.target = target
        profile.peakVelocity = plan.peakVelocity
        return profile
    }

    /// Duration of the profile `plan` would produce, without recording phases.
    public static func duration(from state: TrajectoryState, to target: Double, limits: JerkLimits) -> Double {
        let plan = Plan.solve(from: state, to: target, limits: limits)
        var builder = Builder(state: state, record: false)
        plan.build(into: &builder, limits: limits)
        return builder.t
    }
}

// MARK: - Solver internals

/// Integrates constant-jerk phases exactly and optionally records them.
@usableFromInline
struct Builder {
    var t = 0.0, p: Double, v: Double, a: Double
    var count = 0
    var phases = InlineArray<10, TrajectoryPhase>(repeating: TrajectoryPhase())
    let record: Bool

    init(state: TrajectoryState, record: Bool) {
        p = state.position; v = state.velocity; a = state.acceleration
        self.record = record
    }

    /// Holds jerk `j` for `duration` seconds.
    mutating func phase(jerk j: Double, duration: Double) {
        guard duration > 0 else { return }
        if record && count < TrajectoryProfile.capacity {
            phases[count] = TrajectoryPhase(start: t, duration: duration, position: p, velocity: v, acceleration: a, jerk: j)
            count += 1
        }
        let d = duration
        p += d * (v + d * (a / 2 + d * j / 6))
        v += d * (a + d * j / 2)
        a += d * j
        t += d
    }

    /// Moves the acceleration to `target` at full jerk (instantly when jerk is infinite).
    mutating func ramp(acceleration target: Double, jMax: Double) {
        if jMax.isInfinite { a = target; return }
        let delta = target - a
        if delta != 0 {
            phase(jerk: delta > 0 ? jMax : -jMax, duration: abs(delta) / jMax)
        }
        a = target
    }

    /// Time-optimal change of velocity to `v1` ending with zero acceleration; requires |a| ≤ aMax.
    mutating func changeVelocity(to v1: Double, aMax: Double, jMax: Double) {
        if jMax.isInfinite {
            let dv = v1 - v
            if dv != 0 {
                a = dv > 0 ? aMax : -aMax
                phase(jerk: 0, duration: abs(dv) / aMax)
            }
            a = 0; v = v1
            return
        }
        let vNatural = v + a * abs(a) / (2 * jMax)
        let s: Double = v1 >= vNatural ? 1 : -1
        let b0 = s * a, dv = s * (v1 - v)
        let peakSquared = jMax * dv + b0 * b0 / 2
        if peakSquared >= aMax * aMax {
            ramp(acceleration: s * aMax, jMax: jMax)
            let hold = (dv - (2 * aMax * aMax - b0 * b0) / (2 * jMax)) / aMax
            phase(jerk: 0, duration: max(0, hold))
        } else {
            let peak = max(b0, peakSquared > 0 ? peakSquared.squareRoot() : 0)
            ramp(acceleration: s * peak, jMax: jMax)
        }
        ramp(acceleration: 0, jMax: jMax)
        v = v1
    }
}

/// The parameters of a profile: recover acceleration, reach `peakVelocity`, cruise, brake.
@usableFromInline
struct Plan {
    var peakVelocity = 0.0
    var cruise = 0.0

    /// Distance covered by recover → change to vp → change to 0, starting from `start`.
    static func distance(_ start: Builder, _ vp: Double, _ limits: JerkLimits) -> Double {
        var b = start
        b.changeVelocity(to: vp, aMax: limits.acceleration, jMax: limits.jerk)
        b.changeVelocity(to: 0, aMax: limits.acceleration, jMax: limits.jerk)
        return b.p - start.p
    }

    static func solve(from state: TrajectoryState, to target: Double, limits: JerkLimits) -> Plan {
        let vMax = limits.velocity, jMax = limits.jerk
        var b = Builder(state: state, record: false)
        recover(&b, limits)
        let d = target - b.p
        let vN = jMax.isInfinite ? b.v : b.v + b.a * abs(b.a) / (2 * jMax)
        let dStop = distance(b, 0, limits)

        var plan = Plan()
        if d == dStop { return plan }
        // Positive branch: D is monotone on [max(0, vN), vMax]; on (0, vN) (a hump of dominated
        // "slow down, pause, brake" profiles) it is only used when vN > vMax forces it.
        let positive = d > dStop
        let sgn: Double = positive ? 1 : -1
        let vEdge = sgn * vMax
        let dEdge = distance(b, vEdge, limits)
        if positive ? d >= dEdge : d <= dEdge {
            plan.peakVelocity = vEdge
            plan.cruise = max(0, (d - dEdge) / vEdge)
            return plan
        }
        let natural = sgn * vN
        var lo = natural > vMax ? 0 : max(0, natural)  // in the mirrored (positive) frame
        var hi = vMax
        var fLo = sgn * distance(b, sgn * lo, limits) - sgn * d
        var fHi = sgn * dEdge - sgn * d
        if fLo > 0 {  // float glitch at the bracket edge: widen to 0 where f(0) ≤ 0 by construction
            lo = 0; fLo = sgn * dStop - sgn * d
        }
        // Illinois (regula falsi with halving) safeguarded by a bisection step every 6th iteration;
        // stops when D(vp) = d to 1e-15 relative or the bracket cannot shrink.
        let tolerance = 1e-15 * max(1, abs(d), abs(dStop))
        var side = 0
        var best = abs(fLo) <= abs(fHi) ? lo : hi, bestF = min(abs(fLo), abs(fHi))
        for iteration in 0..<200 {
            var mid = fHi - fLo > 0 ? lo - fLo * (hi - lo) / (fHi - fLo) : 0.5 * (lo + hi)
            if !(mid > lo && mid < hi) || iteration % 6 == 5 { mid = 0.5 * (lo + hi) }
            if mid <= lo || mid >= hi { break }
            let f = sgn * distance(b, sgn * mid, limits) - sgn * d
            if abs(f) < bestF { best = mid; bestF = abs(f) }
            if f < 0 {
                lo = mid; fLo = f
                if side == -1 { fHi /= 2 }
                side = -1
            } else {
                hi = mid; fHi = f
                if side == 1 { fLo /= 2 }
                side = 1
            }
            if abs(f) <= tolerance { break }
        }
        plan.peakVelocity = sgn * best
        return plan
    }

    /// Acceleration recovery: bring |a| back to aMax at full jerk (instantly when jerk is infinite).
    static func recover(_ b: inout Builder, _ limits: JerkLimits) {
        if abs(b.a) > limits.acceleration {
            b.ramp(acceleration: b.a > 0 ? limits.acceleration : -limits.acceleration, jMax: limits.jerk)
        }
    }

    func build(into b: inout Builder, limits: JerkLimits) {
        Plan.recover(&b, limits)
        b.changeVelocity(to: peakVelocity, aMax: limits.acceleration, jMax: limits.jerk)
        b.phase(jerk: 0, duration: cruise)
        b.changeVelocity(to: 0, aMax: limits.acceleration, jMax: limits.jerk)
    }
}
