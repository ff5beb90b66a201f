/// One planner tick's observation in the model's raw units. Arrays are taken as they are (no copy),
/// so a caller reusing its buffers keeps `predict` allocation-free.
public struct VLAInput: Sendable {
    /// Front camera, RGB, [imageSize, imageSize, 3] row-major.
    public var front: [UInt8]
    /// Wrist camera, RGB, [imageSize, imageSize, 3].
    public var wrist: [UInt8]
    /// DVS on/off counts of the front camera over the last planner period, [2, imageSize, imageSize].
    public var events: [UInt8]
    /// Joint positions in model order, rad (at most `config.joints`; missing slots are zero).
    public var joints: [Float]
    /// Tool x, y, z in the robot base frame (m) and jaw-axis yaw (rad).
    public var tool: [Float]
    /// Instruction word ids from `InstructionTokenizer`.
    public var words: [Int32]

    public init(front: [UInt8], wrist: [UInt8], events: [UInt8], joints: [Float], tool: [Float], words: [Int32]) {
        self.front = front
        self.wrist = wrist
        self.events = events
        self.joints = joints
        self.tool = tool
        self.words = words
    }

    /// Checks sizes and word ids against `config`; a mismatch is one line naming the field.
    public func validate(_ config: VLAConfig) throws(VLAError) {
        let pixels = config.imageSize * config.imageSize
        if front.count != pixels * 3 { throw VLAError("VLA input: front has \(front.count) bytes, expected \(pixels * 3) (\(config.imageSize)x\(config.imageSize) RGB)") }
        if wrist.count != pixels * 3 { throw VLAError("VLA input: wrist has \(wrist.count) bytes, expected \(pixels * 3) (\(config.imageSize)x\(config.imageSize) RGB)") }
        if events.count != pixels * 2 { throw VLAError("VLA input: events has \(events.count) bytes, expected \(pixels * 2) (2x\(config.imageSize)x\(config.imageSize))") }
        if joints.count > config.joints { throw VLAError("VLA input: \(joints.count) joints, expected at most \(config.joints)") }
        if tool.count != 4 { throw VLAError("VLA input: tool has \(tool.count) values, expected 4 (x, y, z, yaw)") }
        if words.isEmpty || words.count > config.maxWords { throw VLAError("VLA input: \(words.count) words, expected 1...\(config.maxWords)") }
        // Index loops: a for-in over the array allocates in debug builds, and this runs every tick.
        for k in 0..<words.count where words[k] <= 0 || Int(words[k]) >= config.vocabulary.count {
            throw VLAError("VLA input: word id \(words[k]) outside 1..<\(config.vocabulary.count)")
        }
    }
}
