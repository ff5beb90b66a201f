/// Reads the polarity events of an AEDAT 4.0 file (the first `EVTS` stream of its description),
/// as written by `AEDAT4Writer`, DV or dv-processing with compression NONE.
///
/// Every length, offset and identifier is checked against the file, so a truncated or corrupt
/// file fails with one `EventFileError` line naming the byte offset and what was expected there.
/// LZ4/ZSTD-compressed files are rejected with that reason (re-export them uncompressed in DV).
public func readAEDAT4(path: String) throws(EventFileError) -> EventRecording {
    let file = try readWholeFile(path)
    let result = file.withUnsafeBytes { bytes in
        Result { () throws(EventFileError) in try parseAEDAT4(bytes, path: path) }
    }
    return try result.get()
}

private func parseAEDAT4(_ bytes: UnsafeRawBufferPointer, path: String) throws(EventFileError) -> EventRecording {
    let end = bytes.count
    let magic = AEDAT4Writer.magic
    guard end >= magic.count, Array(bytes[0..<magic.count]) == magic else {
        throw EventFileError(path: path, offset: 0, "expected the AEDAT 4.0 version line '#!AER-DAT4.0\\r\\n'")
    }
    let headerSize = Int(try readUInt32(bytes, at: magic.count, end: end, path: path, what: "the IOHeader size"))
    let headerStart = magic.count + 4
    let headerEnd = headerStart + headerSize
    guard headerEnd <= end else {
        throw EventFileError(path: path, offset: magic.count, "expected an IOHeader of \(headerSize) bytes, but the file ends after \(end - headerStart)")
    }
    let header = try FlatBufferTable(bytes: bytes, path: path, root: headerStart, end: headerEnd, what: "IOHeader")
    if let at = header.field(0) {
        let compression = Int32(bitPattern: try readUInt32(bytes, at: at, end: headerEnd, path: path, what: "the compression"))
        guard compression == 0 else {
            let name = ["NONE", "LZ4", "LZ4_HIGH", "ZSTD", "ZSTD_HIGH"].indices.contains(Int(compression))
                ? ["NONE", "LZ4", "LZ4_HIGH", "ZSTD", "ZSTD_HIGH"][Int(compression)] : "\(compression)"
            throw EventFileError(path: path, offset: at, "expected compression NONE, found \(name) (only uncompressed AEDAT4 is supported)")
        }
    }
    var dataTablePosition: Int64 = -1
    if let at = header.field(1) {
        dataTablePosition = try readInt64(bytes, at: at, end: headerEnd, path: path, what: "the data table position")
        guard dataTablePosition == -1 || (dataTablePosition >= Int64(headerEnd) && dataTablePosition <= Int64(end)) else {
            throw EventFileError(path: path, offset: at, "expected a data table position inside the file (or -1), found \(dataTablePosition)")
        }
    }
    guard let text = try header.indirect(2, end: headerEnd, what: "the infoNode string") else {
        throw EventFileError(path: path, offset: header.position, "expected an infoNode (XML stream description) in the IOHeader")
    }
    let length = Int(try readUInt32(bytes, at: text, end: headerEnd, path: path, what: "the infoNode length"))
    guard text + 4 + length <= headerEnd else {
        throw EventFileError(path: path, offset: text, "expected an infoNode of \(length) bytes inside the IOHeader")
    }
    let streams = aedat4Streams(in: Array(bytes[(text + 4)..<(text + 4 + length)]))
    guard let stream = streams.first(where: { $0.type == "EVTS" }) else {
        throw EventFileError(path: path, offset: text, "expected an EVTS (polarity events) stream in the description, found \(streams.map(\.type))")
    }
    guard stream.width > 0, stream.height > 0 else {
        throw EventFileError(path: path, offset: text, "expected sizeX and sizeY of event stream \(stream.id) in the description")
    }

    var events: [PolarityEvent] = []
    let dataEnd = dataTablePosition >= 0 ? Int(dataTablePosition) : end
    var position = headerEnd
    while position < dataEnd {
        let streamID = Int(Int32(bitPattern: try readUInt32(bytes, at: position, end: dataEnd, path: path, what: "a packet's stream id")))
        let size = Int(Int32(bitPattern: try readUInt32(bytes, at: position + 4, end: dataEnd, path: path, what: "a packet's size")))
        let body = position + 8
        guard size > 0, body + size <= dataEnd else {
            throw EventFileError(path: path, offset: position + 4, "expected a packet size within the \(dataEnd - body) bytes left, found \(size)")
        }
        if streamID == stream.id {
            try readEventPacket(bytes, at: body, size: size, path: path, width: stream.width, height: stream.height, into: &events)
        } else if !streams.contains(where: { $0.id == streamID }) {
            throw EventFileError(path: path, offset: position, "expected a stream id from the description \(streams.map(\.id)), found \(streamID)")
        }
        position = body + size
    }
    return EventRecording(width: stream.width, height: stream.height, events: events)
}

/// One size-prefixed `EventPacket` FlatBuffer of `size` bytes at `body`.
private func readEventPacket(
    _ bytes: UnsafeRawBufferPointer, at body: Int, size: Int, path: String, width: Int, height: Int, into events: inout [PolarityEvent]
) throws(EventFileError) {
    let end = body + size
    let prefix = Int(try readUInt32(bytes, at: body, end: end, path: path, what: "the event packet's size prefix"))
    guard prefix + 4 <= size else {
        throw EventFileError(path: path, offset: body, "expected an event packet size prefix ≤ \(size - 4), found \(prefix)")
    }
    guard size >= 12, Array(bytes[(body + 8)..<(body + 12)]) == Array("EVTS".utf8) else {
        throw EventFileError(path: path, offset: body + 8, "expected the FlatBuffers identifier EVTS of an event packet")
    }
    let table = try FlatBufferTable(bytes: bytes, path: path, root: body + 4, end: end, what: "EventPacket")
    guard let vector = try table.indirect(0, end: end, what: "the event vector") else { return }
    let count = Int(try readUInt32(bytes, at: vector, end: end, path: path, what: "the event count"))
    let first = vector + 4
    guard count <= (end - first) / 16 else {
        throw EventFileError(path: path, offset: vector, "expected \(count) events of 16 bytes, but the packet has room for \((end - first) / 16)")
    }
    events.reserveCapacity(events.count + count)
    for k in 0..<count {
        let at = first + 16 * k
        let t = bytes.loadUnaligned(fromByteOffset: at, as: Int64.self).littleEndian
        let x = Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8, as: Int16.self))
        let y = Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 10, as: Int16.self))
        guard x >= 0, y >= 0, Int(x) < width, Int(y) < height else {
            throw EventFileError(path: path, offset: at + 8, "expected an event inside the \(width) x \(height) sensor, found (\(x), \(y))")
        }
        events.append(PolarityEvent(timestamp: t, x: UInt16(x), y: UInt16(y), polarity: bytes[at + 12] != 0))
    }
}
