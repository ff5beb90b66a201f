import Glibc

/// Where one top-level record sits in the file.
public struct MCAPRecordLocation: Sendable, Equatable {
    /// The opcode byte (kept raw: unknown opcodes are legal and skipped).
    public var opcode: UInt8
    /// File offset of the opcode byte.
    public var offset: Int
    /// Content length (after the 9-byte prefix).
    public var length: Int
    /// File offset just past the record.
    public var end: Int { offset + mcapRecordPrefixLength + length }
    var contentRange: Range<Int> { (offset + mcapRecordPrefixLength)..<end }
    var name: String { MCAPOpcode(rawValue: opcode)?.name ?? "record 0x\(String(opcode, radix: 16))" }
}

/// One message as read; `data` points into the mapped file and is valid only during the callback.
public struct MCAPMessage {
    public var channel: MCAPChannel
    /// The channel's schema (nil for schemaless channels).
    public var schema: MCAPSchema?
    public var sequence: UInt32
    public var logTime: UInt64
    public var publishTime: UInt64
    public var data: UnsafeRawBufferPointer
}

/// The records of a file in order, found without trusting anything past the first bad byte.
public struct MCAPScan: Sendable {
    public var profile: String
    public var library: String
    /// Complete top-level records, Header first, in file order.
    public var records: [MCAPRecordLocation]
    /// True when the file ends with a Footer and the closing magic.
    public var complete: Bool
    /// File offset just past the last complete record (the file size when `complete`).
    public var validEnd: Int
    /// Why reading stopped before a Footer (a file cut mid-record, a bad record), nil when complete.
    public var problem: RecordingError?
}

/// What the data section holds, gathered by `MCAPReader.read`.
public struct MCAPContents {
    public var schemas: [UInt16: MCAPSchema] = [:]
    public var channels: [UInt16: MCAPChannel] = [:]
    public var metadata: [MCAPMetadata] = []
    /// Counted from the messages actually read (not copied from a summary).
    public var statistics = MCAPStatistics()
    /// The complete chunks, in file order, with what they hold.
    public var chunks: [MCAPChunkContents] = []
    /// File offset just past the last record read without damage: where recovery cuts.
    public var validEnd: Int = 0
    /// Offset of the DataEnd record when the data section is closed.
    public var dataEndOffset: Int?
    /// Why reading stopped early (nil when the data section ended with DataEnd).
    public var problem: RecordingError?
    /// True when the file has its Footer and closing magic.
    public var complete = false
    public var profile = ""
    public var library = ""
}

/// One chunk as found: its index entry and the messages it holds (for rebuilding MessageIndex records).
public struct MCAPChunkContents: Sendable {
    public var index: MCAPChunkIndex
    /// Per channel: (log time, offset in the chunk's records), in record order.
    public var messages: [UInt16: [(logTime: UInt64, offset: UInt64)]]
    /// Channels whose MessageIndex record follows the chunk in the file.
    public var indexedChannels: Set<UInt16>
    /// File offset just past the chunk record itself (before its MessageIndex records).
    public var chunkEnd: Int
}

/// Reads MCAP files with bounds checks on every field: memory-maps the file, lists its records
/// (`scan`), and walks the data section's messages, descending into uncompressed chunks (`read`).
///
/// Why lenient at the tail: a recording cut by a crash or power loss is normal input; reading stops
/// at the first incomplete or damaged record and says where (`problem`), so replay and recovery can
/// use everything before it. A file that does not start with MCAP magic and a Header is an error.
public final class MCAPReader {
    public let path: String
    /// Bytes in the file when it was opened.
    public let fileSize: Int
    private let mapping: UnsafeMutableRawPointer?
    private let bytes: UnsafeRawBufferPointer

    public init(path: String) throws(RecordingError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw MCAPFile.error(path, "open") }
        defer { _ = close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) != 0 { throw MCAPFile.error(path, "stat") }
        fileSize = Int(info.st_size)
        if fileSize > 0 {
            guard let mapped = mmap(nil, fileSize, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
                throw MCAPFile.error(path, "mmap")
            }
            mapping = mapped
            bytes = UnsafeRawBufferPointer(start: mapped, count: fileSize)
        } else {
            mapping = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        }
    }

    deinit { if let mapping { munmap(mapping, fileSize) } }

    /// The CRC-32 of the file's first `length` bytes (the data-section CRC recovery writes).
    func checksum(prefix length: Int) -> UInt32 {
        CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<length]))
    }

    /// Lists the top-level records. Throws only when the file is not MCAP at all (magic, Header).
    public func scan() throws(RecordingError) -> MCAPScan {
        guard fileSize >= mcapMagic.count, bytes.prefix(mcapMagic.count).elementsEqual(mcapMagic) else {
            throw .malformed(path: path, offset: 0, record: "Magic",
                             expected: "the MCAP magic 89 4D 43 41 50 30 0D 0A (\(fileSize) bytes in the file)")
        }
        var records: [MCAPRecordLocation] = []
        var at = mcapMagic.count
        var problem: RecordingError?
        var complete = false
        while true {
            let left = fileSize - at
            if left == 0 {
                problem = .malformed(path: path, offset: at, record: "record", expected: "more records and a Footer, but the file ends here")
                break
            }
            if left < mcapRecordPrefixLength {
                problem = .malformed(path: path, offset: at, record: "record",
                                     expected: "an opcode and a u64 length (9 bytes), but the file ends after \(left)")
                break
            }
            let opcode = bytes[at]
            let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 1, as: UInt64.self))
            let location = MCAPRecordLocation(opcode: opcode, offset: at, length: Int(clamping: length))
            if opcode == 0 {
                problem = .malformed(path: path, offset: at, record: "record", expected: "an opcode 0x01…0x0F, found 0x00")
                break
            }
            if records.isEmpty && opcode != MCAPOpcode.header.rawValue {
                throw .malformed(path: path, offset: at, record: location.name, expected: "a Header record after the magic")
            }
            if length > UInt64(left - mcapRecordPrefixLength) {
                problem = .malformed(path: path, offset: at, record: location.name,
                                     expected: "\(length) bytes of content, but the file ends after \(left - mcapRecordPrefixLength)")
                break
            }
            records.append(location)
            at = location.end
            if opcode == MCAPOpcode.footer.rawValue {
                if fileSize - at == mcapMagic.count, bytes[at...].elementsEqual(mcapMagic) {
                    complete = true
                    at = fileSize
                } else {
                    problem = .malformed(path: path, offset: at, record: "Magic", expected: "the closing MCAP magic after the Footer")
                }
                break
            }
        }
        guard let first = records.first else {
            throw .malformed(path: path, offset: mcapMagic.count, record: "Header",
                             expected: "a complete Header record after the magic; the file ends at byte \(fileSize)")
        }
        var header = MCAPByteCursor(bytes: bytes, range: first.contentRange, path: path, record: "Header")
        let profile = try header.string("profile")
        let library = try header.string("library")
        return MCAPScan(profile: profile, library: library, records: records, complete: complete,
                        validEnd: complete ? fileSize : (records.last?.end ?? mcapMagic.count), problem: problem)
    }

    /// Walks the data section: schemas, channels, metadata, chunks and their messages, calling
    /// `onMessage` for each message in file order. Stops at DataEnd, or at the first damaged record
    /// (recorded in `problem`; everything before it is delivered and counted, a chunk all or nothing).
    public func read(onMessage: (MCAPMessage) throws -> Void = { _ in }) throws -> MCAPContents {
        let scan = try scan()
        var contents = MCAPContents()
        contents.profile = scan.profile
        contents.library = scan.library
        contents.complete = scan.complete
        contents.validEnd = mcapMagic.count
        contents.problem = scan.problem
        var pending: [MCAPMessage] = []
        for location in scan.records {
            guard let opcode = MCAPOpcode(rawValue: location.opcode) else {
                contents.validEnd = location.end  // unknown records are skipped, as the spec says
                continue
            }
            if opcode == .dataEnd {
                contents.dataEndOffset = location.offset
                contents.problem = nil
                break
            }
            pending.removeAll(keepingCapacity: true)
            do {
                switch opcode {
                case .chunk:
                    try readChunk(location, into: &contents, messages: &pending)
                case .messageIndex:
                    var cursor = MCAPByteCursor(bytes: bytes, range: location.contentRange, path: path, record: "MessageIndex")
                    let channel = try cursor.u16("channel_id")
                    if !contents.chunks.isEmpty {
                        let last = contents.chunks.count - 1
                        contents.chunks[last].indexedChannels.insert(channel)
                        contents.chunks[last].index.messageIndexOffsets[channel] = UInt64(location.offset)
                        contents.chunks[last].index.messageIndexLength += UInt64(location.end - location.offset)
                    }
                default:
                    var cursor = MCAPByteCursor(bytes: bytes, range: location.contentRange, path: path, record: opcode.name)
                    if let message = try readRecord(opcode, &cursor, into: &contents) { pending.append(message) }
                }
            } catch {
                contents.problem = error
                return contents
            }
            contents.validEnd = location.end
            for message in pending { try onMessage(message) }
        }
        return contents
    }

    /// Schema, Channel, Message or Metadata (inside or outside a chunk); other records are skipped.
    /// A Message is counted and returned, not delivered, so a damaged chunk delivers nothing.
    private func readRecord(_ opcode: MCAPOpcode, _ cursor: inout MCAPByteCursor,
                            into contents: inout MCAPContents) throws(RecordingError) -> MCAPMessage? {
        switch opcode {
        case .schema:
            let id = try cursor.u16("id")
            let name = try cursor.string("name")
            let encoding = try cursor.string("encoding")
            let length = try cursor.u32("data length")
            let range = try cursor.range(UInt64(length), "data")
            if id != 0 {
                contents.schemas[id] = MCAPSchema(id: id, name: name, encoding: encoding, data: [UInt8](bytes[range]))
            }
        case .channel:
            let id = try cursor.u16("id")
            let schemaID = try cursor.u16("schema_id")
            let topic = try cursor.string("topic")
            let encoding = try cursor.string("message_encoding")
            let metadata = try cursor.map("metadata")
            if schemaID != 0, contents.schemas[schemaID] == nil {
                throw cursor.fail("a Schema record with id \(schemaID) before channel '\(topic)'")
            }
            contents.channels[id] = MCAPChannel(id: id, schemaID: schemaID, topic: topic, messageEncoding: encoding, metadata: metadata)
        case .message:
            let channelID = try cursor.u16("channel_id")
            let sequence = try cursor.u32("sequence")
            let logTime = try cursor.u64("log_time")
            let publishTime = try cursor.u64("publish_time")
            guard let channel = contents.channels[channelID] else {
                throw cursor.fail("a Channel record with id \(channelID) before its messages")
            }
            let data = try cursor.range(UInt64(cursor.remaining), "data")
            contents.statistics.countMessage(channel: channelID, logTime: logTime)
            return MCAPMessage(channel: channel, schema: contents.schemas[channel.schemaID], sequence: sequence, logTime: logTime, publishTime: publishTime,
                               data: UnsafeRawBufferPointer(rebasing: bytes[data]))
        case .metadata:
            let name = try cursor.string("name")
            contents.metadata.append(MCAPMetadata(name: name, metadata: try cursor.map("metadata")))
            contents.statistics.metadataCount += 1
        default:
            break
        }
        return nil
    }

    /// A Chunk: checks its CRC, reads its records, and appends its `MCAPChunkContents`. On any error
    /// `contents` and `messages` are left as they were.
    private func readChunk(_ location: MCAPRecordLocation, into contents: inout MCAPContents,
                           messages delivered: inout [MCAPMessage]) throws(RecordingError) {
        var cursor = MCAPByteCursor(bytes: bytes, range: location.contentRange, path: path, record: "Chunk")
        let startTime = try cursor.u64("message_start_time")
        let endTime = try cursor.u64("message_end_time")
        let uncompressedSize = try cursor.u64("uncompressed_size")
        let crc = try cursor.u32("uncompressed_crc")
        let compression = try cursor.string("compression")
        guard compression.isEmpty else {
            throw cursor.fail("uncompressed records (compression \"\"); this reader does not decode '\(compression)'")
        }
        let recordsLength = try cursor.u64("records length")
        let records = try cursor.range(recordsLength, "records")
        guard uncompressedSize == recordsLength else {
            throw cursor.fail("uncompressed_size \(uncompressedSize) to equal the records length \(recordsLength)")
        }
        if crc != 0 {
            let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[records]))
            guard actual == crc else {
                throw MCAPByteCursor(bytes: bytes, range: records, path: path, record: "Chunk")
                    .fail("records with CRC-32 \(hex(crc)) (the Chunk's uncompressed_crc), but they sum to \(hex(actual))")
            }
        }
        // Read into a scratch copy so a damaged chunk adds nothing (all of a chunk or none of it).
        var inside = MCAPContents()
        inside.schemas = contents.schemas
        inside.channels = contents.channels
        var found: [MCAPMessage] = []
        var index: [UInt16: [(logTime: UInt64, offset: UInt64)]] = [:]
        var at = records.lowerBound
        while at < records.upperBound {
            guard records.upperBound - at >= mcapRecordPrefixLength else {
                throw MCAPByteCursor(bytes: bytes, range: at..<records.upperBound, path: path, record: "Chunk")
                    .fail("a record prefix (9 bytes) inside the chunk")
            }
            let opcodeByte = bytes[at]
            let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 1, as: UInt64.self))
            let name = (MCAPOpcode(rawValue: opcodeByte)?.name ?? "record 0x\(String(opcodeByte, radix: 16))") + " in Chunk"
            guard length <= UInt64(records.upperBound - at - mcapRecordPrefixLength) else {
                throw MCAPByteCursor(bytes: bytes, range: at..<records.upperBound, path: path, record: name)
                    .fail("\(length) bytes of content within the chunk's \(records.upperBound - at - mcapRecordPrefixLength)")
            }
            let end = at + mcapRecordPrefixLength + Int(length)
            if let opcode = MCAPOpcode(rawValue: opcodeByte) {
                var inner = MCAPByteCursor(bytes: bytes, range: (at + mcapRecordPrefixLength)..<end, path: path, record: name)
                if let message = try readRecord(opcode, &inner, into: &inside) {
                    found.append(message)
                    index[message.channel.id, default: []].append((message.logTime, UInt64(at - records.lowerBound)))
                }
            }
            at = end
        }
        contents.schemas = inside.schemas
        contents.channels = inside.channels
        contents.metadata += inside.metadata
        contents.statistics.add(inside.statistics)
        contents.statistics.chunkCount += 1
        delivered += found
        contents.chunks.append(MCAPChunkContents(
            index: MCAPChunkIndex(messageStartTime: startTime, messageEndTime: endTime, chunkStartOffset: UInt64(location.offset),
                                  chunkLength: UInt64(location.end - location.offset), messageIndexOffsets: [:],
                                  messageIndexLength: 0, compression: compression, compressedSize: recordsLength,
                                  uncompressedSize: uncompressedSize),
            messages: index, indexedChannels: [], chunkEnd: location.end))
    }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
