/// MCAP record types (the first byte of every record), as the spec numbers them.
public enum MCAPOpcode: UInt8, Sendable, CaseIterable {
    case header = 0x01
    case footer = 0x02
    case schema = 0x03
    case channel = 0x04
    case message = 0x05
    case chunk = 0x06
    case messageIndex = 0x07
    case chunkIndex = 0x08
    case attachment = 0x09
    case attachmentIndex = 0x0A
    case statistics = 0x0B
    case metadata = 0x0C
    case metadataIndex = 0x0D
    case summaryOffset = 0x0E
    case dataEnd = 0x0F

    /// The spec's record name, used in error messages ("Chunk at byte 1234: …").
    public var name: String {
        switch self {
        case .header: "Header"
        case .footer: "Footer"
        case .schema: "Schema"
        case .channel: "Channel"
        case .message: "Message"
        case .chunk: "Chunk"
        case .messageIndex: "MessageIndex"
        case .chunkIndex: "ChunkIndex"
        case .attachment: "Attachment"
        case .attachmentIndex: "AttachmentIndex"
        case .statistics: "Statistics"
        case .metadata: "Metadata"
        case .metadataIndex: "MetadataIndex"
        case .summaryOffset: "SummaryOffset"
        case .dataEnd: "DataEnd"
        }
    }
}

/// The eight bytes that open and close every MCAP file (major version '0').
public let mcapMagic: [UInt8] = [0x89, 0x4D, 0x43, 0x41, 0x50, 0x30, 0x0D, 0x0A]

/// Every record starts with an opcode byte and a u64 content length.
let mcapRecordPrefixLength = 9
