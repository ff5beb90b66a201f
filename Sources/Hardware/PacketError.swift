/// A packet that does not decode, with the byte offset (from the packet's first header byte)
/// and what was expected there: `byte 12: expected CRC 0x1D15, found 0x1D16`.
///
/// Plain integers inside, so the bus can throw and count rejected packets without allocating.
public struct PacketError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// A header byte differs from the protocol's fixed header.
        case header(expected: UInt8, found: UInt8)
        /// An ID no servo or broadcast can have (e.g. 0xFF).
        case id(found: UInt8)
        /// The length field is below the protocol's minimum or above the decoder's capacity.
        case length(minimum: Int, maximum: Int, found: Int)
        /// Fewer bytes than the length field announces.
        case truncated(expected: Int, found: Int)
        /// More bytes than the length field announces (a one-shot decode got extra bytes).
        case trailingBytes(expected: Int, found: Int)
        /// The CRC (Dynamixel) or checksum (Feetech) does not match the packet.
        case checksum(expected: UInt16, found: UInt16)
        /// A status packet was expected (instruction 0x55 on Dynamixel) or an instruction one.
        case instruction(expected: UInt8, found: UInt8)
        /// The error byte of a Feetech status has its reserved top bit set.
        case errorByte(found: UInt8)
    }

    /// Byte offset from the start of the packet.
    public var offset: Int
    public var problem: Problem

    public init(offset: Int, _ problem: Problem) {
        self.offset = offset
        self.problem = problem
    }

    public var description: String {
        let what: String
        switch problem {
        case .header(let expected, let found): what = "expected header byte \(hex(expected)), found \(hex(found))"
        case .id(let found): what = "expected a servo ID or the broadcast ID, found \(hex(found))"
        case .length(let minimum, let maximum, let found): what = "expected a length field of \(minimum)...\(maximum), found \(found)"
        case .truncated(let expected, let found): what = "packet truncated: expected \(expected) bytes, found \(found)"
        case .trailingBytes(let expected, let found): what = "length field announces \(expected) bytes, found \(found)"
        case .checksum(let expected, let found):
            what = expected > 0xFF || found > 0xFF
                ? "expected CRC \(hex16(expected)), found \(hex16(found))" : "expected checksum \(hex(UInt8(expected))), found \(hex(UInt8(found)))"
        case .instruction(let expected, let found): what = "expected instruction \(hex(expected)), found \(hex(found))"
        case .errorByte(let found): what = "expected an error byte below 0x80, found \(hex(found))"
        }
        return "byte \(offset): \(what)"
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count < 2 ? "0" : "") + digits
}

func hex16(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
}

/// The outcome of examining bytes that start with a packet header.
public enum FrameCheck: Equatable, Sendable {
    /// At least `needed` bytes in total are required before the packet can be judged.
    case incomplete(needed: Int)
    case invalid(PacketError)
    /// A whole, checked packet of `length` bytes.
    case complete(length: Int)
}
