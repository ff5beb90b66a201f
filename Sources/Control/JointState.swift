/// Measured joint state, written in place by `read` (no allocation per tick).
public struct JointState: Sendable {
    /// Monotonic or simulated time of the measurement, nanoseconds.
    public var time: Int64 = 0
    public var position: [Double]
    public var velocity: [Double]
    public var effort: [Double]

    public init(joints: Int) {
        position = Array(repeating: 0, count: joints)
        velocity = Array(repeating: 0, count: joints)
        effort = Array(repeating: 0, count: joints)
    }
}
