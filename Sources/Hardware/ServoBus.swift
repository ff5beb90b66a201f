import Control
import RobotModel
import Safety

/// A chain of Feetech STS or Dynamixel 2.0 servos behind the `RobotInterface` contract.
///
/// Each control cycle is one sync read (`read`) and one sync write (`write`), encoded into
/// buffers reserved at `init` and decoded in place: the cycle allocates nothing. Each exchange
/// waits as long as its bytes take on the wire at the bus's baud, plus the servos' return delays
/// and an adapter allowance (`BusTiming`); servos that did not answer, or answered garbled, are
/// asked again within the cycle's retry budget (every retry counted in `statistics`). A servo
/// silent past `silenceLimit`, a servo reporting a fault (overload, overheat, voltage…), or the
/// port vanishing moves the bus to `.error("servo 3 (elbow_flex): overload")` and throws.
///
/// Position mode only: every joint is driven by its servo's own position loop, goals converted
/// to ticks through the unit's calibration (`JointMapping`).
public final class ServoBus: RobotInterface {
    public let configuration: RobotConfiguration
    public let portPath: String
    public let baud: Int
    public let timing: BusTiming
    public let jointNames: [String]
    public let commandModes: [CommandModes]
    public private(set) var lifecycle: RobotLifecycle = .unconfigured
    /// Counters for the run summary.
    public private(set) var statistics = Statistics()
    /// Present Position of each servo at the last read, raw ticks (calibration reads these).
    public var rawPositions: [Int] { ticks }

    public struct Statistics: Sendable, Equatable {
        /// Sync read + sync write cycles completed.
        public var cycles = 0
        /// Sync reads re-sent for missing or garbled answers.
        public var retries = 0
        /// Status packets that failed their checksum or framing.
        public var corruptedPackets = 0
        /// Exchanges where some servo never answered within the deadline.
        public var timeouts = 0
        /// Statuses that passed their checksum but moved a joint faster than it can move: the
        /// Feetech checksum is 8 bits, so about 1 in 256 garbled packets passes it.
        public var implausibleReadings = 0

        public init() {}

        /// Adds another run's counts (a summary over episodes).
        public mutating func add(_ other: Statistics) {
            cycles += other.cycles
            retries += other.retries
            corruptedPackets += other.corruptedPackets
            timeouts += other.timeouts
            implausibleReadings += other.implausibleReadings
        }
    }

    let table: ControlTable
    let ids: [UInt8]
    let mappings: [JointMapping]
    /// Per joint, seconds of lead: kd/kp of its position servo (robot.toml), 0 for others. A
    /// servo takes no velocity reference, so the goal is the command's position plus lead × its
    /// velocity; the servo's proportional term then supplies what its damping term would with
    /// one, kp (q* + q̇* kd/kp − q) − kd q̇ = kp (q* − q) + kd (q̇* − q̇), the torque the simulator's
    /// servo gives the same command. Without it the servo damps toward rest and the arm trails
    /// the reference on every move.
    let velocityLead: [Double]
    let calibration: Calibration
    private var port: SerialPort?
    private let feetechDecoder = PacketStreamDecoder<FeetechFormat>(direction: .status)
    private let dynamixelDecoder = PacketStreamDecoder<DynamixelFormat>(direction: .status)
    // Hot-path buffers, sized once.
    private var packet: [UInt8] = []
    private var writeData: [UInt8] = []
    private var pendingIDs: [UInt8] = []
    private var received: [Bool]
    private var lastSeen: [UInt64]
    /// Whole cycles each servo has missed in a row; statuses in a row with error bits.
    private var missedCycles: [Int]
    private var errorStreak: [Int]
    private var ticks: [Int]
    private var velocityRaw: [Int]
    private var effortRaw: [Int]
    private var torqueOn = false
    /// Per servo: the most a reading may move, in ticks, per nanosecond since the servo was last
    /// heard (three times its velocity limit) and regardless of time (0.01 rad or m and 5 ticks:
    /// noise, backlash). Tighter than the supervisor's encoder-jump threshold, so a garbled status
    /// is asked again here rather than stopping the arm there.
    private let plausibleTicksPerNanosecond: [Double]
    private let plausibleSlackTicks: [Double]
    /// When the current sync read went out, monotonic ns.
    private var exchangeStart: UInt64 = 0
    /// When the bytes already handed to the port will have left it, monotonic ns: a write
    /// returns as soon as the driver queued it, but the wire carries it for its full wire time,
    /// and an answer cannot start before that.
    private var wireFreeAt: UInt64 = 0
    /// The block every cycle reads: Feetech position, speed, load (56, 6 bytes); Dynamixel
    /// current, velocity, position (126, 10 bytes).
    let readAddress: Int
    let readLength: Int
    /// `timing.silenceLimit`, or three cycles' wire time at a slow baud (where one retry alone
    /// takes longer than the limit).
    private lazy var silenceLimit: UInt64 = max(timing.silenceLimit, 3 * cycleBudget.wireTime)
    private lazy var retryWindow: UInt64 = max(timing.retryWindow, 2 * cycleBudget.wireTime)

    /// A bus for `configuration`'s servos on `port`, converting through `calibration` (checked
    /// against the configuration here: a wrong or unstorable calibration never reaches a servo).
    /// `model` is the robot's URDF model (joint types and limits); `baud` overrides robot.toml's.
    public init(configuration: RobotConfiguration, model: Model, port: String, calibration: Calibration,
                baud: Int? = nil, timing: BusTiming = BusTiming()) throws {
        guard configuration.bus.kind != .none else {
            throw RobotInterfaceError("\(configuration.file): [bus] type is \"none\"; a simulated robot has no servo bus")
        }
        try calibration.validate(against: configuration)
        var tables: [ControlTable] = []
        var mappings: [JointMapping] = []
        for joint in configuration.joints {
            let table: ControlTable
            switch ControlTable.forJoint(joint, in: configuration.file) {
            case .success(let found): table = found
            case .failure(let error): throw RobotInterfaceError(error.description)
            }
            guard let index = model.jointIndex(named: joint.name) else {
                throw RobotInterfaceError("the model has no joint \"\(joint.name)\"")
            }
            tables.append(table)
            mappings.append(JointMapping(
                calibration: calibration.joints[joint.name]!, table: table, isPrismatic: model.jointInfo[index].type == .prismatic,
                lower: joint.limits.lower, upper: joint.limits.upper, stallTorque: joint.maxTorque))
        }
        guard let table = tables.first, tables.allSatisfy({ $0.model == table.model }) else {
            throw RobotInterfaceError("\(configuration.file): one servo model per bus is supported, found \(Set(tables.map(\.model)).sorted())")
        }
        self.configuration = configuration
        self.table = table
        self.calibration = calibration
        self.mappings = mappings
        velocityLead = configuration.joints.map { $0.actuator == .positionServo && $0.kp > 0 ? $0.kd / $0.kp : 0 }
        self.timing = timing
        portPath = port
        self.baud = baud ?? configuration.bus.baud ?? 1_000_000
        plausibleTicksPerNanosecond = zip(configuration.joints, mappings).map { joint, mapping in
            3 * joint.limits.velocity / mapping.unitsPerTick * 1e-9
        }
        plausibleSlackTicks = mappings.map { 0.01 / $0.unitsPerTick + 5 }
        jointNames = configuration.joints.map(\.name)
        commandModes = configuration.joints.map { _ in .position }
        ids = configuration.joints.map { UInt8($0.servoID ?? 0) }
        let n = ids.count
        received = Array(repeating: false, count: n)
        lastSeen = Array(repeating: 0, count: n)
        missedCycles = Array(repeating: 0, count: n)
        errorStreak = Array(repeating: 0, count: n)
        ticks = Array(repeating: 0, count: n)
        velocityRaw = Array(repeating: 0, count: n)
        effortRaw = Array(repeating: 0, count: n)
        packet.reserveCapacity(1024)
        writeData.reserveCapacity(4 * n)
        pendingIDs.reserveCapacity(n)
        if table.wireProtocol == .feetech {
            readAddress = table.presentPosition.address
            readLength = table.presentLoad!.address + table.presentLoad!.size - table.presentPosition.address
        } else {
            readAddress = table.presentCurrent.address
            readLength = table.presentPosition.address + table.presentPosition.size - table.presentCurrent.address
        }
    }

    deinit { port?.close() }

    // MARK: - Lifecycle

    /// Opens the port, finds every servo (ping, model number), switches their torque off and
    /// writes the set-up: return delay 0, position mode, homing offset and position limits from
    /// the calibration, and robot.toml's servo gains.
    public func configure() throws {
        do {
            if port == nil { port = try SerialPort(path: portPath, baud: baud) }
            for i in ids.indices {
                let model = try readRegister(i, table.modelNumberRegister)
                guard model == table.modelNumber else {
                    throw RobotInterfaceError("\(servoName(i)): model number \(model), expected \(table.modelNumber) (\(table.model))")
                }
            }
            for i in ids.indices {
                let joint = configuration.joints[i]
                let entry = calibration.joints[joint.name]!
                try writeRegister(i, table.torqueEnable, 0)
                if table.wireProtocol == .feetech {
                    try writeRegister(i, Register(55, 1, area: .ram), 0)  // Lock off: EEPROM writes persist
                }
                try writeRegister(i, table.returnDelay, 0)
                try writeRegister(i, table.operatingMode, table.positionMode)
                try writeRegister(i, table.homingOffset, entry.homingOffset)
                try writeRegister(i, table.minPositionLimit, entry.rangeMin)
                try writeRegister(i, table.maxPositionLimit, entry.rangeMax)
                if let gains = joint.servoGains {
                    try writeRegister(i, table.positionP, gains.p)
                    try writeRegister(i, table.positionI, gains.i)
                    try writeRegister(i, table.positionD, gains.d)
                }
                let stored = try readRegister(i, table.homingOffset)
                guard stored == entry.homingOffset else {
                    throw RobotInterfaceError("\(servoName(i)): homing offset reads back \(stored), wrote \(entry.homingOffset)")
                }
            }
            torqueOn = false
            lifecycle = .inactive
        } catch let error as SerialPortError {
            port?.close()
            port = nil
            lifecycle = .error(error.description)
            throw error
        } catch {
            lifecycle = .error("\(error)")
            throw error
        }
    }

    /// Reads where the arm is, makes that every servo's goal, then switches the torque on: the
    /// arm starts holding its measured pose, never a stale goal.
    public func activate() throws {
        guard lifecycle == .inactive else { throw RobotInterfaceError("activate from \(lifecycle), expected inactive") }
        var state = JointState(joints: ids.count)
        try cycleRead(into: &state)
        try holdMeasured()
        try syncWriteAll(table.torqueEnable, 1)
        torqueOn = true
        lifecycle = .active
    }

    /// Stops taking commands; the servos hold their last measured positions with the torque on.
    public func deactivate() {
        guard lifecycle == .active else { return }
        try? holdMeasured()
        lifecycle = .inactive
    }

    /// Switches every servo's torque off and closes the port.
    public func disconnect() {
        if port != nil { try? syncWriteAll(table.torqueEnable, 0) }
        port?.close()
        port = nil
        torqueOn = false
        lifecycle = .unconfigured
    }

    // MARK: - The cycle

    public func read(into state: inout JointState) throws {
        guard lifecycle == .inactive || lifecycle == .active else {
            throw RobotInterfaceError("read while \(lifecycle)")
        }
        try cycleRead(into: &state)
    }

    public func write(_ command: SafeCommand) throws {
        // In the error state only the supervisor's stop gets through: braking or holding goals to
        // the servos that still answer, then torque off (category 1).
        guard lifecycle == .active || (isError && (command.stopping || !command.torqueEnabled)) else {
            throw RobotInterfaceError("write while \(lifecycle): commands need an active interface")
        }
        guard command.count == ids.count else { throw RobotInterfaceError("\(command.count) targets for \(ids.count) joints") }
        do {
            if !command.torqueEnabled {
                if torqueOn {
                    try syncWriteAll(table.torqueEnable, 0)
                    torqueOn = false
                }
                return
            }
            if !torqueOn {  // after a stop: hold where the arm came to rest, then power up
                guard !isError else { return }  // no power-up while faulted
                try holdMeasured()
                try syncWriteAll(table.torqueEnable, 1)
                torqueOn = true
            }
            let size = table.goalPosition.size
            writeData.removeAll(keepingCapacity: true)
            var i = 0
            while i < command.count {
                guard command.mode(i) == .position else {
                    throw RobotInterfaceError("joint \"\(jointNames[i])\" does not accept mode \(command.mode(i).rawValue): the bus drives positions")
                }
                let goal = mappings[i].ticks(position: command[i].position + velocityLead[i] * command[i].velocity)
                RegisterCoding.appendLittleEndian(table.goalPosition.encode(goal) ?? 0, size: size, to: &writeData)
                i += 1
            }
            try sendSyncWrite(address: table.goalPosition.address, length: size)
            statistics.cycles += 1
        } catch let error as SerialPortError {
            fail(error.description)
            throw error
        }
    }

    private var isError: Bool {
        if case .error = lifecycle { return true }
        return false
    }

    private func fail(_ message: String) {
        lifecycle = .error(message)
    }

    /// One sync read of the present block from every servo, retried for the missing within the
    /// budget; fills `state` in SI units.
    private func cycleRead(into state: inout JointState) throws {
        guard let port else { throw RobotInterfaceError("the bus is not configured") }
        let n = ids.count
        var i = 0
        while i < n {
            received[i] = false
            i += 1
        }
        pendingIDs.removeAll(keepingCapacity: true)
        pendingIDs.append(contentsOf: ids)
        var attempt = 0
        let cycleStart = monotonicNanoseconds()
        do {
            while true {
                try exchangeSyncRead(port)
                pendingIDs.removeAll(keepingCapacity: true)
                i = 0
                while i < n {
                    if !received[i] { pendingIDs.append(ids[i]) }
                    i += 1
                }
                if pendingIDs.isEmpty || attempt >= timing.retriesPerCycle
                    || monotonicNanoseconds() - cycleStart > retryWindow { break }
                attempt += 1
                statistics.retries += 1
                try settle(port)
            }
        } catch let error as SerialPortError {
            fail(error.description)
            throw error
        }
        let now = monotonicNanoseconds()
        state.time = Int64(now)
        var silent = -1
        i = 0
        while i < n {
            if received[i] {
                lastSeen[i] = now
                missedCycles[i] = 0
            } else if lastSeen[i] == 0 {
                silent = silent < 0 ? i : silent  // never answered
            } else {
                missedCycles[i] += 1
                if silent < 0 && now - lastSeen[i] > silenceLimit && missedCycles[i] >= timing.silentCycles {
                    silent = i  // quiet for too long
                }
            }
            state.position[i] = mappings[i].position(ticks: ticks[i])
            state.velocity[i] = Double(velocityRaw[i]) * mappings[i].velocityScale
            state.effort[i] = Double(effortRaw[i]) * mappings[i].effortScale
            i += 1
        }
        if silent >= 0 {
            let message = lastSeen[silent] == 0
                ? "\(servoName(silent)): no answer on \(portPath) at \(baud) bit/s"
                : "\(servoName(silent)): no answer for \(Int((Double(now - lastSeen[silent]) / 1e6).rounded())) ms"
            fail(message)
            throw RobotInterfaceError(message)
        }
    }

    /// Sends one sync read for `pendingIDs` and collects the statuses until all arrived or the
    /// wire-sized deadline passed.
    private func exchangeSyncRead(_ port: SerialPort) throws {
        let expected = pendingIDs.count
        if table.wireProtocol == .feetech {
            FeetechEncoder.syncRead(address: UInt8(readAddress), length: UInt8(readLength), ids: pendingIDs, into: &packet)
        } else {
            DynamixelEncoder.syncRead(address: UInt16(readAddress), length: UInt16(readLength), ids: pendingIDs, into: &packet)
        }
        let overhead = table.wireProtocol == .feetech ? Feetech.statusOverhead : Dynamixel.statusOverhead
        let replyBytes = expected * (overhead + readLength)
        feetechDecoder.reset()
        dynamixelDecoder.reset()
        port.discardInput()
        try send(port)
        exchangeStart = monotonicNanoseconds()
        let deadline = wireFreeAt + port.wireTime(bytes: replyBytes) + timing.latencyAllowance
        var got = 0, arrived = 0
        var faulted = -1
        var fault: UInt8 = 0
        while got < expected {
            // Every byte of the answers has come, but some answer did not decode (garbled):
            // waiting out the deadline would only delay the retry.
            if arrived >= replyBytes { break }
            let space = table.wireProtocol == .feetech ? feetechDecoder.freeSpace() : dynamixelDecoder.freeSpace()
            let n = try port.read(into: space, atLeast: 1, deadline: deadline)
            if n == 0 {
                statistics.timeouts += 1
                break
            }
            arrived += n
            if table.wireProtocol == .feetech {
                drain(feetechDecoder, committing: n, got: &got, faulted: &faulted, fault: &fault)
            } else {
                drain(dynamixelDecoder, committing: n, got: &got, faulted: &faulted, fault: &fault)
            }
        }
        if faulted >= 0 { try reportFault(servo: faulted, error: fault) }
    }

    /// Takes every complete status `decoder` holds once `n` new bytes are committed: corrupted
    /// packets are counted, awaited statuses stored (`got`), and the first servo error kept.
    private func drain<Format: PacketFormat>(_ decoder: PacketStreamDecoder<Format>, committing n: Int,
                                             got: inout Int, faulted: inout Int, fault: inout UInt8) {
        decoder.commit(n)
        while true {
            let view: PacketView?
            do { view = try decoder.next() } catch {
                statistics.corruptedPackets += 1
                continue
            }
            guard let view else { return }
            if let i = accept(view) {
                got += 1
                // A real servo fault is in every status it sends; one status with error bits that
                // passed its checksum may be garbage (1 in 256 for Feetech's 8-bit sum).
                errorStreak[i] = view.error == 0 ? 0 : errorStreak[i] + 1
                if errorStreak[i] >= 2 && faulted < 0 { faulted = i; fault = view.error }
            }
        }
    }

    /// After a timeout, waits until late answers stop arriving (at most `latencyAllowance`) and
    /// drops them: the protocols carry no sequence numbers, so a late status to this request
    /// would otherwise pass for the answer to the next one.
    private func settle(_ port: SerialPort) throws {
        let end = monotonicNanoseconds() + timing.latencyAllowance
        let quiet = port.wireTime(bytes: 2 * (Dynamixel.statusOverhead + readLength)) + 200_000
        while true {
            let now = monotonicNanoseconds()
            if now >= end { break }
            let space = feetechDecoder.freeSpace()
            if try port.read(into: space, atLeast: 1, deadline: min(end, now + quiet)) == 0 { break }
            feetechDecoder.reset()
        }
        feetechDecoder.reset()
        dynamixelDecoder.reset()
        port.discardInput()
    }

    /// Stores one servo's present block and returns the servo's index; nil for a status nobody
    /// asked for, or one whose position is implausible.
    private func accept(_ view: PacketView) -> Int? {
        let i = index(of: view.id)
        guard i >= 0, !received[i], view.parameters.count == readLength else { return nil }
        let t = table
        let position = t.wireProtocol == .feetech
            ? t.presentPosition.decode(view.value(at: 0, size: 2)) : t.presentPosition.decode(view.value(at: 6, size: 4))
        if lastSeen[i] != 0 {
            let elapsed = Double(exchangeStart &- lastSeen[i])
            guard Double(abs(position - ticks[i])) <= plausibleSlackTicks[i] + plausibleTicksPerNanosecond[i] * elapsed else {
                statistics.implausibleReadings += 1  // a garbled status that passed its checksum: ask again
                return nil
            }
        }
        received[i] = true
        ticks[i] = position
        if t.wireProtocol == .feetech {
            velocityRaw[i] = t.presentVelocity.decode(view.value(at: 2, size: 2))
            effortRaw[i] = t.presentLoad!.decode(view.value(at: 4, size: 2))
        } else {
            effortRaw[i] = t.presentCurrent.decode(view.value(at: 0, size: 2))
            velocityRaw[i] = t.presentVelocity.decode(view.value(at: 2, size: 4))
        }
        return i
    }

    @inline(__always)
    private func index(of id: UInt8) -> Int {
        var i = 0
        while i < ids.count {
            if ids[i] == id { return i }
            i += 1
        }
        return -1
    }

    /// A servo's status error → the bus's fault, naming the servo and what it reported.
    private func reportFault(servo i: Int, error: UInt8) throws {
        let what: String
        if table.wireProtocol == .feetech {
            what = FeetechStatusError(rawValue: error).description
        } else {
            let status = DynamixelStatusError(rawValue: error)
            if status.alert, let register = table.hardwareErrorStatus, let bits = try? readRegister(i, register) {
                what = DynamixelHardwareError(rawValue: UInt8(truncatingIfNeeded: bits)).description
            } else {
                what = status.description
            }
        }
        let message = "\(servoName(i)): \(what)"
        fail(message)
        throw RobotInterfaceError(message)
    }

    /// "servo 3 (elbow_flex)".
    func servoName(_ i: Int) -> String { "servo \(ids[i]) (\(jointNames[i]))" }

    // MARK: - Writes

    private func send(_ port: SerialPort) throws {
        let now = monotonicNanoseconds()
        let wire = port.wireTime(bytes: packet.count)
        try packet.withUnsafeBytes { raw in
            try port.write(raw, deadline: max(now, wireFreeAt) + wire + timing.latencyAllowance + 10_000_000)
        }
        wireFreeAt = max(now, wireFreeAt) + wire
    }

    private func sendSyncWrite(address: Int, length: Int) throws {
        guard let port else { throw RobotInterfaceError("the bus is not configured") }
        if table.wireProtocol == .feetech {
            FeetechEncoder.syncWrite(address: UInt8(address), length: UInt8(length), ids: ids, data: writeData, into: &packet)
        } else {
            DynamixelEncoder.syncWrite(address: UInt16(address), length: UInt16(length), ids: ids, data: writeData, into: &packet)
        }
        try send(port)
    }

    /// Writes the same value to `register` of every servo in one sync write.
    private func syncWriteAll(_ register: Register, _ value: Int) throws {
        writeData.removeAll(keepingCapacity: true)
        for _ in ids { RegisterCoding.appendLittleEndian(register.encode(value) ?? 0, size: register.size, to: &writeData) }
        try sendSyncWrite(address: register.address, length: register.size)
    }

    /// Makes each servo's goal its last measured position.
    private func holdMeasured() throws {
        writeData.removeAll(keepingCapacity: true)
        for i in ids.indices {
            let goal = min(max(ticks[i], mappings[i].rangeMin), mappings[i].rangeMax)
            RegisterCoding.appendLittleEndian(table.goalPosition.encode(goal) ?? 0, size: table.goalPosition.size, to: &writeData)
        }
        try sendSyncWrite(address: table.goalPosition.address, length: table.goalPosition.size)
    }

    // MARK: - Set-up exchanges (allocate freely: not in the cycle)

    /// Reads one register of servo `i`, retrying `setupAttempts` times.
    func readRegister(_ i: Int, _ register: Register) throws -> Int {
        let parameters = try exchange(i, expectParameters: register.size) { id, packet in
            if table.wireProtocol == .feetech {
                FeetechEncoder.read(id: id, address: UInt8(register.address), length: UInt8(register.size), into: &packet)
            } else {
                DynamixelEncoder.read(id: id, address: UInt16(register.address), length: UInt16(register.size), into: &packet)
            }
        }
        return register.decode(RegisterCoding.littleEndian(parameters, at: 0, size: register.size))
    }

    /// Writes one register of servo `i` and checks its status.
    func writeRegister(_ i: Int, _ register: Register, _ value: Int) throws {
        guard let raw = register.encode(value) else {
            throw RobotInterfaceError("\(servoName(i)): \(value) does not fit the register at \(register.address)")
        }
        _ = try exchange(i, expectParameters: 0) { id, packet in
            if table.wireProtocol == .feetech {
                FeetechEncoder.write(id: id, address: UInt8(register.address), value: raw, size: register.size, into: &packet)
            } else {
                DynamixelEncoder.write(id: id, address: UInt16(register.address), value: raw, size: register.size, into: &packet)
            }
        }
    }

    /// Sends an instruction to servo `i` and returns its status parameters; retries garbled or
    /// missing answers; a status error is thrown naming the servo.
    private func exchange(_ i: Int, expectParameters: Int, encode: (UInt8, inout [UInt8]) -> Void) throws -> [UInt8] {
        guard let port else { throw RobotInterfaceError("the bus is not configured") }
        let id = ids[i]
        encode(id, &packet)
        let overhead = table.wireProtocol == .feetech ? Feetech.statusOverhead : Dynamixel.statusOverhead
        for _ in 0..<max(1, timing.setupAttempts) {
            feetechDecoder.reset()
            dynamixelDecoder.reset()
            port.discardInput()
            try send(port)
            let deadline = wireFreeAt + port.wireTime(bytes: overhead + expectParameters) + timing.setupTimeout
            while true {
                let space = table.wireProtocol == .feetech ? feetechDecoder.freeSpace() : dynamixelDecoder.freeSpace()
                let n = try port.read(into: space, atLeast: 1, deadline: deadline)
                if n == 0 { break }
                var view: PacketView?
                if table.wireProtocol == .feetech {
                    feetechDecoder.commit(n)
                    view = try? feetechDecoder.next()
                } else {
                    dynamixelDecoder.commit(n)
                    view = try? dynamixelDecoder.next()
                }
                // Another servo's answer, or a late one to an earlier attempt (its size differs): skip.
                guard let view, view.id == id, view.parameters.count == expectParameters else { continue }
                if table.wireProtocol == .dynamixel2 && DynamixelStatusError(rawValue: view.error).number != 0 {
                    throw RobotInterfaceError("\(servoName(i)): \(DynamixelStatusError(rawValue: view.error))")
                }
                if table.wireProtocol == .feetech && view.error != 0 {
                    throw RobotInterfaceError("\(servoName(i)): \(FeetechStatusError(rawValue: view.error))")
                }
                return Array(view.parameters)
            }
            statistics.retries += 1
        }
        throw RobotInterfaceError("\(servoName(i)): no answer on \(portPath) at \(baud) bit/s (after \(timing.setupAttempts) attempts)")
    }
}
