/// Online, jerk-limited trajectory generator for several synchronised degrees of freedom
/// (Ruckig-like: re-plans from the current state whenever a new target arrives).
///
/// The 10 Hz planner calls `setTarget`; the 1 kHz controller calls `step(dt:)` every tick and reads
/// `position`, `velocity` and `acceleration`. Both calls are allocation-free after `init`.
///
/// Each DoF gets a `TrajectoryProfile` (analytic, up to 7 constant-jerk phases plus recovery and
/// hold). All DoFs finish together at the duration of the slowest one:
/// - `.time` synchronisation (default): every faster DoF is re-planned with slowed limits
///   (v/k, a/k², j/k³ from rest — exactly its own profile stretched in time by k; (v/k, a/k², j)
///   from a moving state, so the full jerk is kept to absorb the current acceleration), with k
///   found in closed form from rest or by bisection otherwise; a residual gap below 1e-12·T, or a
///   DoF that cannot be stretched, is closed with a hold at the target.
/// - `.phase` synchronisation: when the current velocities and accelerations are collinear with
///   the displacement (always true from rest), all DoFs follow one normalised path parameter,
///   so the joint-space path is a straight line; otherwise it falls back to `.time`.
public final class TrajectoryGenerator {
    public enum Synchronization: Sendable { case time, phase }

    public let dof: Int
    public private(set) var limits: [JerkLimits]
    public var synchronization: Synchronization
    /// Time since the last `setTarget` (seconds).
    public private(set) var time: Double = 0
    /// Duration of the current trajectory (seconds), the same for every DoF.
    public private(set) var duration: Double = 0
    /// Whether the last plan used a single path parameter (phase synchronisation).
    public private(set) var isPhaseSynchronized = false
    public var isFinished: Bool { time >= duration }

    private var profiles: [TrajectoryProfile]
    private var pathProfile = TrajectoryProfile()
    private let start: UnsafeMutableBufferPointer<Double>
    private let delta: UnsafeMutableBufferPointer<Double>
    private let targetBuffer: UnsafeMutableBufferPointer<Double>
    private let pos: UnsafeMutableBufferPointer<Double>
    private let vel: UnsafeMutableBufferPointer<Double>
    private let acc: UnsafeMutableBufferPointer<Double>

    /// Reference outputs of the last `step` (or of `reset`/`setTarget` at time 0).
    public var position: UnsafeBufferPointer<Double> { UnsafeBufferPointer(pos) }
    public var velocity: UnsafeBufferPointer<Double> { UnsafeBufferPointer(vel) }
    public var acceleration: UnsafeBufferPointer<Double> { UnsafeBufferPointer(acc) }
    public var target: UnsafeBufferPointer<Double> { UnsafeBufferPointer(targetBuffer) }

    public init(dof: Int, limits: [JerkLimits], initialPositions: [Double]? = nil, synchronization: Synchronization = .time) {
        precondition(dof > 0 && limits.count == dof, "one JerkLimits per degree of freedom")
        precondition(initialPositions == nil || initialPositions!.count == dof)
        self.dof = dof
        self.limits = limits
        self.synchronization = synchronization
        profiles = Array(repeating: TrajectoryProfile(), count: dof)
        func buffer() -> UnsafeMutableBufferPointer<Double> {
            let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: dof)
            b.initialize(repeating: 0)
            return b
        }
        start = buffer(); delta = buffer(); targetBuffer = buffer()
        pos = buffer(); vel = buffer(); acc = buffer()
        reset(to: initialPositions ?? Array(repeating: 0, count: dof))
    }

    deinit {
        for b in [start, delta, targetBuffer, pos, vel, acc] { b.deallocate() }
    }

    /// Holds the given positions at rest (e.g. the measured state on activation).
    public func reset(to positions: [Double]) {
        precondition(positions.count == dof)
        for i in 0..<dof {
            profiles[i] = TrajectoryProfile(holding: positions[i])
            targetBuffer[i] = positions[i]; pos[i] = positions[i]; vel[i] = 0; acc[i] = 0
        }
        time = 0; duration = 0; isPhaseSynchronized = false
    }

    /// Changes the limits of one DoF; they apply from the next `setTarget`.
    public func setLimits(_ newLimits: JerkLimits, dof i: Int) {
        limits[i] = newLimits
    }

    /// Re-plans from the generator's own current reference (continuous in p, v, a).
    public func setTarget(_ target: UnsafeBufferPointer<Double>) {
        setTarget(target, position: UnsafeBufferPointer(pos), velocity: UnsafeBufferPointer(vel),
                  acceleration: UnsafeBufferPointer(acc))
    }

    public func setTarget(_ target: [Double]) {
        target.withUnsafeBufferPointer { setTarget($0) }
    }

    public func setTarget(_ target: [Double], position: [Double], velocity: [Double], acceleration: [Double]) {
        target.withUnsafeBufferPointer { t in
            position.withUnsafeBufferPointer { p in
                velocity.withUnsafeBufferPointer { v in
                    acceleration.withUnsafeBufferPointer { a in
                        setTarget(t, position: p, velocity: v, acceleration: a)
                    }
                }
            }
        }
    }

    /// Plans from the given current state (q, q̇, q̈) to `target` (at rest); resets `time` to 0.
    /// The input buffers may alias the generator's own outputs.
    public func setTarget(_ target: UnsafeBufferPointer<Double>, position: UnsafeBufferPointer<Double>,
                          velocity: UnsafeBufferPointer<Double>, acceleration: UnsafeBufferPointer<Double>) {
        precondition(target.count == dof && position.count == dof && velocity.count == dof && acceleration.count == dof)
        for i in 0..<dof {
            start[i] = position[i]
            delta[i] = target[i] - position[i]
            targetBuffer[i] = target[i]
            // Copy the state before outputs are overwritten (inputs may alias them).
            let v = velocity[i], a = acceleration[i]
            pos[i] = position[i]; vel[i] = v; acc[i] = a
        }
        time = 0
        isPhaseSynchronized = false
        if synchronization == .phase, planPath() {
            isPhaseSynchronized = true
            return
        }
        var longest = 0.0
        for i in 0..<dof {
            let s = TrajectoryState(position: pos[i], velocity: vel[i], acceleration: acc[i])
            profiles[i] = TrajectoryProfile.plan(from: s, to: targetBuffer[i], limits: limits[i])
            longest = max(longest, profiles[i].duration)
        }
        duration = longest
        for i in 0..<dof where profiles[i].duration < longest {
            stretch(i, to: longest)
        }
    }

    /// Advances time by `dt` and writes the reference into `position`, `velocity`, `acceleration`.
    public func step(dt: Double) {
        time += dt
        evaluate(at: time)
    }

    /// Writes the reference at `t` seconds after the last `setTarget` into the outputs.
    public func evaluate(at t: Double) {
        if isPhaseSynchronized {
            let s = pathProfile.state(at: t)
            let done = t >= duration
            for i in 0..<dof {
                pos[i] = done ? targetBuffer[i] : start[i] + delta[i] * s.position
                vel[i] = done ? 0 : delta[i] * s.velocity
                acc[i] = done ? 0 : delta[i] * s.acceleration
            }
        } else {
            for i in 0..<dof {
                let s = profiles[i].state(at: t)
                pos[i] = s.position; vel[i] = s.velocity; acc[i] = s.acceleration
            }
        }
    }

    /// The state of DoF `i` at `t` seconds after the last `setTarget`.
    public func state(at t: Double, dof i: Int) -> TrajectoryState {
        if isPhaseSynchronized {
            if t >= duration { return TrajectoryState(position: targetBuffer[i]) }
            let s = pathProfile.state(at: t)
            return TrajectoryState(position: start[i] + delta[i] * s.position, velocity: delta[i] * s.velocity,
                                   acceleration: delta[i] * s.acceleration)
        }
        return profiles[i].state(at: t)
    }

    /// The profile of DoF `i` (time synchronisation) or of the normalised path (phase synchronisation).
    public func profile(dof i: Int) -> TrajectoryProfile {
        isPhaseSynchronized ? pathProfile : profiles[i]
    }

    // MARK: Synchronisation

    /// Re-plans DoF `i` so that it ends exactly at `total`, within its own limits.
    private func stretch(_ i: Int, to total: Double) {
        let s = TrajectoryState(position: pos[i], velocity: vel[i], acceleration: acc[i])
        let goal = targetBuffer[i]
        let own = profiles[i].duration
        let base = limits[i]
        let atRest = s.velocity == 0 && s.acceleration == 0
        if own <= 0 && atRest {  // nothing to do: hold
            profiles[i].hold(until: total)
            return
        }
        func slowed(_ k: Double) -> JerkLimits {
            if atRest { return base.slowed(by: k) }
            var l = base
            l.velocity = base.velocity / k
            l.acceleration = base.acceleration / (k * k)
            return l
        }
        let tolerance = 1e-12 * total
        var lo = 1.0
        var hi = 1.0
        if atRest && own > 0 {
            // Exact time scaling: the profile with (v/k, a/k², j/k³) lasts k·own.
            let k = total / own
            let d = TrajectoryProfile.duration(from: s, to: goal, limits: slowed(k))
            if d <= total && total - d <= tolerance {
                profiles[i] = TrajectoryProfile.plan(from: s, to: goal, limits: slowed(k))
                profiles[i].hold(until: total)
                return
            }
            lo = 1; hi = k * 2
        } else {
            var found = false
            for _ in 0..<80 {
                hi *= 2
                if TrajectoryProfile.duration(from: s, to: goal, limits: slowed(hi)) >= total { found = true; break }
            }
            if !found { profiles[i].hold(until: total); return }
        }
        // Illinois (regula falsi) on duration(k) - total, keeping lo on the "not later" side.
        var fLo = TrajectoryProfile.duration(from: s, to: goal, limits: slowed(lo)) - total
        var fHi = TrajectoryProfile.duration(from: s, to: goal, limits: slowed(hi)) - total
        var side = 0
        for iteration in 0..<100 {
            var mid = (fHi - fLo) > 0 ? lo - fLo * (hi - lo) / (fHi - fLo) : 0.5 * (lo + hi)
            if !(mid > lo && mid < hi) || iteration % 8 == 7 { mid = 0.5 * (lo + hi) }  // keep bracketing
            if mid <= lo || mid >= hi { break }
            let f = TrajectoryProfile.duration(from: s, to: goal, limits: slowed(mid)) - total
            if f <= 0 {
                lo = mid; fLo = f
                if side == -1 { fHi /= 2 }
                side = -1
                if -f <= tolerance { break }
            } else {
                hi = mid; fHi = f
                if side == 1 { fLo /= 2 }
                side = 1
            }
        }
        profiles[i] = TrajectoryProfile.plan(from: s, to: goal, limits: slowed(lo))
        profiles[i].hold(until: total)
    }

    /// Phase synchronisation: one normalised path s ∈ [0, 1] when v and a are collinear with the
    /// displacement. Returns false (nothing changed) when they are not.
    private func planPath() -> Bool {
        var ref = -1
        var largest = 0.0
        for i in 0..<dof where abs(delta[i]) > largest { largest = abs(delta[i]); ref = i }
        guard ref >= 0 else { return false }
        let sv = vel[ref] / delta[ref], sa = acc[ref] / delta[ref]
        var vS = Double.infinity, aS = Double.infinity, jS = Double.infinity
        for i in 0..<dof {
            let tolV = 1e-12 * max(abs(vel[i]), abs(sv * delta[i]), 1e-9)
            let tolA = 1e-12 * max(abs(acc[i]), abs(sa * delta[i]), 1e-9)
            if abs(vel[i] - sv * delta[i]) > tolV || abs(acc[i] - sa * delta[i]) > tolA { return false }
            if delta[i] != 0 {
                let m = abs(delta[i])
                vS = min(vS, limits[i].velocity / m)
                aS = min(aS, limits[i].acceleration / m)
                jS = min(jS, limits[i].jerk / m)
            }
        }
        pathProfile = TrajectoryProfile.plan(
            from: TrajectoryState(position: 0, velocity: sv, acceleration: sa), to: 1,
            limits: JerkLimits(velocity: vS, acceleration: aS, jerk: jS))
        duration = pathProfile.duration
        return true
    }
}
