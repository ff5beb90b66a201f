/// The error byte of a Dynamixel Protocol 2.0 status packet (ROBOTIS e-Manual, "Protocol 2.0",
/// Status Packet, Error): bit 7 is the alert (a hardware fault, detailed in the Hardware Error
/// Status register), bits 0–6 the number of what went wrong with the instruction.
public struct DynamixelStatusError: Equatable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A hardware fault is latched; read Hardware Error Status for which.
    public var alert: Bool { rawValue & 0x80 != 0 }
    /// 0 when the instruction was processed.
    public var number: UInt8 { rawValue & 0x7F }

    public static let resultFail: UInt8 = 0x01
    public static let instructionError: UInt8 = 0x02
    public static let crcError: UInt8 = 0x03
    public static let dataRangeError: UInt8 = 0x04
    public static let dataLengthError: UInt8 = 0x05
    public static let dataLimitError: UInt8 = 0x06
    public static let accessError: UInt8 = 0x07

    public var description: String {
        let names: [UInt8: String] = [
            0x01: "result fail", 0x02: "instruction error", 0x03: "CRC error", 0x04: "data range error",
            0x05: "data length error", 0x06: "data limit error", 0x07: "access error",
        ]
        var parts: [String] = []
        if number != 0 { parts.append(names[number] ?? "error \(number)") }
        if alert { parts.append("hardware alert") }
        return parts.isEmpty ? "no error" : parts.joined(separator: ", ")
    }
}

/// The Hardware Error Status register (address 70 on X-series) that the alert bit points to.
public struct DynamixelHardwareError: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let inputVoltage = DynamixelHardwareError(rawValue: 1 << 0)
    public static let overheating = DynamixelHardwareError(rawValue: 1 << 2)
    public static let motorEncoder = DynamixelHardwareError(rawValue: 1 << 3)
    public static let electricalShock = DynamixelHardwareError(rawValue: 1 << 4)
    public static let overload = DynamixelHardwareError(rawValue: 1 << 5)

    public var description: String {
        let names: [(DynamixelHardwareError, String)] = [
            (.inputVoltage, "input voltage"), (.overheating, "overheating"), (.motorEncoder, "motor encoder"),
            (.electricalShock, "electrical shock"), (.overload, "overload"),
        ]
        let parts = names.filter { contains($0.0) }.map(\.1)
        return parts.isEmpty ? "no hardware error" : parts.joined(separator: ", ")
    }
}
