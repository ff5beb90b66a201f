/// One tool target of a planner's action chunk (mirrors Control's `Waypoint`, without depending on it).
public struct RecordedWaypoint: Sendable, Equatable {
    /// Offset from the chunk's stamp, nanoseconds.
    public var time: Int64
    /// Tool position in the robot base frame, metres.
    public var x: Double
    public var y: Double
    public var z: Double
    /// 0 = open, 1 = closed.
    public var gripper: Double
    /// Jaw direction about the vertical, rad; NaN (recorded as null) leaves it free.
    public var yaw: Double

    public init(time: Int64, x: Double, y: Double, z: Double, gripper: Double, yaw: Double = .nan) {
        self.time = time
        self.x = x
        self.y = y
        self.z = z
        self.gripper = gripper
        self.yaw = yaw
    }
}

/// A planner's output as recorded on `/action_chunk` (schema `embody.ActionChunk`).
/// Planners run at 10 Hz, so the waypoint array is an ordinary allocation on the planner's thread.
public struct RecordedActionChunk: Sendable, Equatable {
    /// When the chunk was planned, nanoseconds (the message's log time).
    public var stamp: Int64
    public var waypoints: [RecordedWaypoint]

    public init(stamp: Int64, waypoints: [RecordedWaypoint]) {
        self.stamp = stamp
        self.waypoints = waypoints
    }
}
