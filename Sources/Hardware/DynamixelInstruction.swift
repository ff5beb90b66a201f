/// Instruction codes of Dynamixel Protocol 2.0 (ROBOTIS e-Manual, "Protocol 2.0", Instruction).
public enum DynamixelInstruction: UInt8, Sendable, CaseIterable {
    case ping = 0x01
    case read = 0x02
    case write = 0x03
    case registeredWrite = 0x04
    case action = 0x05
    case factoryReset = 0x06
    case reboot = 0x08
    case clear = 0x10
    /// Marks a status (return) packet.
    case status = 0x55
    case syncRead = 0x82
    case syncWrite = 0x83
    case fastSyncRead = 0x8A
    case bulkRead = 0x92
    case bulkWrite = 0x93
}

/// Protocol 2.0 constants.
public enum Dynamixel {
    /// Every servo acts on a broadcast; only ping, sync and bulk reads make them answer.
    public static let broadcastID: UInt8 = 0xFE
    /// `FF FF FD 00`.
    public static let header: (UInt8, UInt8, UInt8, UInt8) = (0xFF, 0xFF, 0xFD, 0x00)
    /// Bytes around the parameters of an instruction packet: header 4, ID, length 2, instruction, CRC 2.
    public static let instructionOverhead = 10
    /// Bytes around the parameters of a status packet: the above plus the error byte.
    public static let statusOverhead = 11
}
