/// CRC-32 (ISO-HDLC: reflected polynomial 0xEDB88320, as zlib's `crc32`), which MCAP uses for chunk
/// contents, the data section and the summary.
///
/// Why our own: the package has no zlib binding, and the checksum runs over every byte the recorder
/// writes (twice per chunk), so it uses slicing-by-8 tables instead of the byte-at-a-time loop.
public struct CRC32: Sendable {
    /// The checksum of everything fed so far.
    public private(set) var value: UInt32 = 0

    public init() {}

    /// Continues a checksum whose value so far is `value` (e.g. over a file prefix read earlier).
    public init(resuming value: UInt32) { self.value = value }

    /// The checksum of `bytes` alone.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The checksum of `bytes` alone.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    /// Continues the checksum over `bytes` (the result equals one checksum over all pieces in order).
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = ~value
        let tables = CRC32Tables.shared
        tables.withUnsafeBufferPointer { t in
            var p = 0
            let n = bytes.count
            while n - p >= 8 {
                let one = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: p, as: UInt32.self)) ^ crc
                let two = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: p + 4, as: UInt32.self))
                crc = t[7 * 256 + Int(one & 0xff)] ^ t[6 * 256 + Int((one >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((one >> 16) & 0xff)] ^ t[4 * 256 + Int(one >> 24)]
                    ^ t[3 * 256 + Int(two & 0xff)] ^ t[2 * 256 + Int((two >> 8) & 0xff)]
                    ^ t[1 * 256 + Int((two >> 16) & 0xff)] ^ t[Int(two >> 24)]
                p += 8
            }
            while p < n {
                crc = t[Int((crc ^ UInt32(bytes[p])) & 0xff)] ^ (crc >> 8)
                p += 1
            }
        }
        value = ~crc
    }

    /// Continues the checksum over `bytes`.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }
}

/// The eight 256-entry tables of slicing-by-8, built once.
private enum CRC32Tables {
    static let shared: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (0xEDB8_8320 ^ (c >> 1)) : (c >> 1) }
            table[i] = c
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = table[(k - 1) * 256 + i]
                table[k * 256 + i] = (previous >> 8) ^ table[Int(previous & 0xff)]
            }
        }
        return table
    }()
}
