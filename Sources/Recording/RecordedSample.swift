/// What the robot measured and was commanded at one control tick: recorded as one message on
/// `/joint_state` and, when `command` is set, one on `/joint_command`, both stamped `time`.
///
/// A plain value with inline storage (about 400 bytes, no references), so the controller thread can
/// push it through the lock-free ring in Runtime and a slower thread hands it to `Recorder.record`.
public struct RecordedSample: Sendable {
    /// Nanoseconds on the loop's clock (monotonic or simulated), the messages' log time.
    public var time: Int64
    public var state: RecordedJoints
    /// The command sent at this tick (after the supervisor), nil when none was sent.
    public var command: RecordedJoints?

    public init(time: Int64, state: RecordedJoints, command: RecordedJoints? = nil) {
        self.time = time
        self.state = state
        self.command = command
    }
}
