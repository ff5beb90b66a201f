import Spatial

/// One target of an action chunk: where the tool should be, relative to the chunk's stamp.
@frozen
public struct Waypoint: Sendable, Equatable {
    /// Offset from the chunk's stamp, nanoseconds (integer time, as everywhere in the stack).
    public var time: Int64
    /// Tool (grasp point) position in the robot base frame, metres.
    public var position: Vec3
    /// Gripper opening command: 0 = open, 1 = closed (squeezing with its force limit).
    public var gripper: Double
    /// Direction of the jaw axis about the vertical, rad in the base frame; NaN leaves it free.
    public var yaw: Double

    @inlinable
    public init(time: Int64, position: Vec3, gripper: Double, yaw: Double = .nan) {
        self.time = time
        self.position = position
        self.gripper = gripper
        self.yaw = yaw
    }
}

/// What a planner hands to the controller: a short timed sequence of tool targets. Fixed-size
/// (inline storage, no heap) so it crosses threads through a lock-free mailbox and the 1 kHz
/// loop can hold one without allocating.
public struct ActionChunk: Sendable {
    public static let capacity = 8
    /// When the chunk was planned (monotonic clock or simulated time), nanoseconds.
    public var stamp: Int64
    public private(set) var count: Int = 0
    private var storage: InlineArray<8, Waypoint>

    public init(stamp: Int64) {
        self.stamp = stamp
        storage = InlineArray(repeating: Waypoint(time: 0, position: .zero, gripper: 0, yaw: .nan))
    }

    /// Adds a waypoint; beyond `capacity` the chunk is full and the call returns false.
    @discardableResult
    public mutating func append(_ waypoint: Waypoint) -> Bool {
        guard count < Self.capacity else { return false }
        storage[count] = waypoint
        count += 1
        return true
    }

    public subscript(index: Int) -> Waypoint {
        precondition(index >= 0 && index < count, "waypoint \(index) of \(count)")
        return storage[index]
    }

    /// The waypoint in force at `time` (the last one whose time has come, else the first).
    public func active(at time: Int64) -> Waypoint? {
        guard count > 0 else { return nil }
        var current = storage[0]
        for i in 0..<count where stamp + storage[i].time <= time { current = storage[i] }
        return current
    }
}
