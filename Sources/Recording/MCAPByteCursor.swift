/// Reads little-endian fields from a bounded byte range, throwing a located error instead of reading
/// past the end. `offset` is the file offset of the next byte, so errors name where the file is wrong.
struct MCAPByteCursor {
    let bytes: UnsafeRawBufferPointer
    /// Index into `bytes` of the next read.
    private(set) var position: Int
    /// Index into `bytes` one past the readable range (the end of the enclosing record).
    let end: Int
    /// File offset of `bytes[0]`.
    let base: Int
    let path: String
    /// The record being read, for error messages.
    let record: String

    init(bytes: UnsafeRawBufferPointer, range: Range<Int>, base: Int = 0, path: String, record: String) {
        self.bytes = bytes
        position = range.lowerBound
        end = range.upperBound
        self.base = base
        self.path = path
        self.record = record
    }

    var remaining: Int { end - position }
    var fileOffset: Int { base + position }

    func fail(_ expected: String) -> RecordingError {
        .malformed(path: path, offset: fileOffset, record: record, expected: expected)
    }

    private mutating func take(_ count: Int, _ what: String) throws(RecordingError) -> Int {
        guard count >= 0, count <= remaining else {
            throw fail("\(what) (\(count) bytes), but the record has \(remaining) left")
        }
        defer { position += count }
        return position
    }

    mutating func u8(_ what: String) throws(RecordingError) -> UInt8 { bytes[try take(1, what)] }
    mutating func u16(_ what: String) throws(RecordingError) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(2, what), as: UInt16.self))
    }
    mutating func u32(_ what: String) throws(RecordingError) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4, what), as: UInt32.self))
    }
    mutating func u64(_ what: String) throws(RecordingError) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8, what), as: UInt64.self))
    }

    /// `count` raw bytes as a range of `bytes` (no copy).
    mutating func range(_ count: UInt64, _ what: String) throws(RecordingError) -> Range<Int> {
        guard count <= UInt64(remaining) else {
            throw fail("\(what) of \(count) bytes, but the record has \(remaining) left")
        }
        let start = try take(Int(count), what)
        return start..<(start + Int(count))
    }

    /// A u32-prefixed UTF-8 string.
    mutating func string(_ what: String) throws(RecordingError) -> String {
        let length = try u32("\(what) length")
        let r = try range(UInt64(length), what)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    /// A u32 byte length and string pairs.
    mutating func map(_ what: String) throws(RecordingError) -> [String: String] {
        let length = try u32("\(what) length")
        let r = try range(UInt64(length), what)
        var inner = MCAPByteCursor(bytes: bytes, range: r, base: base, path: path, record: record)
        var result: [String: String] = [:]
        while inner.remaining > 0 {
            let key = try inner.string("\(what) key")
            result[key] = try inner.string("\(what) value")
        }
        return result
    }
}
