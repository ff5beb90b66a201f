/// Appends MCAP records (little-endian integers, u32-prefixed strings and maps) to a byte buffer.
///
/// Why a builder that reserves the length: a record's length prefix comes before its content, so
/// `begin` writes a placeholder and `end` patches it, letting each record be built in one pass
/// straight into the chunk buffer without an intermediate copy.
struct MCAPRecordEncoder {
    var bytes: [UInt8] = []
    private var recordStart = -1

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        recordStart = -1
    }

    /// Starts a record; every `append` until `end()` is its content.
    mutating func begin(_ opcode: MCAPOpcode) {
        precondition(recordStart < 0, "record not ended")
        bytes.append(opcode.rawValue)
        recordStart = bytes.count
        append(UInt64(0))
    }

    /// Finishes the record started by `begin`, writing its content length.
    mutating func end() {
        precondition(recordStart >= 0, "no record begun")
        let length = UInt64(bytes.count - recordStart - 8)
        patch(length, at: recordStart)
        recordStart = -1
    }

    mutating func patch(_ value: UInt64, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<8 { bytes[offset + i] = raw[i] }
        }
    }

    mutating func patch(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<4 { bytes[offset + i] = raw[i] }
        }
    }

    mutating func append(_ value: UInt8) { bytes.append(value) }
    mutating func append(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

    /// Raw bytes, no length prefix (a Message's data runs to the end of the record).
    mutating func append(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }
    mutating func append(raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// A u32 length and the UTF-8 bytes.
    mutating func append(string: String) {
        var s = string
        s.withUTF8 { utf8 in
            append(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A u32 byte length, then key/value string pairs (sorted by key, so files are reproducible).
    mutating func append(map: [String: String]) {
        let lengthAt = bytes.count
        append(UInt32(0))
        for key in map.keys.sorted() {
            append(string: key)
            append(string: map[key]!)
        }
        patch(UInt32(bytes.count - lengthAt - 4), at: lengthAt)
    }
}
