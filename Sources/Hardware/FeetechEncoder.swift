/// Builds Feetech SCS/STS packets into a caller's buffer: `FF FF`, ID, length (parameters + 2),
/// instruction, parameters, checksum `~(ID + length + instruction + parameters)` (Feetech SCS
/// protocol manual). No stuffing: the protocol has none, which is why decoders must resynchronise
/// on the checksum.
///
/// Every function empties `packet` keeping its capacity and appends one whole packet.
public enum FeetechEncoder {
    @inline(__always)
    public static func begin(id: UInt8, instruction: UInt8, into packet: inout [UInt8]) {
        packet.removeAll(keepingCapacity: true)
        packet.append(0xFF)
        packet.append(0xFF)
        packet.append(id)
        packet.append(0)
        packet.append(instruction)
    }

    @inline(__always)
    public static func append(_ byte: UInt8, to packet: inout [UInt8]) {
        packet.append(byte)
    }

    /// Appends a `size`-byte little-endian value (STS byte order; SCS servos are big-endian).
    @inline(__always)
    public static func append(_ value: UInt32, size: Int, to packet: inout [UInt8]) {
        var i = 0
        while i < size {
            packet.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))))
            i += 1
        }
    }

    /// Fills in the length and appends the checksum.
    @inline(__always)
    public static func finish(_ packet: inout [UInt8]) {
        packet[3] = UInt8(truncatingIfNeeded: packet.count - 5 + 2)
        var sum: UInt8 = 0
        var i = 2
        while i < packet.count {
            sum &+= packet[i]
            i += 1
        }
        packet.append(~sum)
    }

    public static func ping(id: UInt8, into packet: inout [UInt8]) {
        begin(id: id, instruction: FeetechInstruction.ping.rawValue, into: &packet)
        finish(&packet)
    }

    public static func read(id: UInt8, address: UInt8, length: UInt8, into packet: inout [UInt8]) {
        begin(id: id, instruction: FeetechInstruction.read.rawValue, into: &packet)
        packet.append(address)
        packet.append(length)
        finish(&packet)
    }

    public static func write(id: UInt8, address: UInt8, data: [UInt8], into packet: inout [UInt8]) {
        begin(id: id, instruction: FeetechInstruction.write.rawValue, into: &packet)
        packet.append(address)
        packet.append(contentsOf: data)
        finish(&packet)
    }

    public static func write(id: UInt8, address: UInt8, value: UInt32, size: Int, into packet: inout [UInt8]) {
        begin(id: id, instruction: FeetechInstruction.write.rawValue, into: &packet)
        packet.append(address)
        append(value, size: size, to: &packet)
        finish(&packet)
    }

    /// Asks each servo in `ids` for `length` bytes from `address`; they answer in turn.
    public static func syncRead(address: UInt8, length: UInt8, ids: [UInt8], into packet: inout [UInt8]) {
        begin(id: Feetech.broadcastID, instruction: FeetechInstruction.syncRead.rawValue, into: &packet)
        packet.append(address)
        packet.append(length)
        var i = 0
        while i < ids.count {
            packet.append(ids[i])
            i += 1
        }
        finish(&packet)
    }

    /// Writes `length` bytes at `address` of each servo; `data` holds `ids.count × length` bytes.
    public static func syncWrite(address: UInt8, length: UInt8, ids: [UInt8], data: [UInt8], into packet: inout [UInt8]) {
        precondition(data.count == ids.count * Int(length), "sync write: \(data.count) data bytes for \(ids.count) servos × \(length)")
        begin(id: Feetech.broadcastID, instruction: FeetechInstruction.syncWrite.rawValue, into: &packet)
        packet.append(address)
        packet.append(length)
        var i = 0, k = 0
        while i < ids.count {
            packet.append(ids[i])
            var j = 0
            while j < Int(length) {
                packet.append(data[k])
                j += 1
                k += 1
            }
            i += 1
        }
        finish(&packet)
    }

    /// A status packet (what a servo sends; the emulator uses it).
    public static func status(id: UInt8, error: UInt8, parameters: UnsafeBufferPointer<UInt8>, into packet: inout [UInt8]) {
        begin(id: id, instruction: error, into: &packet)
        var i = 0
        while i < parameters.count {
            packet.append(parameters[i])
            i += 1
        }
        finish(&packet)
    }

    public static func status(id: UInt8, error: UInt8, parameters: [UInt8], into packet: inout [UInt8]) {
        parameters.withUnsafeBufferPointer { status(id: id, error: error, parameters: $0, into: &packet) }
    }
}
