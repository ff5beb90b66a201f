/// What one bus cycle costs on the wire, from the byte counts: the floor under the cycle time no
/// driver can beat at a given baud, and so the highest control rate the bus allows.
public struct BusCycleBudget: Sendable, Equatable {
    /// The sync read instruction.
    public var requestBytes: Int
    /// Every servo's status with its present block.
    public var replyBytes: Int
    /// The sync write of the goals.
    public var commandBytes: Int
    /// Return delays of all servos, ns (0 after `configure`, which writes them to 0).
    public var returnDelays: UInt64
    public var baud: Int

    public var totalBytes: Int { requestBytes + replyBytes + commandBytes }

    /// Wire time of the cycle's bytes plus the return delays, ns.
    public var wireTime: UInt64 { SerialPort.wireTime(bytes: totalBytes, baud: baud) + returnDelays }

    /// The control rate the wire allows, Hz.
    public var maximumRate: Double { 1e9 / Double(wireTime) }

    /// The controller period a loop on this bus runs at by default, ns: the wire time × 1.5 (room
    /// for the driver, the USB adapter's latency and a retry), rounded up to 0.5 ms.
    public var controllerPeriod: Int64 { Int64((Double(wireTime) * 1.5 / 5e5).rounded(.up)) * 500_000 }

    /// The same cycle at another baud.
    public func at(baud: Int) -> BusCycleBudget {
        var copy = self
        copy.baud = baud
        return copy
    }
}

extension ServoBus {
    /// The wire budget of this bus's cycle (stuffing ignored: present values rarely contain FF FF FD).
    public var cycleBudget: BusCycleBudget {
        let n = ids.count
        let feetech = table.wireProtocol == .feetech
        let instruction = feetech ? Feetech.instructionOverhead : Dynamixel.instructionOverhead
        let status = feetech ? Feetech.statusOverhead : Dynamixel.statusOverhead
        let addressAndLength = feetech ? 2 : 4
        let goal = table.goalPosition.size
        return BusCycleBudget(
            requestBytes: instruction + addressAndLength + n,
            replyBytes: n * (status + readLength),
            commandBytes: instruction + addressAndLength + n * (1 + goal),
            returnDelays: 0, baud: baud)
    }
}
