/// What the summary section repeats about the data section, and the bytes that end a file:
/// DataEnd, the summary (schemas, channels, chunk indexes, metadata indexes, statistics, each a
/// group), one SummaryOffset per group, the Footer and the closing magic.
///
/// Why one type for the writer and recovery: a recovered file must end exactly like a cleanly
/// closed one, so both hand their collected state here.
struct MCAPSummarySection {
    var schemas: [MCAPSchema] = []
    var channels: [MCAPChannel] = []
    var chunkIndexes: [MCAPChunkIndex] = []
    var metadataIndexes: [(offset: UInt64, length: UInt64, name: String)] = []
    var statistics = MCAPStatistics()

    /// The tail of the file, which begins at file offset `dataEndOffset`; `dataCRC` is the CRC-32 of
    /// every byte before it (magic included), as the DataEnd record carries.
    func encodeTail(dataEndOffset: UInt64, dataCRC: UInt32) -> [UInt8] {
        var out = MCAPRecordEncoder(capacity: 4096)
        out.appendDataEnd(crc: dataCRC)
        let summaryStart = out.count
        var groups: [(MCAPOpcode, Int, Int)] = []
        func group(_ opcode: MCAPOpcode, _ body: (inout MCAPRecordEncoder) -> Void) {
            let start = out.count
            body(&out)
            if out.count > start { groups.append((opcode, start, out.count - start)) }
        }
        group(.schema) { out in for schema in schemas.sorted(by: { $0.id < $1.id }) { out.append(schema) } }
        group(.channel) { out in for channel in channels.sorted(by: { $0.id < $1.id }) { out.append(channel) } }
        group(.chunkIndex) { out in for index in chunkIndexes { out.append(index) } }
        group(.metadataIndex) { out in
            for index in metadataIndexes { out.appendMetadataIndex(offset: index.offset, length: index.length, name: index.name) }
        }
        group(.statistics) { out in out.append(statistics) }
        let summaryOffsetStart = out.count
        for (opcode, start, length) in groups {
            out.appendSummaryOffset(group: opcode, start: dataEndOffset + UInt64(start), length: UInt64(length))
        }
        // Footer: summary_start, summary_offset_start, then the CRC of everything from the summary
        // start up to and including summary_offset_start.
        out.append(MCAPOpcode.footer.rawValue)
        out.append(UInt64(20))
        out.append(dataEndOffset + UInt64(summaryStart))
        out.append(dataEndOffset + UInt64(summaryOffsetStart))
        let summaryCRC = out.bytes[summaryStart...].withUnsafeBytes { CRC32.checksum($0) }
        out.append(summaryCRC)
        out.append(raw: mcapMagic)
        return out.bytes
    }
}
