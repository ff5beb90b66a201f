/// Positions, velocities and efforts of up to `capacity` joints in inline storage, so a 1 kHz
/// thread can fill one and push it through a ring without touching the heap.
public struct RecordedJoints: Sendable {
    /// The most joints a sample holds (the stack's `SafeCommand.capacity`).
    public static let capacity = 8
    public let count: Int
    /// rad or m (prismatic); only the first `count` entries are recorded.
    public var position: InlineArray<8, Double>
    /// rad/s or m/s.
    public var velocity: InlineArray<8, Double>
    /// N·m or N (for commands: the feed-forward torque).
    public var effort: InlineArray<8, Double>

    /// `count` joints, all zero.
    public init(count: Int) {
        precondition(count >= 0 && count <= Self.capacity, "\(count) joints; a recorded sample holds at most \(Self.capacity)")
        self.count = count
        position = InlineArray(repeating: 0)
        velocity = InlineArray(repeating: 0)
        effort = InlineArray(repeating: 0)
    }

    /// Copies from arrays of equal length (no allocation: the arrays already exist).
    public init(position: [Double], velocity: [Double], effort: [Double]) {
        precondition(position.count == velocity.count && position.count == effort.count,
                     "position, velocity and effort have \(position.count), \(velocity.count), \(effort.count) entries")
        self.init(count: position.count)
        for i in 0..<count {
            self.position[i] = position[i]
            self.velocity[i] = velocity[i]
            self.effort[i] = effort[i]
        }
    }
}
