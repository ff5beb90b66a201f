/// The CRC-16 of Dynamixel Protocol 2.0: polynomial 0x8005, initial value 0, no reflection, no
/// final XOR (CRC-16/BUYPASS), over every byte from the header to the last parameter, as sent
/// (after stuffing). The table is built from the polynomial at first use.
public enum DynamixelCRC {
    static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x8005 : crc << 1 }
        return crc
    }

    /// Folds one byte into `crc`.
    @inline(__always)
    public static func update(_ crc: UInt16, _ byte: UInt8) -> UInt16 {
        (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
    }

    /// CRC of `bytes`.
    public static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        var i = 0
        while i < bytes.count {
            crc = update(crc, bytes[i])
            i += 1
        }
        return crc
    }

    /// CRC of an array's bytes.
    public static func checksum(_ bytes: [UInt8]) -> UInt16 {
        bytes.withUnsafeBufferPointer { checksum($0) }
    }
}
