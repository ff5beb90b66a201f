/// Bounds-checked reading of one FlatBuffers table inside a file's bytes, just enough for the
/// AEDAT4 schemas (IOHeader, EventPacket, FileDataTable). Every read checks the file's length,
/// so a truncated or corrupt file becomes an `EventFileError` naming the byte, never a crash.
///
/// FlatBuffers layout: a table starts with an `int32` distance back to its vtable; the vtable
/// holds `uint16` sizes and, per field, the field's offset in the table (0 = absent). Strings and
/// vectors are reached through a `uint32` offset relative to the field's own position.
struct FlatBufferTable {
    let bytes: UnsafeRawBufferPointer
    let path: String
    /// Position of the table in `bytes` (also a file offset: `bytes` is the whole file).
    let position: Int
    let vtable: Int
    let vtableSize: Int

    /// The table that the `uint32` root offset at `root` points to; `what` names it in errors.
    init(bytes: UnsafeRawBufferPointer, path: String, root: Int, end: Int, what: String) throws(EventFileError) {
        self.bytes = bytes
        self.path = path
        let offset = Int(try readUInt32(bytes, at: root, end: end, path: path, what: "the \(what) root offset"))
        position = root + offset
        guard offset >= 4, position + 4 <= end else {
            throw EventFileError(path: path, offset: root, "expected the \(what) root offset to point inside the buffer, found \(offset)")
        }
        let back = Int(Int32(bitPattern: try readUInt32(bytes, at: position, end: end, path: path, what: "the \(what) vtable offset")))
        vtable = position - back
        guard vtable >= 0, vtable + 4 <= end else {
            throw EventFileError(path: path, offset: position, "expected the \(what) vtable inside the buffer, found offset \(back)")
        }
        vtableSize = Int(try readUInt16(bytes, at: vtable, end: end, path: path, what: "the \(what) vtable size"))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtable + vtableSize <= end else {
            throw EventFileError(path: path, offset: vtable, "expected a \(what) vtable size that fits the buffer, found \(vtableSize)")
        }
    }

    /// File position of field `index`, or nil when the field is absent.
    func field(_ index: Int) -> Int? {
        let entry = 4 + 2 * index
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(bytes.loadUnaligned(fromByteOffset: vtable + entry, as: UInt16.self).littleEndian)
        return offset == 0 ? nil : position + offset
    }

    /// The position of the data a `uint32` offset field points to (a string or vector).
    func indirect(_ index: Int, end: Int, what: String) throws(EventFileError) -> Int? {
        guard let at = field(index) else { return nil }
        let offset = Int(try readUInt32(bytes, at: at, end: end, path: path, what: what))
        guard at + offset + 4 <= end else {
            throw EventFileError(path: path, offset: at, "expected \(what) to point inside the buffer, found offset \(offset)")
        }
        return at + offset
    }
}

func readUInt16(_ bytes: UnsafeRawBufferPointer, at position: Int, end: Int, path: String, what: String) throws(EventFileError) -> UInt16 {
    guard position >= 0, position + 2 <= end else {
        throw EventFileError(path: path, offset: position, "expected \(what) (2 bytes), found the end of the data")
    }
    return bytes.loadUnaligned(fromByteOffset: position, as: UInt16.self).littleEndian
}

func readUInt32(_ bytes: UnsafeRawBufferPointer, at position: Int, end: Int, path: String, what: String) throws(EventFileError) -> UInt32 {
    guard position >= 0, position + 4 <= end else {
        throw EventFileError(path: path, offset: position, "expected \(what) (4 bytes), found the end of the data")
    }
    return bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian
}

func readInt64(_ bytes: UnsafeRawBufferPointer, at position: Int, end: Int, path: String, what: String) throws(EventFileError) -> Int64 {
    guard position >= 0, position + 8 <= end else {
        throw EventFileError(path: path, offset: position, "expected \(what) (8 bytes), found the end of the data")
    }
    return bytes.loadUnaligned(fromByteOffset: position, as: Int64.self).littleEndian
}
