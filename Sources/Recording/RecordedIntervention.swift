/// One supervisor intervention, recorded on `/intervention` (schema `embody.Intervention`).
public struct RecordedIntervention: Sendable, Equatable {
    /// Nanoseconds on the supervisor's clock.
    public var time: Int64
    /// snake_case reason, as `InterventionReason.name` gives it ("velocity", "e_stop", …).
    public var reason: String
    /// The joint concerned, nil for the whole robot (a watchdog, the e-stop).
    public var joint: Int?
    /// The quantity that triggered it (e.g. the velocity before clamping), in SI units.
    public var value: Double

    public init(time: Int64, reason: String, joint: Int? = nil, value: Double = .nan) {
        self.time = time
        self.reason = reason
        self.joint = joint
        self.value = value
    }
}
