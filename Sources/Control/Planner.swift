import Spatial

/// The state of a named object, as a scripted (privileged) planner sees it in simulation.
public struct ObjectState: Sendable, Equatable {
    public var name: String
    /// Centre position in the robot base frame.
    public var position: Vec3
    /// Half sizes of the object's box (or radius in each axis).
    public var halfExtents: Vec3
    /// Heading of the object's x axis about the vertical, rad in the base frame.
    public var yaw: Double

    public init(name: String, position: Vec3, halfExtents: Vec3, yaw: Double = 0) {
        self.name = name
        self.position = position
        self.halfExtents = halfExtents
        self.yaw = yaw
    }
}

/// What a planner sees at its 10 Hz tick.
public struct Observation: Sendable {
    /// Monotonic or simulated time, nanoseconds.
    public var time: Int64
    /// Measured joint positions, model order.
    public var jointPositions: [Double]
    /// Tool (grasp point) position in the robot base frame.
    public var toolPosition: Vec3
    /// The instruction, e.g. "put the red cube on the green pad".
    public var instruction: String
    /// Privileged object states (simulation only; a learned planner uses cameras instead).
    public var objects: [ObjectState]

    public init(time: Int64, jointPositions: [Double], toolPosition: Vec3, instruction: String, objects: [ObjectState]) {
        self.time = time
        self.jointPositions = jointPositions
        self.toolPosition = toolPosition
        self.instruction = instruction
        self.objects = objects
    }
}

/// The 10 Hz planner slot: scripted expert now, the VLA later. A late or missing chunk is not an
/// error for the controller (it keeps tracking the last one); returning nil means "no change".
public protocol Planner {
    mutating func plan(_ observation: Observation) -> ActionChunk?
}
