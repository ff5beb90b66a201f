/// Framing of Feetech SCS/STS packets for decoding: `FF FF`, ID, length (= parameters + 2),
/// instruction or error byte, parameters, checksum (Feetech SCS protocol manual).
public enum FeetechFormat: PacketFormat {
    public static let minimumLength = 6
    public static let headerLength = 2

    public static func examine(_ bytes: UnsafeBufferPointer<UInt8>, direction: PacketDirection, maximumLength: Int) -> FrameCheck {
        var i = 0
        while i < 2 {
            if i >= bytes.count { return .incomplete(needed: minimumLength) }
            if bytes[i] != 0xFF { return .invalid(PacketError(offset: i, .header(expected: 0xFF, found: bytes[i]))) }
            i += 1
        }
        if bytes.count < 4 { return .incomplete(needed: minimumLength) }
        let id = bytes[2]
        // 0xFF cannot be an ID (it would read as a header); a status never comes from the broadcast ID.
        if id == 0xFF || (direction == .status && id == Feetech.broadcastID) {
            return .invalid(PacketError(offset: 2, .id(found: id)))
        }
        let length = Int(bytes[3])
        if length < 2 || 4 + length > maximumLength {
            return .invalid(PacketError(offset: 3, .length(minimum: 2, maximum: min(255, maximumLength - 4), found: length)))
        }
        let total = 4 + length
        if bytes.count < 5 { return .incomplete(needed: total) }
        if direction == .status && bytes[4] & 0x80 != 0 {
            return .invalid(PacketError(offset: 4, .errorByte(found: bytes[4])))
        }
        if bytes.count < total { return .incomplete(needed: total) }
        var sum: UInt8 = 0
        i = 2
        while i < total - 1 {
            sum &+= bytes[i]
            i += 1
        }
        if ~sum != bytes[total - 1] {
            return .invalid(PacketError(offset: total - 1, .checksum(expected: UInt16(~sum), found: UInt16(bytes[total - 1]))))
        }
        return .complete(length: total)
    }

    public static func parse(_ bytes: UnsafeMutableBufferPointer<UInt8>, direction: PacketDirection) -> PacketView {
        let isStatus = direction == .status
        return PacketView(
            id: bytes[2], instruction: isStatus ? 0 : bytes[4], error: isStatus ? bytes[4] : 0, isStatus: isStatus,
            parameters: UnsafeBufferPointer(rebasing: UnsafeBufferPointer(bytes)[5..<(bytes.count - 1)]))
    }
}

/// One decoded Feetech packet with its own copy of the parameters (tests, tools, set-up traffic).
public struct FeetechPacket: Equatable, Sendable {
    public var id: UInt8
    /// The instruction; nil for a status packet.
    public var instruction: UInt8?
    /// The error bits; nil for an instruction packet.
    public var error: FeetechStatusError?
    public var parameters: [UInt8]

    public init(id: UInt8, instruction: UInt8? = nil, error: FeetechStatusError? = nil, parameters: [UInt8]) {
        self.id = id
        self.instruction = instruction
        self.error = error
        self.parameters = parameters
    }

    /// Decodes exactly one packet; a status if `direction` is `.status` (Feetech statuses carry no marker).
    public static func decode(_ bytes: [UInt8], direction: PacketDirection) throws(PacketError) -> FeetechPacket {
        var copy = bytes
        let check = copy.withUnsafeBufferPointer { FeetechFormat.examine($0, direction: direction, maximumLength: 259) }
        switch check {
        case .incomplete(let needed):
            throw PacketError(offset: bytes.count, .truncated(expected: needed, found: bytes.count))
        case .invalid(let error):
            throw error
        case .complete(let length):
            if length != bytes.count {
                throw PacketError(offset: 3, .trailingBytes(expected: length, found: bytes.count))
            }
        }
        return copy.withUnsafeMutableBufferPointer { buffer in
            let view = FeetechFormat.parse(buffer, direction: direction)
            return FeetechPacket(id: view.id, instruction: view.isStatus ? nil : view.instruction,
                                 error: view.isStatus ? FeetechStatusError(rawValue: view.error) : nil,
                                 parameters: Array(view.parameters))
        }
    }
}
