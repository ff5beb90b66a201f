/// Instruction codes of the Feetech SCS/STS protocol (Feetech "SCS communication protocol" and the
/// SMS/STS user manual; the same codes as the official `scservo_sdk`).
public enum FeetechInstruction: UInt8, Sendable, CaseIterable {
    case ping = 0x01
    case read = 0x02
    case write = 0x03
    case registeredWrite = 0x04
    case action = 0x05
    case reset = 0x06
    case syncRead = 0x82
    case syncWrite = 0x83
}

/// Feetech protocol constants.
public enum Feetech {
    public static let broadcastID: UInt8 = 0xFE
    /// Bytes around the parameters of an instruction packet: `FF FF`, ID, length, instruction, checksum.
    public static let instructionOverhead = 6
    /// Bytes around the parameters of a status packet: `FF FF`, ID, length, error, checksum.
    public static let statusOverhead = 6
}

/// The error byte of a Feetech status packet: one bit per fault (Feetech memory table, "Status"
/// register 65, and the SDK's `ERRBIT_*`).
public struct FeetechStatusError: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let voltage = FeetechStatusError(rawValue: 1 << 0)
    public static let angleSensor = FeetechStatusError(rawValue: 1 << 1)
    public static let overheat = FeetechStatusError(rawValue: 1 << 2)
    public static let overCurrent = FeetechStatusError(rawValue: 1 << 3)
    public static let overload = FeetechStatusError(rawValue: 1 << 5)

    static let names: [(FeetechStatusError, String)] = [
        (.voltage, "input voltage"), (.angleSensor, "angle sensor"), (.overheat, "overheat"),
        (.overCurrent, "over-current"), (.overload, "overload"),
    ]

    /// `overheat, overload`; unknown bits as `bit 4`.
    public var description: String {
        var parts = Self.names.filter { contains($0.0) }.map(\.1)
        let known = Self.names.reduce(UInt8(0)) { $0 | $1.0.rawValue }
        var bit = 0
        while bit < 8 {
            if rawValue & ~known & (1 << bit) != 0 { parts.append("bit \(bit)") }
            bit += 1
        }
        return parts.isEmpty ? "no error" : parts.joined(separator: ", ")
    }
}
