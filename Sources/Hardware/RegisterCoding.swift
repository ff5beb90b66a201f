/// Little-endian register values and the two ways servos store signed ones.
///
/// Dynamixel registers are two's complement; Feetech STS registers are sign-magnitude with the
/// sign in a register-specific bit (bit 15 for positions and speeds, bit 11 for the homing
/// offset, bit 10 for the load), as Feetech's SDK (`SCS_TOHOST`/`SCS_TOSCS`) and memory table do.
public enum RegisterCoding {
    /// Reads a `size`-byte little-endian unsigned value (size 1, 2 or 4).
    @inline(__always)
    public static func littleEndian(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, size: Int) -> UInt32 {
        var value: UInt32 = 0
        var i = size - 1
        while i >= 0 {
            value = value << 8 | UInt32(bytes[offset + i])
            i -= 1
        }
        return value
    }

    /// Same, from an array.
    public static func littleEndian(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt32 {
        bytes.withUnsafeBufferPointer { littleEndian($0, at: offset, size: size) }
    }

    /// Appends `value` as `size` little-endian bytes.
    @inline(__always)
    public static func appendLittleEndian(_ value: UInt32, size: Int, to bytes: inout [UInt8]) {
        var i = 0
        while i < size {
            bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))))
            i += 1
        }
    }

    /// A raw register value as a signed number, two's complement over `size` bytes.
    @inline(__always)
    public static func twosComplement(_ raw: UInt32, size: Int) -> Int {
        switch size {
        case 1: Int(Int8(truncatingIfNeeded: raw))
        case 2: Int(Int16(truncatingIfNeeded: raw))
        default: Int(Int32(truncatingIfNeeded: raw))
        }
    }

    /// A signed number as a `size`-byte two's-complement raw value.
    @inline(__always)
    public static func twosComplementRaw(_ value: Int, size: Int) -> UInt32 {
        switch size {
        case 1: UInt32(UInt8(truncatingIfNeeded: value))
        case 2: UInt32(UInt16(truncatingIfNeeded: value))
        default: UInt32(truncatingIfNeeded: value)
        }
    }

    /// A raw sign-magnitude value (sign in bit `signBit`) as a signed number.
    @inline(__always)
    public static func signMagnitude(_ raw: UInt32, signBit: Int) -> Int {
        let sign = UInt32(1) << UInt32(signBit)
        let magnitude = Int(raw & (sign - 1))
        return raw & sign != 0 ? -magnitude : magnitude
    }

    /// A signed number as a sign-magnitude raw value; nil when the magnitude needs the sign bit
    /// (the register cannot store it).
    @inline(__always)
    public static func signMagnitudeRaw(_ value: Int, signBit: Int) -> UInt32? {
        let sign = UInt32(1) << UInt32(signBit)
        let magnitude = value.magnitude
        guard magnitude < UInt(sign) else { return nil }
        return value < 0 ? UInt32(magnitude) | sign : UInt32(magnitude)
    }
}
