/// When the writer closes a chunk and how hard it pushes data to disk.
public struct MCAPWriterOptions: Sendable {
    /// A chunk is written once its records reach this many bytes. Larger chunks mean fewer system
    /// calls; smaller ones lose less on a crash.
    public var chunkSize: Int
    /// …or once its first record is this old (monotonic nanoseconds), so a slow stream still reaches
    /// the disk within this delay.
    public var chunkAgeNanoseconds: Int64
    /// `fsync` after every chunk: survives a power cut, not just a killed process, at the cost of a
    /// disk flush per chunk.
    public var syncEveryChunk: Bool
    /// The Header's profile ("" = no well-known profile: our channels are JSON).
    public var profile: String
    /// The Header's library string.
    public var library: String

    public init(chunkSize: Int = 1 << 20, chunkAgeNanoseconds: Int64 = 1_000_000_000, syncEveryChunk: Bool = false,
                profile: String = "", library: String = "embody") {
        self.chunkSize = chunkSize
        self.chunkAgeNanoseconds = chunkAgeNanoseconds
        self.syncEveryChunk = syncEveryChunk
        self.profile = profile
        self.library = library
    }
}
