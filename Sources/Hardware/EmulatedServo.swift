import Physics

/// One servo of the emulated chain: its control-table memory, initialised to the model's factory
/// values, and how its registers meet the simulated joint it drives.
///
/// The servo's encoder reads `mount + q × ticksPerUnit` (the horn's angle when the joint is at
/// its URDF zero is `mount`, different for every unit, which is what calibration measures).
/// Present Position applies the Homing Offset as each family does: Feetech subtracts it (and
/// wraps to one turn), Dynamixel adds it. A prismatic joint is driven through a pinion of
/// `pinionRadius` metres.
final class EmulatedServo {
    let table: ControlTable
    var memory: [UInt8]
    /// Index of the driven joint in the simulator's joint order.
    let joint: Int
    let jointName: String
    /// Encoder ticks at the joint's zero.
    let mount: Double
    /// Encoder ticks per radian (revolute) or per metre (prismatic).
    let ticksPerUnit: Double
    let isPrismatic: Bool
    /// Stall torque used to scale the Feetech load register, N·m (N).
    let stallTorque: Double
    /// Metres of finger travel per radian of the servo, for prismatic joints (emulator's gearing).
    static let pinionRadius = 0.01

    /// Injected faults.
    var silent = false
    var overloaded = false

    init(table: ControlTable, id: Int, baudValue: UInt8, joint: Int, jointName: String, mount: Double,
         isPrismatic: Bool, stallTorque: Double) {
        self.table = table
        self.joint = joint
        self.jointName = jointName
        self.mount = mount
        self.isPrismatic = isPrismatic
        self.stallTorque = stallTorque
        let perRadian = Double(table.resolution) / (2 * Double.pi)
        ticksPerUnit = isPrismatic ? perRadian / Self.pinionRadius : perRadian
        memory = [UInt8](repeating: 0, count: table.memorySize)
        for (register, value) in table.factoryDefaults { set(register, value) }
        set(table.modelNumberRegister, table.modelNumber)
        if table.wireProtocol == .dynamixel2 { memory[6] = UInt8(table.firmwareVersion) }
        set(table.id, id)
        memory[table.baudRate.address] = baudValue
    }

    var id: UInt8 { memory[table.id.address] }

    /// A register's value as a number.
    func value(_ register: Register) -> Int {
        register.decode(RegisterCoding.littleEndian(memory, at: register.address, size: register.size))
    }

    /// Stores `value` (clamped to what the register holds).
    func set(_ register: Register, _ value: Int) {
        let magnitude = register.largestMagnitude
        let clamped: Int
        switch register.encoding {
        case .unsigned: clamped = min(max(value, 0), magnitude)
        default: clamped = min(max(value, -magnitude), magnitude)
        }
        var raw = register.encode(clamped) ?? 0
        for k in 0..<register.size {
            memory[register.address + k] = UInt8(truncatingIfNeeded: raw)
            raw >>= 8
        }
    }

    /// Return delay, ns.
    var returnDelay: UInt64 { UInt64(value(table.returnDelay)) * table.returnDelayUnit }

    /// The error byte of a status: Feetech bits, or the Dynamixel alert for a latched fault.
    var statusError: UInt8 {
        guard overloaded else { return 0 }
        return table.wireProtocol == .feetech ? FeetechStatusError.overload.rawValue : 0x80
    }

    // MARK: - Plant coupling

    /// Encoder ticks of the joint position `q`.
    func actualTicks(_ q: Double) -> Double { mount + q * ticksPerUnit }

    /// Present Position for joint position `q`, as the servo reports it.
    func presentPosition(_ q: Double) -> Int {
        let actual = Int(actualTicks(q).rounded())
        let offset = value(table.homingOffset)
        if table.wireProtocol == .feetech {
            let turn = table.resolution
            return ((actual - offset) % turn + turn) % turn
        }
        return actual + offset
    }

    /// The joint position that Goal Position `goal` asks for; for a revolute joint, the one of
    /// the turn-equivalent angles nearest `current` (a single-turn servo takes the short way).
    func jointTarget(goal: Int, current: Double) -> Double {
        let offset = value(table.homingOffset)
        let actual = Double(table.wireProtocol == .feetech ? goal + offset : goal - offset)
        var q = (actual - mount) / ticksPerUnit
        if table.wireProtocol == .feetech && !isPrismatic {
            let turn = 2 * Double.pi
            q += ((current - q) / turn).rounded() * turn
        }
        return q
    }

    /// Copies the plant's state into the present-value registers before a read.
    func refreshPresent(q: Double, v: Double, torque: Double) {
        set(table.presentPosition, presentPosition(q))
        let ticksPerSecond = v * ticksPerUnit
        set(table.presentVelocity, Int((ticksPerSecond * (2 * Double.pi / Double(table.resolution)) / table.velocityUnit).rounded()))
        let motorTorque = isPrismatic ? torque * Self.pinionRadius : torque
        set(table.presentCurrent, Int((motorTorque / table.torqueConstant / table.currentUnit).rounded()))
        if let load = table.presentLoad {
            set(load, Int((torque / stallTorque / table.loadUnit).rounded()))
        }
        set(table.moving, abs(ticksPerSecond) > 10 ? 1 : 0)
        if let hardware = table.hardwareErrorStatus {
            set(hardware, overloaded ? Int(DynamixelHardwareError.overload.rawValue) : 0)
        }
    }

    /// Goal position clamped to the Min/Max Position Limit registers, as the servo does.
    var clampedGoal: Int {
        let low = value(table.minPositionLimit), high = value(table.maxPositionLimit)
        let goal = value(table.goalPosition)
        return low < high ? min(max(goal, low), high) : goal
    }

    // MARK: - Writes

    /// The Dynamixel error number for writing `count` bytes at `address` (0: allowed). Feetech
    /// servos accept any write and ignore read-only bytes.
    func writeError(address: Int, count: Int) -> UInt8 {
        guard count > 0, address >= 0, address + count <= table.memorySize else { return DynamixelStatusError.accessError }
        guard table.wireProtocol == .dynamixel2 else { return 0 }
        if value(table.torqueEnable) != 0 && address < table.torqueEnable.address {
            return DynamixelStatusError.accessError  // EEPROM is locked while the torque is on
        }
        let readOnly = [table.modelNumberRegister, table.presentPosition, table.presentVelocity, table.presentCurrent,
                        table.presentVoltage, table.presentTemperature, table.moving] + (table.hardwareErrorStatus.map { [$0] } ?? [])
        for register in readOnly where address < register.address + register.size && register.address < address + count {
            return DynamixelStatusError.accessError
        }
        return 0
    }

    /// Stores bytes written by the host; returns whether Torque Enable changed.
    func store(_ bytes: UnsafeBufferPointer<UInt8>, at address: Int) -> Bool {
        let torqueBefore = value(table.torqueEnable)
        let readOnly = table.wireProtocol == .feetech
            ? [table.modelNumberRegister, table.presentPosition, table.presentVelocity, table.presentLoad!, table.presentCurrent,
               table.presentVoltage, table.presentTemperature, table.moving] : []
        for k in 0..<bytes.count where address + k < memory.count {
            let a = address + k
            if readOnly.contains(where: { a >= $0.address && a < $0.address + $0.size }) { continue }
            memory[a] = bytes[k]
        }
        if overloaded { set(table.torqueEnable, 0) }  // a latched overload keeps the torque off
        return value(table.torqueEnable) != torqueBefore
    }
}
