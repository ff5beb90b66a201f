/// Framing of Dynamixel Protocol 2.0 for decoding: `FF FF FD 00`, ID, little-endian length (the
/// bytes after it: instruction, parameters as sent, CRC), instruction (0x55 and an error byte for
/// a status), parameters, CRC-16 (ROBOTIS e-Manual, "Protocol 2.0").
public enum DynamixelFormat: PacketFormat {
    public static let minimumLength = 10
    public static let headerLength = 4

    public static func examine(_ bytes: UnsafeBufferPointer<UInt8>, direction: PacketDirection, maximumLength: Int) -> FrameCheck {
        var i = 0
        while i < 4 {
            if i >= bytes.count { return .incomplete(needed: minimumLength) }
            let expected: UInt8 = i < 2 ? 0xFF : i == 2 ? 0xFD : 0x00
            if bytes[i] != expected { return .invalid(PacketError(offset: i, .header(expected: expected, found: bytes[i]))) }
            i += 1
        }
        if bytes.count < 7 { return .incomplete(needed: minimumLength) }
        let id = bytes[4]
        if id == 0xFD || id == 0xFF { return .invalid(PacketError(offset: 4, .id(found: id))) }
        let length = Int(bytes[5]) | Int(bytes[6]) << 8
        if length < 3 || 7 + length > maximumLength {
            return .invalid(PacketError(offset: 5, .length(minimum: 3, maximum: maximumLength - 7, found: length)))
        }
        let total = 7 + length
        if bytes.count < 8 { return .incomplete(needed: total) }
        let instruction = bytes[7]
        if (direction == .status) != (instruction == DynamixelInstruction.status.rawValue) {
            return .invalid(PacketError(offset: 7, .instruction(expected: direction == .status ? 0x55 : 0x00, found: instruction)))
        }
        if direction == .status && length < 4 {  // a status has an error byte
            return .invalid(PacketError(offset: 5, .length(minimum: 4, maximum: maximumLength - 7, found: length)))
        }
        if bytes.count < total { return .incomplete(needed: total) }
        let computed = DynamixelCRC.checksum(UnsafeBufferPointer(rebasing: bytes[0..<(total - 2)]))
        let received = UInt16(bytes[total - 2]) | UInt16(bytes[total - 1]) << 8
        if computed != received {
            return .invalid(PacketError(offset: total - 2, .checksum(expected: computed, found: received)))
        }
        return .complete(length: total)
    }

    public static func parse(_ bytes: UnsafeMutableBufferPointer<UInt8>, direction: PacketDirection) -> PacketView {
        let end = unstuff(bytes, from: 8, to: bytes.count - 2)
        let isStatus = bytes[7] == DynamixelInstruction.status.rawValue
        let first = isStatus ? 9 : 8
        return PacketView(
            id: bytes[4], instruction: bytes[7], error: isStatus && end > 8 ? bytes[8] : 0, isStatus: isStatus,
            parameters: UnsafeBufferPointer(rebasing: UnsafeBufferPointer(bytes)[first..<max(first, end)]))
    }

    /// Removes stuffing in place from `bytes[from..<to]` (`FF FF FD FD` → `FF FF FD`) and returns
    /// the new end. The look-back uses the bytes as received, kept aside before being overwritten.
    static func unstuff(_ bytes: UnsafeMutableBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var write = from
        var read = from
        var previous1: UInt8 = bytes[from - 1]  // the instruction: never FF, so no pattern spans it
        var previous2: UInt8 = 0
        while read < to {
            let byte = bytes[read]
            let stuffed = byte == 0xFD && read + 1 < to && bytes[read + 1] == 0xFD && previous1 == 0xFF && previous2 == 0xFF
            if !stuffed {
                bytes[write] = byte
                write += 1
            }
            previous2 = previous1
            previous1 = byte
            read += 1
        }
        return write
    }
}

/// One decoded Dynamixel packet with its own copy of the parameters: for tests, tools and
/// set-up traffic. The bus cycle uses `PacketStreamDecoder<DynamixelFormat>`, which does not copy.
public struct DynamixelPacket: Equatable, Sendable {
    public var id: UInt8
    public var instruction: UInt8
    /// The error byte of a status packet; nil for an instruction packet.
    public var error: UInt8?
    public var parameters: [UInt8]

    public init(id: UInt8, instruction: UInt8, error: UInt8? = nil, parameters: [UInt8]) {
        self.id = id
        self.instruction = instruction
        self.error = error
        self.parameters = parameters
    }

    /// Decodes exactly one packet; any byte missing, extra or wrong is a `PacketError`.
    public static func decode(_ bytes: [UInt8], direction: PacketDirection) throws(PacketError) -> DynamixelPacket {
        var copy = bytes
        let check = copy.withUnsafeBufferPointer {
            DynamixelFormat.examine($0, direction: direction, maximumLength: max(bytes.count, DynamixelFormat.minimumLength))
        }
        switch check {
        case .incomplete(let needed):
            // A length field beyond the bytes given also lands here: report the shortfall.
            let announced = bytes.count >= 7 ? 7 + (Int(bytes[5]) | Int(bytes[6]) << 8) : needed
            throw PacketError(offset: bytes.count, .truncated(expected: max(needed, announced), found: bytes.count))
        case .invalid(let error):
            if case .length(_, _, let found) = error.problem, 7 + found > bytes.count, found >= 3 {
                throw PacketError(offset: bytes.count, .truncated(expected: 7 + found, found: bytes.count))
            }
            throw error
        case .complete(let length):
            if length != bytes.count {
                throw PacketError(offset: 5, .trailingBytes(expected: length, found: bytes.count))
            }
        }
        return copy.withUnsafeMutableBufferPointer { buffer in
            let view = DynamixelFormat.parse(buffer, direction: direction)
            return DynamixelPacket(id: view.id, instruction: view.instruction, error: view.isStatus ? view.error : nil,
                                   parameters: Array(view.parameters))
        }
    }
}
