/// Kinematic limits of one degree of freedom for jerk-limited trajectory generation.
///
/// All three bounds are symmetric (±). `jerk` may be `.infinity`: the profile is then purely
/// acceleration-limited (acceleration steps instantly, velocity is piecewise linear).
public struct JerkLimits: Sendable, Equatable {
    /// Maximum |velocity| (units/s), finite and > 0.
    public var velocity: Double
    /// Maximum |acceleration| (units/s²), finite and > 0.
    public var acceleration: Double
    /// Maximum |jerk| (units/s³), > 0; `.infinity` for an acceleration-limited profile.
    public var jerk: Double

    public init(velocity: Double, acceleration: Double, jerk: Double) {
        precondition(velocity > 0 && velocity.isFinite, "velocity limit must be finite and > 0")
        precondition(acceleration > 0 && acceleration.isFinite, "acceleration limit must be finite and > 0")
        precondition(jerk > 0 && !jerk.isNaN, "jerk limit must be > 0 (may be +infinity)")
        self.velocity = velocity
        self.acceleration = acceleration
        self.jerk = jerk
    }

    /// The limits that make a profile `factor` times slower: (v/k, a/k², j/k³).
    ///
    /// A rest-to-rest profile planned with these limits is exactly the original one stretched in
    /// time by `factor`, which is why time synchronisation uses them.
    @inlinable
    public func slowed(by factor: Double) -> JerkLimits {
        var l = self
        l.velocity = velocity / factor
        l.acceleration = acceleration / (factor * factor)
        l.jerk = jerk / (factor * factor * factor)
        return l
    }
}

/// Position, velocity and acceleration of one degree of freedom.
public struct TrajectoryState: Sendable, Equatable {
    public var position: Double
    public var velocity: Double
    public var acceleration: Double

    public init(position: Double, velocity: Double = 0, acceleration: Double = 0) {
        self.position = position
        self.velocity = velocity
        self.acceleration = acceleration
    }
}
