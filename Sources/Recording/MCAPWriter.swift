/// Writes an MCAP file: messages are buffered into a chunk, and each finished chunk goes to the file
/// together with its MessageIndex records in ONE `write(2)`.
///
/// Why: a process killed at any moment then leaves a file that ends after a complete chunk group
/// (or, rarely, inside the one being written), which streaming readers read up to that point and
/// `MCAPRecovery.recover` turns into a complete file. `close()` writes DataEnd, the summary and the
/// footer. Not thread-safe: `Recorder` owns one on its writer thread.
public final class MCAPWriter {
    public let path: String
    public let options: MCAPWriterOptions
    /// Bytes in the file so far (complete chunks, header; not the open chunk).
    public private(set) var bytesWritten: UInt64 = 0
    /// Messages and chunk counts so far, as the summary will state them.
    public var statistics: MCAPStatistics { summary.statistics }

    private let file: MCAPFile
    private var summary = MCAPSummarySection()
    private var dataCRC = CRC32()
    /// The open chunk: a reserved Chunk record header, then its records; MessageIndex records are
    /// appended behind them when it closes, so the whole group is one buffer and one write.
    private var chunk = MCAPRecordEncoder(capacity: 0)
    private var chunkMessages: [UInt16: [(logTime: UInt64, offset: UInt64)]] = [:]
    private var chunkStartTime: UInt64 = 0
    private var chunkEndTime: UInt64 = 0
    private var chunkHasMessages = false
    private var chunkOpenedAt: Int64 = 0
    private var sequences: [UInt16: UInt32] = [:]
    private var closed = false

    /// Bytes of the Chunk record before its records: opcode, length, three u64, u32 CRC,
    /// empty compression string (u32 0), u64 records length.
    static let chunkHeaderLength = 1 + 8 + 8 + 8 + 8 + 4 + 4 + 8

    /// Creates (or truncates) `path` and writes the magic and Header.
    public init(path: String, options: MCAPWriterOptions = MCAPWriterOptions()) throws(RecordingError) {
        guard options.chunkSize > 0 else { throw .invalidArgument("chunk size \(options.chunkSize); expected > 0") }
        self.path = path
        self.options = options
        file = try MCAPFile(creating: path)
        chunk = MCAPRecordEncoder(capacity: options.chunkSize + options.chunkSize / 4 + 4096)
        var start = MCAPRecordEncoder()
        start.append(raw: mcapMagic)
        start.appendHeader(profile: options.profile, library: options.library)
        try emit(start.bytes)
        resetChunk()
    }

    deinit {
        // Leaves a recoverable file if the owner forgot `close()` (the summary needs error reporting).
        if !closed { try? flush() }
    }

    /// Registers a schema (e.g. a JSON Schema) and returns its id.
    public func addSchema(name: String, encoding: String, data: [UInt8]) throws(RecordingError) -> UInt16 {
        guard summary.schemas.count < Int(UInt16.max) else { throw .invalidArgument("more than 65535 schemas") }
        let schema = MCAPSchema(id: UInt16(summary.schemas.count + 1), name: name, encoding: encoding, data: data)
        summary.schemas.append(schema)
        summary.statistics.schemaCount += 1
        chunk.append(schema)
        return schema.id
    }

    /// Registers a topic and returns its channel id; `schemaID` 0 means schemaless.
    public func addChannel(topic: String, messageEncoding: String, schemaID: UInt16,
                           metadata: [String: String] = [:]) throws(RecordingError) -> UInt16 {
        guard summary.channels.count < Int(UInt16.max) - 1 else { throw .invalidArgument("more than 65534 channels") }
        guard schemaID == 0 || summary.schemas.contains(where: { $0.id == schemaID }) else {
            throw .invalidArgument("channel '\(topic)': no schema with id \(schemaID)")
        }
        let channel = MCAPChannel(id: UInt16(summary.channels.count + 1), schemaID: schemaID, topic: topic,
                                  messageEncoding: messageEncoding, metadata: metadata)
        summary.channels.append(channel)
        summary.statistics.channelCount += 1
        chunk.append(channel)
        return channel.id
    }

    /// Buffers one message; writes the chunk if it is now full or old enough.
    public func write(channel: UInt16, logTime: UInt64, publishTime: UInt64? = nil,
                      data: UnsafeRawBufferPointer) throws(RecordingError) {
        guard !closed else { throw .invalidArgument("\(path): write after close") }
        guard channel >= 1, Int(channel) <= summary.channels.count else {
            throw .invalidArgument("\(path): no channel with id \(channel)")
        }
        let offset = UInt64(chunk.count - Self.chunkHeaderLength)
        let sequence = sequences[channel, default: 0]
        sequences[channel] = sequence &+ 1
        chunk.appendMessage(channel: channel, sequence: sequence, logTime: logTime,
                            publishTime: publishTime ?? logTime, data: data)
        chunkMessages[channel, default: []].append((logTime, offset))
        if !chunkHasMessages || logTime < chunkStartTime { chunkStartTime = logTime }
        if !chunkHasMessages || logTime > chunkEndTime { chunkEndTime = logTime }
        chunkHasMessages = true
        summary.statistics.countMessage(channel: channel, logTime: logTime)
        try closeChunkIfDue()
    }

    public func write(channel: UInt16, logTime: UInt64, publishTime: UInt64? = nil, data: [UInt8]) throws(RecordingError) {
        try data.withUnsafeBytes { raw in
            Result { () throws(RecordingError) in try write(channel: channel, logTime: logTime, publishTime: publishTime, data: raw) }
        }.get()
    }

    /// Writes the open chunk if it reached `chunkSize` or `chunkAgeNanoseconds`; the recorder calls
    /// this when idle so a quiet stream still reaches the disk.
    public func closeChunkIfDue() throws(RecordingError) {
        let records = chunk.count - Self.chunkHeaderLength
        guard records > 0 else { return }
        if records >= options.chunkSize || monotonicNanoseconds() - chunkOpenedAt >= options.chunkAgeNanoseconds { try flush() }
    }

    /// Writes the open chunk now (if it holds any record).
    public func flush() throws(RecordingError) {
        let recordsLength = chunk.count - Self.chunkHeaderLength
        guard recordsLength > 0 else { return }
        let chunkStart = bytesWritten
        let uncompressedCRC = chunk.bytes[Self.chunkHeaderLength...].withUnsafeBytes { CRC32.checksum($0) }
        // Fill in the reserved Chunk header.
        var at = 1
        chunk.patch(UInt64(chunk.count - 9), at: at); at += 8
        chunk.patch(chunkStartTime, at: at); at += 8
        chunk.patch(chunkEndTime, at: at); at += 8
        chunk.patch(UInt64(recordsLength), at: at); at += 8
        chunk.patch(uncompressedCRC, at: at); at += 4
        chunk.patch(UInt32(0), at: at); at += 4
        chunk.patch(UInt64(recordsLength), at: at)
        let chunkLength = UInt64(chunk.count)
        var indexOffsets: [UInt16: UInt64] = [:]
        for channel in chunkMessages.keys.sorted() {
            indexOffsets[channel] = chunkStart + UInt64(chunk.count)
            chunk.appendMessageIndex(channel: channel, entries: chunkMessages[channel]!)
        }
        summary.chunkIndexes.append(MCAPChunkIndex(
            messageStartTime: chunkStartTime, messageEndTime: chunkEndTime, chunkStartOffset: chunkStart,
            chunkLength: chunkLength, messageIndexOffsets: indexOffsets,
            messageIndexLength: UInt64(chunk.count) - chunkLength, compression: "",
            compressedSize: UInt64(recordsLength), uncompressedSize: UInt64(recordsLength)))
        summary.statistics.chunkCount += 1
        try emit(chunk.bytes)
        if options.syncEveryChunk { try file.sync() }
        resetChunk()
    }

    /// Writes the open chunk, DataEnd, the summary and the footer, and closes the file. Returns the
    /// statistics the summary states.
    @discardableResult
    public func close() throws(RecordingError) -> MCAPStatistics {
        guard !closed else { return summary.statistics }
        try flush()
        closed = true
        let tail = summary.encodeTail(dataEndOffset: bytesWritten, dataCRC: dataCRC.value)
        try file.write(tail)
        bytesWritten += UInt64(tail.count)
        try file.sync()
        try file.close()
        return summary.statistics
    }

    private func emit(_ bytes: [UInt8]) throws(RecordingError) {
        bytes.withUnsafeBytes { dataCRC.update($0) }
        try file.write(bytes)
        bytesWritten += UInt64(bytes.count)
    }

    private func resetChunk() {
        chunk.removeAll()
        chunk.append(raw: [UInt8](repeating: 0, count: Self.chunkHeaderLength))
        chunk.patch(UInt64(0), at: 1)
        chunk.bytes[0] = MCAPOpcode.chunk.rawValue
        chunkMessages.removeAll(keepingCapacity: true)
        chunkHasMessages = false
        chunkStartTime = 0
        chunkEndTime = 0
        chunkOpenedAt = monotonicNanoseconds()
    }
}
