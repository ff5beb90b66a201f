import Control

/// A joint command that has passed the supervisor: the only thing `RobotInterface.write` accepts.
/// Its initialiser is internal to this module, so outside `Safety` the only way to get one is
/// `Supervisor.filter` (the Simplex pattern enforced by the type system, not by convention).
///
/// Fixed-size (inline storage) so the 1 kHz loop builds one per tick without allocating.
public struct SafeCommand: Sendable {
    public static let capacity = 8
    /// Joints commanded, in the robot's joint order.
    public let count: Int
    /// Supervisor time of the filter that produced it, nanoseconds.
    public let time: Int64
    /// False during a category-0 stop (and after a category-1 stop has come to rest): drives are
    /// de-energised and the targets are only the last held positions, for interfaces that need one.
    public let torqueEnabled: Bool
    /// True while the supervisor is stopping or stopped (a latched fault, a stop request, the
    /// e-stop): the targets brake or hold. An interface in its error state still passes these on
    /// to whatever still listens (the servos of a bus with one silent servo), so the stop is a
    /// controlled one wherever it can be.
    public let stopping: Bool
    private var targets: InlineArray<8, JointTarget>
    private var modes: InlineArray<8, CommandModes>

    init(count: Int, time: Int64, torqueEnabled: Bool, stopping: Bool = false) {
        precondition(count >= 0 && count <= Self.capacity, "\(count) joints; a SafeCommand holds at most \(Self.capacity)")
        self.count = count
        self.time = time
        self.torqueEnabled = torqueEnabled
        self.stopping = stopping
        targets = InlineArray(repeating: JointTarget())
        modes = InlineArray(repeating: .position)
    }

    /// The target of joint `index`.
    public subscript(index: Int) -> JointTarget {
        precondition(index >= 0 && index < count, "joint \(index) of \(count)")
        return targets[index]
    }

    /// The single command mode joint `index` is driven in.
    public func mode(_ index: Int) -> CommandModes {
        precondition(index >= 0 && index < count, "joint \(index) of \(count)")
        return modes[index]
    }

    /// Read-only outside this module: a command cannot be altered after it passed the filter.
    mutating func set(_ target: JointTarget, mode: CommandModes, at index: Int) {
        precondition(index >= 0 && index < count, "joint \(index) of \(count)")
        targets[index] = target
        modes[index] = mode
    }
}
