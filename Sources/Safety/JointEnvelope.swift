import Control
import Foundation

/// The constants of one joint's command filter: limits from `robot.toml`, tightened where the
/// safety case needs it. The same numbers feed the filter (``filterJoint``) and the proof
/// obligations (``ProofObligations``), so what Z3 proves is what runs.
public struct JointEnvelope: Sendable, Equatable {
    /// Command position limits: the URDF's, moved inward by `[safety] position_margin`.
    public var lower: Double
    public var upper: Double
    /// |q̇| ≤ velocity, |q̈| ≤ acceleration, |q⃛| ≤ jerk on the command.
    public var velocity: Double
    public var acceleration: Double
    public var jerk: Double
    /// Braking deceleration b ≤ acceleration used by the envelope and the stop controller.
    public var braking: Double
    /// Commanded torque limit (torque and impedance modes).
    public var torque: Double
    /// Which terms the braking distance includes; all of them outside tests (see ``BrakingTerms``).
    var terms: BrakingTerms = .all

    /// The envelope keeps this much extra room (rad or m) to absorb floating-point rounding in the
    /// filter; ``ProofObligations`` proves it is enough for ``roundingBound``.
    public static let roundingMargin = 1e-9
    /// A bound on the absolute rounding error of each quantity the filter computes (the braking
    /// speed, the next position): 100× above the standard model's estimate (u = 2⁻⁵³ per operation,
    /// a dozen operations, magnitudes ≤ 10), so it holds with room to spare.
    public static let roundingBound = 1e-12

    public init(lower: Double, upper: Double, velocity: Double, acceleration: Double, jerk: Double,
                braking: Double, torque: Double) {
        self.lower = lower
        self.upper = upper
        self.velocity = velocity
        self.acceleration = acceleration
        self.jerk = jerk
        self.braking = braking
        self.torque = torque
    }
}

/// The terms of the braking distance: v²/(2b) and one control period of travel (v·dt) before the
/// brake acts. Only tests remove one, to plant a bug the proof must catch.
struct BrakingTerms: OptionSet, Sendable, Equatable {
    let rawValue: UInt8
    static let reactionTravel = BrakingTerms(rawValue: 1)
    static let all: BrakingTerms = [.reactionTravel]
}

/// What the filter had to change, per joint and tick.
public struct FilterActions: OptionSet, Sendable, Equatable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let velocity = FilterActions(rawValue: 1 << 0)
    public static let acceleration = FilterActions(rawValue: 1 << 1)
    public static let jerk = FilterActions(rawValue: 1 << 2)
    /// The braking envelope bound: the command would not have been able to stop before a limit.
    public static let envelope = FilterActions(rawValue: 1 << 3)
}

/// The fastest speed toward a limit `distance` away from which a brake at `b`, after one period
/// of travel, still stops short of it: the root of v·dt + v²/(2b) = distance (v·dt dropped only
/// in the planted-bug test). 0 when there is no room.
@inline(__always)
func brakingSpeed(distance: Double, braking b: Double, period dt: Double, terms: BrakingTerms) -> Double {
    guard distance > 0 else { return 0 }
    if terms.contains(.reactionTravel) { return b * ((dt * dt + 2 * distance / b).squareRoot() - dt) }
    return (2 * distance * b).squareRoot()
}

/// One tick of one joint's command filter: the desired velocity is projected onto the velocity,
/// acceleration and (where compatible) jerk bounds, then onto the braking envelope, which has
/// the last word. Returns the next command state (whose `acceleration` seeds the next tick's jerk
/// box: 0 after the envelope bound). Pure and allocation-free; its equations are mirrored term by
/// term in ``ProofObligations/filterDefinitions``.
@inline(__always)
public func filterJoint(_ e: JointEnvelope, period dt: Double, state s: TrajectoryState, desiredVelocity: Double,
                        jerkLimited: Bool = true, actions: inout FilterActions) -> TrajectoryState {
    // Velocity and acceleration box.
    var low = max(-e.velocity, s.velocity - e.acceleration * dt)
    var high = min(e.velocity, s.velocity + e.acceleration * dt)
    // Jerk box, where it is compatible with the first (it is not when braking for the velocity bound)
    // and asked for (the Cartesian zones drop it on ticks they slow the tool).
    let jerkLow = s.velocity + (s.acceleration - e.jerk * dt) * dt
    let jerkHigh = s.velocity + (s.acceleration + e.jerk * dt) * dt
    if jerkLimited, max(low, jerkLow) <= min(high, jerkHigh) {
        low = max(low, jerkLow)
        high = min(high, jerkHigh)
    }
    let wanted = desiredVelocity.isNaN ? 0 : desiredVelocity  // the supervisor faults on NaN; brake meanwhile
    let v = min(max(wanted, low), high)
    if v != wanted {
        if v == e.velocity || v == -e.velocity { actions.insert(.velocity) }
        else if v == jerkLow || v == jerkHigh { actions.insert(.jerk) }
        else { actions.insert(.acceleration) }
    }
    // Braking envelope: from the next state the joint must still be able to stop inside its limits.
    let margin = JointEnvelope.roundingMargin
    let upSpeed = brakingSpeed(distance: e.upper - margin - s.position, braking: e.braking, period: dt, terms: e.terms)
    let downSpeed = brakingSpeed(distance: s.position - (e.lower + margin), braking: e.braking, period: dt, terms: e.terms)
    let bounded = min(max(v, -downSpeed), upSpeed)
    let position = min(max(s.position + bounded * dt, e.lower), e.upper)
    if bounded != v {
        // The envelope overrode the jerk box: restart the jerk box from zero acceleration, or the
        // next ticks would keep decelerating past rest and oscillate against the limit.
        actions.insert(.envelope)
        return TrajectoryState(position: position, velocity: bounded, acceleration: 0)
    }
    return TrajectoryState(position: position, velocity: bounded, acceleration: (bounded - s.velocity) / dt)
}

/// One tick of the stop controller: decelerate at `b` toward rest, then stay there. From any
/// state inside the envelope it comes to rest within |v|/b + one period without crossing a limit
/// (``ProofObligations`` proves the one-step facts this rests on).
@inline(__always)
public func stopJoint(_ e: JointEnvelope, period dt: Double, state s: TrajectoryState) -> TrajectoryState {
    let step = e.braking * dt
    let v = s.velocity > 0 ? max(s.velocity - step, 0) : min(s.velocity + step, 0)
    let position = min(max(s.position + v * dt, e.lower), e.upper)
    return TrajectoryState(position: position, velocity: v, acceleration: (v - s.velocity) / dt)
}

/// Is the command state inside the set the filter keeps invariant: within the position and
/// velocity limits and able to stop before either position limit at `b`?
public func isInsideEnvelope(_ e: JointEnvelope, _ s: TrajectoryState) -> Bool {
    guard s.position >= e.lower, s.position <= e.upper, abs(s.velocity) <= e.velocity else { return false }
    let stop = s.velocity * s.velocity / (2 * e.braking)
    if s.velocity > 0 { return s.position + stop <= e.upper }
    if s.velocity < 0 { return s.position - stop >= e.lower }
    return true
}
