/// What a closed recorder wrote.
public struct RecordingSummary: Sendable, Equatable {
    public var path: String
    public var messages: UInt64
    public var chunks: UInt32
    /// File size after the footer.
    public var bytes: UInt64
    /// `record` calls refused because the queue was full.
    public var dropped: Int
    /// Messages per topic.
    public var topics: [String: UInt64]
}
