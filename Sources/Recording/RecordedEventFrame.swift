/// Event-camera activity as an event-count frame, recorded on `/events` (schema `embody.EventFrame`).
///
/// Why counts, not event lists: a DVS emits up to millions of events per second; the recording
/// keeps how many ON and OFF events fell in each window (what the intrusion reflex reacts to) at a
/// fixed, small cost. Raw events belong in AEDAT4 files (Events module).
public struct RecordedEventFrame: Sendable, Equatable {
    /// End of the window, nanoseconds (the message's log time).
    public var time: Int64
    /// Window length, nanoseconds.
    public var window: Int64
    /// Sensor size, pixels.
    public var width: Int
    public var height: Int
    /// Brightness-increase (ON) events in the window.
    public var positive: Int
    /// Brightness-decrease (OFF) events in the window.
    public var negative: Int

    public init(time: Int64, window: Int64, width: Int, height: Int, positive: Int, negative: Int) {
        self.time = time
        self.window = window
        self.width = width
        self.height = height
        self.positive = positive
        self.negative = negative
    }
}
