/// The MCAP records the writer, reader and recovery share, as plain values. Message data is not
/// held here: messages are streamed (see `MCAPMessage`).

/// How messages on a channel are laid out (e.g. a JSON Schema).
public struct MCAPSchema: Sendable, Equatable {
    /// 1…65535; 0 means "no schema" in the spec and never names a record.
    public var id: UInt16
    public var name: String
    /// "jsonschema" for our JSON channels.
    public var encoding: String
    public var data: [UInt8]

    public init(id: UInt16, name: String, encoding: String, data: [UInt8]) {
        self.id = id
        self.name = name
        self.encoding = encoding
        self.data = data
    }
}

/// A topic and how its messages are encoded.
public struct MCAPChannel: Sendable, Equatable {
    public var id: UInt16
    public var schemaID: UInt16
    public var topic: String
    /// "json" for our channels.
    public var messageEncoding: String
    public var metadata: [String: String]

    public init(id: UInt16, schemaID: UInt16, topic: String, messageEncoding: String, metadata: [String: String] = [:]) {
        self.id = id
        self.schemaID = schemaID
        self.topic = topic
        self.messageEncoding = messageEncoding
        self.metadata = metadata
    }
}

/// Where a chunk lives and what it holds (the summary's index of the data section).
public struct MCAPChunkIndex: Sendable, Equatable {
    public var messageStartTime: UInt64
    public var messageEndTime: UInt64
    /// File offset of the Chunk record's opcode byte.
    public var chunkStartOffset: UInt64
    /// Bytes of the whole Chunk record (opcode and length prefix included).
    public var chunkLength: UInt64
    /// File offset of each channel's MessageIndex record for this chunk.
    public var messageIndexOffsets: [UInt16: UInt64]
    /// Bytes of all MessageIndex records following the chunk.
    public var messageIndexLength: UInt64
    public var compression: String
    public var compressedSize: UInt64
    public var uncompressedSize: UInt64
}

/// File-wide counts, written in the summary so readers need not scan the data.
public struct MCAPStatistics: Sendable, Equatable {
    public var messageCount: UInt64 = 0
    public var schemaCount: UInt16 = 0
    public var channelCount: UInt32 = 0
    public var attachmentCount: UInt32 = 0
    public var metadataCount: UInt32 = 0
    public var chunkCount: UInt32 = 0
    /// 0 when there are no messages.
    public var messageStartTime: UInt64 = 0
    public var messageEndTime: UInt64 = 0
    public var channelMessageCounts: [UInt16: UInt64] = [:]

    public init() {}

    /// Counts one message at `logTime` on `channel`.
    mutating func countMessage(channel: UInt16, logTime: UInt64) {
        if messageCount == 0 || logTime < messageStartTime { messageStartTime = logTime }
        if messageCount == 0 || logTime > messageEndTime { messageEndTime = logTime }
        messageCount += 1
        channelMessageCounts[channel, default: 0] += 1
    }

    /// Adds the messages and metadata counted in `other` (a chunk read separately).
    mutating func add(_ other: MCAPStatistics) {
        if other.messageCount > 0 {
            if messageCount == 0 || other.messageStartTime < messageStartTime { messageStartTime = other.messageStartTime }
            if messageCount == 0 || other.messageEndTime > messageEndTime { messageEndTime = other.messageEndTime }
        }
        messageCount += other.messageCount
        metadataCount += other.metadataCount
        for (channel, count) in other.channelMessageCounts { channelMessageCounts[channel, default: 0] += count }
    }
}

/// A named string map stored in the file (we use it to mark a recovered file).
public struct MCAPMetadata: Sendable, Equatable {
    public var name: String
    public var metadata: [String: String]

    public init(name: String, metadata: [String: String]) {
        self.name = name
        self.metadata = metadata
    }
}

extension MCAPRecordEncoder {
    mutating func appendHeader(profile: String, library: String) {
        begin(.header)
        append(string: profile)
        append(string: library)
        end()
    }

    mutating func append(_ schema: MCAPSchema) {
        begin(.schema)
        append(schema.id)
        append(string: schema.name)
        append(string: schema.encoding)
        append(UInt32(schema.data.count))
        append(raw: schema.data)
        end()
    }

    mutating func append(_ channel: MCAPChannel) {
        begin(.channel)
        append(channel.id)
        append(channel.schemaID)
        append(string: channel.topic)
        append(string: channel.messageEncoding)
        append(map: channel.metadata)
        end()
    }

    mutating func appendMessage(channel: UInt16, sequence: UInt32, logTime: UInt64, publishTime: UInt64,
                                data: UnsafeRawBufferPointer) {
        begin(.message)
        append(channel)
        append(sequence)
        append(logTime)
        append(publishTime)
        append(raw: data)
        end()
    }

    /// One channel's (log time, offset in the chunk's records) pairs.
    mutating func appendMessageIndex(channel: UInt16, entries: [(logTime: UInt64, offset: UInt64)]) {
        begin(.messageIndex)
        append(channel)
        append(UInt32(entries.count * 16))
        for entry in entries {
            append(entry.logTime)
            append(entry.offset)
        }
        end()
    }

    mutating func append(_ index: MCAPChunkIndex) {
        begin(.chunkIndex)
        append(index.messageStartTime)
        append(index.messageEndTime)
        append(index.chunkStartOffset)
        append(index.chunkLength)
        append(UInt32(index.messageIndexOffsets.count * 10))
        for channel in index.messageIndexOffsets.keys.sorted() {
            append(channel)
            append(index.messageIndexOffsets[channel]!)
        }
        append(index.messageIndexLength)
        append(string: index.compression)
        append(index.compressedSize)
        append(index.uncompressedSize)
        end()
    }

    mutating func append(_ statistics: MCAPStatistics) {
        begin(.statistics)
        append(statistics.messageCount)
        append(statistics.schemaCount)
        append(statistics.channelCount)
        append(statistics.attachmentCount)
        append(statistics.metadataCount)
        append(statistics.chunkCount)
        append(statistics.messageStartTime)
        append(statistics.messageEndTime)
        append(UInt32(statistics.channelMessageCounts.count * 10))
        for channel in statistics.channelMessageCounts.keys.sorted() {
            append(channel)
            append(statistics.channelMessageCounts[channel]!)
        }
        end()
    }

    mutating func append(_ metadata: MCAPMetadata) {
        begin(.metadata)
        append(string: metadata.name)
        append(map: metadata.metadata)
        end()
    }

    mutating func appendMetadataIndex(offset: UInt64, length: UInt64, name: String) {
        begin(.metadataIndex)
        append(offset)
        append(length)
        append(string: name)
        end()
    }

    mutating func appendDataEnd(crc: UInt32) {
        begin(.dataEnd)
        append(crc)
        end()
    }

    mutating func appendSummaryOffset(group: MCAPOpcode, start: UInt64, length: UInt64) {
        begin(.summaryOffset)
        append(group.rawValue)
        append(start)
        append(length)
        end()
    }
}
