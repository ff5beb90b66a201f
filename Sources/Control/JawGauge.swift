/// Reads how far a gripper has closed from its measured jaw joint. The scripted expert judges a
/// grasp by it rather than by how long it has been closing: a learned planner driving a recorded
/// episode (DAgger) may have kept its jaws open all that time, and what the expert labels must be
/// a function of what the learner sees, which includes this joint.
public struct JawGauge: Sendable, Equatable {
    /// Index of the jaw joint in `Observation.jointPositions`.
    public var joint: Int
    /// The jaw joint's open and closed commands (closed lies past contact with an object).
    public var open: Double
    public var closed: Double

    public init(joint: Int, open: Double, closed: Double) {
        self.joint = joint
        self.open = open
        self.closed = closed
    }

    /// The share of the open-to-closed travel the jaws have made, 0 open, 1 closed on nothing;
    /// nil when the observation has no such joint.
    public func closure(_ o: Observation) -> Double? {
        guard joint < o.jointPositions.count, open != closed else { return nil }
        return (open - o.jointPositions[joint]) / (open - closed)
    }
}
