/// How a `Recorder` buffers and writes.
public struct RecorderOptions: Sendable {
    /// Items the queue holds between producers and the writer thread; beyond it `record` drops and
    /// counts. 8192 holds 8 s of 1 kHz samples, longer than any chunk write or fsync stall.
    public var queueCapacity: Int
    /// How long the writer thread sleeps when idle, nanoseconds (it also checks chunk age then).
    public var idleWakeNanoseconds: Int64
    public var writer: MCAPWriterOptions

    public init(queueCapacity: Int = 8192, idleWakeNanoseconds: Int64 = 20_000_000,
                writer: MCAPWriterOptions = MCAPWriterOptions()) {
        self.queueCapacity = queueCapacity
        self.idleWakeNanoseconds = idleWakeNanoseconds
        self.writer = writer
    }
}
