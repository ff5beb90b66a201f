import Foundation

/// What `MCAPRecovery.recover` did to a file.
public struct MCAPRecoveryReport: Sendable, Equatable {
    public var path: String
    /// True when the file already ended with a summary and footer: nothing was changed.
    public var alreadyComplete: Bool
    public var originalSize: Int
    public var recoveredSize: Int
    /// Bytes cut from the end (a partial chunk, a partial record prefix).
    public var droppedBytes: Int
    public var messageCount: UInt64
    public var chunkCount: UInt32
    /// Why the original file stopped early, one line (nil when complete).
    public var reason: String?
}

/// Turns a recording cut short (killed process, power loss, full disk) into a complete MCAP file.
///
/// Why in place: recordings are large and the damage is only at the end. The file is truncated to
/// its last complete record (the last chunk whose CRC matches, with its MessageIndex records
/// rebuilt if they were cut), and DataEnd, the summary and the footer are appended, so seeking
/// readers (Foxglove, `mcap` tools) open it. A Metadata record named `embody.recovery` tells
/// `embody replay` (and anyone else) the file was recovered and how many bytes were lost.
public enum MCAPRecovery {
    /// The Metadata record a recovered file carries.
    public static let metadataName = "embody.recovery"

    /// `reportedPath` names the file in the reason text (the metadata record, the report) when `path` is
    /// a working copy of it (the daemon recovers a copy, then renames it over the original).
    public static func recover(path: String, reportedPath: String? = nil) throws(RecordingError) -> MCAPRecoveryReport {
        var summary = MCAPSummarySection()
        var appended = MCAPRecordEncoder(capacity: 4096)
        let originalSize: Int
        var cut: Int
        let prefixCRC: UInt32
        let contents: MCAPContents
        do {
            let reader = try MCAPReader(path: path)
            originalSize = reader.fileSize
            do { contents = try reader.read() } catch let error as RecordingError { throw error } catch {
                throw .invalidArgument("\(path): \(error)")
            }
            if contents.complete && contents.problem == nil {
                return MCAPRecoveryReport(path: path, alreadyComplete: true, originalSize: originalSize,
                                          recoveredSize: originalSize, droppedBytes: 0,
                                          messageCount: contents.statistics.messageCount,
                                          chunkCount: contents.statistics.chunkCount, reason: nil)
            }
            cut = contents.dataEndOffset ?? contents.validEnd
            summary.chunkIndexes = contents.chunks.map(\.index)
            // The last chunk's MessageIndex records may have been cut: drop the survivors and rebuild.
            if let last = contents.chunks.last, last.indexedChannels != Set(last.messages.keys) {
                cut = last.chunkEnd
                var index = last.index
                index.messageIndexOffsets = [:]
                let start = appended.count
                for channel in last.messages.keys.sorted() {
                    index.messageIndexOffsets[channel] = UInt64(cut + appended.count)
                    appended.appendMessageIndex(channel: channel, entries: last.messages[channel]!)
                }
                index.messageIndexLength = UInt64(appended.count - start)
                summary.chunkIndexes[summary.chunkIndexes.count - 1] = index
            }
            prefixCRC = reader.checksum(prefix: cut)
        }  // the mapping is released here, before the file shrinks under it
        var reason = contents.problem?.description ?? "the data section was not closed"
        if let reportedPath { reason = reason.replacingOccurrences(of: path, with: reportedPath) }
        let metadataOffset = cut + appended.count
        appended.append(MCAPMetadata(name: metadataName, metadata: [
            "original_size": String(originalSize),
            "dropped_bytes": String(originalSize - cut),
            "reason": reason,
        ]))
        summary.metadataIndexes = [(UInt64(metadataOffset), UInt64(cut + appended.count - metadataOffset), metadataName)]
        summary.schemas = Array(contents.schemas.values)
        summary.channels = Array(contents.channels.values)
        summary.statistics = contents.statistics
        summary.statistics.schemaCount = UInt16(clamping: contents.schemas.count)
        summary.statistics.channelCount = UInt32(contents.channels.count)
        summary.statistics.metadataCount += 1
        var crc = CRC32(resuming: prefixCRC)
        appended.bytes.withUnsafeBytes { crc.update($0) }
        appended.append(raw: summary.encodeTail(dataEndOffset: UInt64(cut + appended.count), dataCRC: crc.value))

        try MCAPFile.truncate(path, to: cut)
        let file = try MCAPFile(appendingTo: path)
        try file.write(appended.bytes)
        try file.sync()
        try file.close()
        return MCAPRecoveryReport(path: path, alreadyComplete: false, originalSize: originalSize,
                                  recoveredSize: cut + appended.count, droppedBytes: originalSize - cut,
                                  messageCount: summary.statistics.messageCount,
                                  chunkCount: summary.statistics.chunkCount, reason: reason)
    }
}
