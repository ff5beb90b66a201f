/// What one episode recorded, one row per planner tick, in the files' layouts (row-major,
/// little-endian once written): the columns of a shard before episodes are concatenated.
struct EpisodeRecording {
    var rows = 0
    /// [rows, 64, 64, 3] RGB each.
    var front: [UInt8] = []
    var wrist: [UInt8] = []
    /// [rows, 2, 64, 64]: ON then OFF counts of the last 100 ms.
    var events: [UInt8] = []
    /// [rows, 8]: model joint positions from the encoders, zero padded.
    var joints: [Float] = []
    /// [rows, 4]: tool x, y, z (base frame) and jaw heading, (−π, π].
    var tool: [Float] = []
    /// [rows, 5]: the expert's waypoint x, y, z, yaw (NaN → the tool's heading; else the
    /// quarter-turn equivalent nearest the tool's heading), gripper.
    var target: [Float] = []
    /// [rows]: 1 where the expert left the yaw free.
    var yawFree: [UInt8] = []
    /// [rows]: 1 where the executed chunk was not the expert's, perturbed or the learner's (the
    /// label is still the expert's).
    var perturbed: [UInt8] = []
    /// [rows]: planner tick index in the episode (0.1 s each).
    var steps: [Int32] = []
    /// [rows, objects, 3]: where each tracked object is (base frame), in the observation's order:
    /// privileged, for auxiliary training targets only (a planner never sees it).
    var objects: [Float] = []

    static let jointColumns = 8

    mutating func reserve(rows: Int, imageBytes: Int, eventBytes: Int) {
        front.reserveCapacity(rows * imageBytes)
        wrist.reserveCapacity(rows * imageBytes)
        events.reserveCapacity(rows * eventBytes)
    }
}
