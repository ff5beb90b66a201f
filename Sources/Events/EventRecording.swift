/// The polarity events of a file and the sensor size they were recorded with.
public struct EventRecording: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// In file order (time order for files this package writes).
    public var events: [PolarityEvent]

    public init(width: Int, height: Int, events: [PolarityEvent]) {
        self.width = width
        self.height = height
        self.events = events
    }
}
