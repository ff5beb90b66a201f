/// Builds Dynamixel Protocol 2.0 packets into a caller's buffer (ROBOTIS e-Manual, "Protocol 2.0":
/// Instruction Packet, Status Packet, Byte Stuffing, CRC).
///
/// Every function empties `packet` keeping its capacity and appends one whole packet: with a
/// buffer reserved once, the bus cycle encodes without touching the heap. Byte stuffing (an `FD`
/// after every `FF FF FD` in the instruction and parameters) is applied as bytes are appended,
/// the length field counts the stuffed bytes and the CRC covers them.
public enum DynamixelEncoder {
    // MARK: Building blocks

    /// Starts a packet: header, ID, a length placeholder, the instruction.
    @inline(__always)
    public static func begin(id: UInt8, instruction: UInt8, into packet: inout [UInt8]) {
        packet.removeAll(keepingCapacity: true)
        packet.append(0xFF)
        packet.append(0xFF)
        packet.append(0xFD)
        packet.append(0x00)
        packet.append(id)
        packet.append(0)
        packet.append(0)
        packet.append(instruction)
    }

    /// Appends one parameter byte, stuffing `FD` after `FF FF FD`.
    @inline(__always)
    public static func append(_ byte: UInt8, to packet: inout [UInt8]) {
        packet.append(byte)
        let n = packet.count
        if byte == 0xFD && n >= 10 && packet[n - 2] == 0xFF && packet[n - 3] == 0xFF {
            packet.append(0xFD)
        }
    }

    /// Appends a `size`-byte little-endian parameter value.
    @inline(__always)
    public static func append(_ value: UInt32, size: Int, to packet: inout [UInt8]) {
        var i = 0
        while i < size {
            append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))), to: &packet)
            i += 1
        }
    }

    /// Fills in the length and appends the CRC.
    @inline(__always)
    public static func finish(_ packet: inout [UInt8]) {
        let length = packet.count - 7 + 2  // instruction and parameters as sent, plus the CRC
        packet[5] = UInt8(truncatingIfNeeded: length)
        packet[6] = UInt8(truncatingIfNeeded: length >> 8)
        let crc = DynamixelCRC.checksum(packet)
        packet.append(UInt8(truncatingIfNeeded: crc))
        packet.append(UInt8(truncatingIfNeeded: crc >> 8))
    }

    // MARK: Instructions

    public static func ping(id: UInt8, into packet: inout [UInt8]) {
        begin(id: id, instruction: DynamixelInstruction.ping.rawValue, into: &packet)
        finish(&packet)
    }

    /// Reads `length` bytes from `address` of servo `id`.
    public static func read(id: UInt8, address: UInt16, length: UInt16, into packet: inout [UInt8]) {
        begin(id: id, instruction: DynamixelInstruction.read.rawValue, into: &packet)
        append(UInt32(address), size: 2, to: &packet)
        append(UInt32(length), size: 2, to: &packet)
        finish(&packet)
    }

    /// Writes `data` at `address` of servo `id`.
    public static func write(id: UInt8, address: UInt16, data: [UInt8], into packet: inout [UInt8]) {
        begin(id: id, instruction: DynamixelInstruction.write.rawValue, into: &packet)
        append(UInt32(address), size: 2, to: &packet)
        for byte in data { append(byte, to: &packet) }
        finish(&packet)
    }

    /// Writes one `size`-byte value at `address` of servo `id`.
    public static func write(id: UInt8, address: UInt16, value: UInt32, size: Int, into packet: inout [UInt8]) {
        begin(id: id, instruction: DynamixelInstruction.write.rawValue, into: &packet)
        append(UInt32(address), size: 2, to: &packet)
        append(value, size: size, to: &packet)
        finish(&packet)
    }

    /// One broadcast asking each servo in `ids` to answer with `length` bytes from `address`, in turn.
    public static func syncRead(address: UInt16, length: UInt16, ids: [UInt8], into packet: inout [UInt8]) {
        begin(id: Dynamixel.broadcastID, instruction: DynamixelInstruction.syncRead.rawValue, into: &packet)
        append(UInt32(address), size: 2, to: &packet)
        append(UInt32(length), size: 2, to: &packet)
        var i = 0
        while i < ids.count {
            append(ids[i], to: &packet)
            i += 1
        }
        finish(&packet)
    }

    /// One broadcast writing `length` bytes at `address` of each servo in `ids`; `data` holds
    /// `ids.count × length` bytes, servo after servo.
    public static func syncWrite(address: UInt16, length: UInt16, ids: [UInt8], data: [UInt8], into packet: inout [UInt8]) {
        precondition(data.count == ids.count * Int(length), "sync write: \(data.count) data bytes for \(ids.count) servos × \(length)")
        begin(id: Dynamixel.broadcastID, instruction: DynamixelInstruction.syncWrite.rawValue, into: &packet)
        append(UInt32(address), size: 2, to: &packet)
        append(UInt32(length), size: 2, to: &packet)
        var i = 0, k = 0
        while i < ids.count {
            append(ids[i], to: &packet)
            var j = 0
            while j < Int(length) {
                append(data[k], to: &packet)
                j += 1
                k += 1
            }
            i += 1
        }
        finish(&packet)
    }

    /// One servo's part of a bulk read.
    public struct BulkRead: Equatable, Sendable {
        public var id: UInt8
        public var address: UInt16
        public var length: UInt16
        public init(id: UInt8, address: UInt16, length: UInt16) {
            self.id = id
            self.address = address
            self.length = length
        }
    }

    /// One servo's part of a bulk write.
    public struct BulkWrite: Equatable, Sendable {
        public var id: UInt8
        public var address: UInt16
        public var data: [UInt8]
        public init(id: UInt8, address: UInt16, data: [UInt8]) {
            self.id = id
            self.address = address
            self.data = data
        }
    }

    /// Reads a different register range from each servo; they answer in the listed order.
    public static func bulkRead(_ reads: [BulkRead], into packet: inout [UInt8]) {
        begin(id: Dynamixel.broadcastID, instruction: DynamixelInstruction.bulkRead.rawValue, into: &packet)
        for read in reads {
            append(read.id, to: &packet)
            append(UInt32(read.address), size: 2, to: &packet)
            append(UInt32(read.length), size: 2, to: &packet)
        }
        finish(&packet)
    }

    /// Writes a different register range of each servo.
    public static func bulkWrite(_ writes: [BulkWrite], into packet: inout [UInt8]) {
        begin(id: Dynamixel.broadcastID, instruction: DynamixelInstruction.bulkWrite.rawValue, into: &packet)
        for write in writes {
            append(write.id, to: &packet)
            append(UInt32(write.address), size: 2, to: &packet)
            append(UInt32(write.data.count), size: 2, to: &packet)
            for byte in write.data { append(byte, to: &packet) }
        }
        finish(&packet)
    }

    public static func reboot(id: UInt8, into packet: inout [UInt8]) {
        begin(id: id, instruction: DynamixelInstruction.reboot.rawValue, into: &packet)
        finish(&packet)
    }

    // MARK: Status (what a servo sends; the emulator uses it)

    /// A status packet: error byte then parameters.
    public static func status(id: UInt8, error: UInt8, parameters: UnsafeBufferPointer<UInt8>, into packet: inout [UInt8]) {
        begin(id: id, instruction: DynamixelInstruction.status.rawValue, into: &packet)
        append(error, to: &packet)
        var i = 0
        while i < parameters.count {
            append(parameters[i], to: &packet)
            i += 1
        }
        finish(&packet)
    }

    public static func status(id: UInt8, error: UInt8, parameters: [UInt8], into packet: inout [UInt8]) {
        parameters.withUnsafeBufferPointer { status(id: id, error: error, parameters: $0, into: &packet) }
    }
}
