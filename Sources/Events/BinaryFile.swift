#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written with stdio (buffered, seekable to patch headers), failing with the
/// path and the system's reason.
final class BinaryOutputFile {
    let path: String
    private var handle: UnsafeMutablePointer<FILE>?
    /// Bytes written so far (the current end of the file).
    private(set) var position = 0

    init(path: String) throws(EventFileError) {
        self.path = path
        guard let handle = fopen(path, "wb") else {
            throw EventFileError(path: path, "cannot create: \(String(cString: strerror(errno)))")
        }
        self.handle = handle
    }

    deinit { if let handle { fclose(handle) } }

    func write(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) {
        guard let handle else { throw EventFileError(path: path, "already closed") }
        guard bytes.count == 0 || fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count else {
            throw EventFileError(path: path, offset: position, "write failed: \(String(cString: strerror(errno)))")
        }
        position += bytes.count
    }

    func write(_ bytes: [UInt8]) throws(EventFileError) {
        guard let handle else { throw EventFileError(path: path, "already closed") }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        guard written == bytes.count else {
            throw EventFileError(path: path, offset: position, "write failed: \(String(cString: strerror(errno)))")
        }
        position += bytes.count
    }

    /// Overwrites bytes at `offset` (before the end) and returns to the end.
    func patch(_ bytes: [UInt8], at offset: Int) throws(EventFileError) {
        guard let handle else { throw EventFileError(path: path, "already closed") }
        let ok = fseek(handle, offset, SEEK_SET) == 0
            && bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) } == bytes.count
            && fseek(handle, 0, SEEK_END) == 0
        guard ok else { throw EventFileError(path: path, offset: offset, "patching failed: \(String(cString: strerror(errno)))") }
    }

    func close() throws(EventFileError) {
        guard let handle else { return }
        self.handle = nil
        guard fclose(handle) == 0 else { throw EventFileError(path: path, "closing failed: \(String(cString: strerror(errno)))") }
    }
}

/// The whole content of a file, or an error naming it and the system's reason.
func readWholeFile(_ path: String) throws(EventFileError) -> [UInt8] {
    guard let handle = fopen(path, "rb") else {
        throw EventFileError(path: path, "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { fclose(handle) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count {
            if ferror(handle) != 0 { throw EventFileError(path: path, offset: bytes.count, "read failed: \(String(cString: strerror(errno)))") }
            return bytes
        }
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value  // low byte first: little-endian on any host
        for _ in 0..<MemoryLayout<T>.size {
            append(UInt8(truncatingIfNeeded: v))
            v = v >> 8
        }
    }

    mutating func pad(toMultipleOf alignment: Int) {
        while count % alignment != 0 { append(0) }
    }
}
