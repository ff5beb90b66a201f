#if canImport(Glibc)
import Foundation
import Glibc
import Physics
import RobotModel

/// A chain of serial servos that answers like the real one, on a pseudo-terminal, with the
/// built-in simulator as the arm they move: what `embody emulate` runs and what every hardware
/// test talks to through the same serial code that drives a real bus.
///
/// Each servo of `robot.toml` gets its model's control table (factory values, the configured ID
/// and baud), answers Dynamixel 2.0 or Feetech instructions after its Return Delay Time, with
/// each byte taking its wire time at the configured baud. Goal Position drives the simulated
/// joint's command, Torque Enable its drive, and the present registers read the simulated
/// encoder, velocity and actuator torque. Faults (`FaultSpec`) are injected on the wire and in
/// the servos. One thread does everything (serial, timing, physics), so there are no locks.
public final class ServoChainEmulator: @unchecked Sendable {  // one thread at a time: set up, run, then read
    public let configuration: RobotConfiguration
    public let data: WorldData
    public let baud: Int
    public let faults: FaultSpec
    /// Servos in bus order.
    let servos: [EmulatedServo]
    let wireProtocol: ControlTable.WireProtocol
    var wire: EmulatedWire
    private(set) var terminal: PseudoTerminal?
    private let dynamixelDecoder = PacketStreamDecoder<DynamixelFormat>(direction: .instruction)
    private let feetechDecoder = PacketStreamDecoder<FeetechFormat>(direction: .instruction)
    var reply: [UInt8] = []
    var scratch: [UInt8] = []
    /// Registered (deferred) writes, per servo index: address and bytes.
    var registered: [Int: (Int, [UInt8])] = [:]
    /// When `run` began, monotonic ns: the origin of the fault times in `FaultSpec` (read it after
    /// the chain stopped).
    public private(set) var startTime: UInt64 = 0
    private var lastReceive: UInt64 = 0
    private var plantEpoch: UInt64 = 0
    private let timestep: UInt64
    private let stopLock = NSLock()
    private var stopRequested = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// What the emulator has done, for its summary line and tests.
    public struct Statistics: Sendable, Equatable {
        public var instructions = 0
        public var statuses = 0
        public var rejectedPackets = 0
        public var droppedBytes = 0
        public var corruptedBytes = 0
        /// Simulated seconds the plant fell behind the wall clock (0 when it kept up).
        public var plantLag = 0.0
    }

    public private(set) var statistics = Statistics()
    /// Why the loop ended early (a diverged simulation), if it did.
    public private(set) var failure: String?
    /// Called on the emulator's thread with the plant after every step it takes (and once at the
    /// start), catch-up steps included, so an observer sampling every Nth step (a camera) sees the
    /// same states a lockstep simulation would: the side channel through which a test rig learns
    /// what no servo reports, such as where the scene's objects are. Set before `run`/`start`; it
    /// must not block.
    public var plantObserver: ((WorldData) -> Void)?

    /// Builds the chain for `configuration` with `scene`'s world as the plant (its robot must be
    /// the configuration's URDF). Servo mounts (the encoder reading at joint zero) are drawn from
    /// `seed` within ±`mountSpread` ticks of mid-range, so each emulated unit needs calibrating
    /// like a real one. `baud` defaults to the configuration's.
    public init(configuration: RobotConfiguration, scene: Scene, baud: Int? = nil, faults: FaultSpec = FaultSpec(),
                seed: UInt64 = 0, mountSpread: Int = 400, torqueOn: Bool = false) throws(EmulatorError) {
        guard configuration.bus.kind != .none, let wireProtocol = configuration.bus.wireProtocol else {
            throw EmulatorError("\(configuration.file): [bus] type is \"none\": a simulated robot has no servos to emulate")
        }
        guard let model = scene.model.robot else { throw EmulatorError("\(scene.description.file): the scene has no robot") }
        let rate = baud ?? configuration.bus.baud ?? 1_000_000
        guard rate > 0 else { throw EmulatorError("--baud \(rate): expected a positive bit rate") }
        self.configuration = configuration
        self.baud = rate
        self.faults = faults
        self.wireProtocol = wireProtocol == .sts ? .feetech : .dynamixel2
        data = scene.makeData(seed: seed)
        timestep = UInt64((scene.model.timestep * 1e9).rounded())
        var random = SeededGenerator(seed: seed)
        var servos: [EmulatedServo] = []
        for joint in configuration.joints {
            let table: ControlTable
            switch ControlTable.forJoint(joint, in: configuration.file) {
            case .success(let found): table = found
            case .failure(let error): throw EmulatorError(error.description)
            }
            guard let index = model.jointIndex(named: joint.name) else {
                throw EmulatorError("\(scene.description.file): the scene's robot has no joint \"\(joint.name)\"")
            }
            guard let baudValue = table.baudRateValue(for: rate) else {
                let rates = table.baudRates.values.sorted().map(String.init).joined(separator: ", ")
                throw EmulatorError("--baud \(rate): the \(table.model) does not support it; it supports \(rates)")
            }
            let middle = Double(table.resolution - 1) / 2
            let mount = middle + Double(Int.random(in: -mountSpread...mountSpread, using: &random))
            let servo = EmulatedServo(
                table: table, id: joint.servoID ?? 1, baudValue: baudValue, joint: index - 1, jointName: joint.name,
                mount: mount, isPrismatic: model.jointInfo[index].type == .prismatic, stallTorque: joint.maxTorque)
            servo.set(table.goalPosition, servo.presentPosition(data.q[index - 1]))
            if torqueOn { servo.set(table.torqueEnable, 1) }
            servos.append(servo)
        }
        self.servos = servos
        wire = EmulatedWire(baud: rate, faults: faults, seed: seed)
        reply.reserveCapacity(1024)
        scratch.reserveCapacity(1024)
        for servo in servos { applyToPlant(servo) }
    }

    deinit { terminal?.close() }

    /// False once the port has vanished (fault) or the emulator stopped.
    public var isOpen: Bool { terminal?.isOpen ?? false }

    /// The slave device clients open, e.g. `/dev/pts/4` (nil before `open`).
    public var devicePath: String? { terminal?.slavePath }

    /// Opens the pseudo-terminal and publishes it at `link`.
    public func open(link: String) throws(SerialPortError) {
        let terminal = try PseudoTerminal()
        try terminal.link(at: link)
        self.terminal = terminal
    }

    /// Encoder reading of each servo at its joint's zero: what a calibration should find.
    public var mounts: [(id: Int, joint: String, ticks: Double)] {
        servos.map { (Int($0.id), $0.jointName, $0.mount) }
    }

    /// Runs the chain on the calling thread until `keepRunning` returns false, the port vanishes
    /// (fault) or the simulation diverges.
    public func run(while keepRunning: () -> Bool) {
        guard let terminal else { return }
        startTime = monotonicNanoseconds()
        plantEpoch = startTime
        wire.freeAt = startTime
        plantObserver?(data)
        while keepRunning() && terminal.isOpen && failure == nil {
            let now = monotonicNanoseconds()
            applyTimedFaults(elapsed: Double(now - startTime) / 1e9)
            guard terminal.isOpen else { break }
            stepPlant(until: now)
            let nextStep = plantEpoch + UInt64(data.steps + 1) * timestep
            let events = SystemCalls.wait(terminal.master, for: Int16(POLLIN), until: max(nextStep, now + 50_000))
            if events & Int16(POLLIN) != 0 { receive() }
        }
        statistics.droppedBytes = wire.droppedBytes
        statistics.corruptedBytes = wire.corruptedBytes
    }

    /// Runs the chain on a thread of its own until `stop()`.
    public func start() {
        let thread = Thread { [self] in
            run { [self] in
                stopLock.lock()
                defer { stopLock.unlock() }
                return !stopRequested
            }
            finished.signal()
        }
        thread.name = "servo-chain-emulator"
        thread.qualityOfService = .userInteractive
        self.thread = thread
        thread.start()
    }

    /// Stops a chain started with `start()`, waits for its thread, and closes the port.
    public func stop() {
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
        if thread != nil {
            finished.wait()
            thread = nil
        }
        terminal?.close()
    }

    // MARK: - Plant

    /// Steps the simulator up to the wall clock; if it cannot keep up, it falls behind rather than
    /// starving the serial side (the lag is reported).
    private func stepPlant(until now: UInt64) {
        guard now > plantEpoch else { return }
        let due = Int64((now - plantEpoch) / timestep)
        var taken = 0
        while data.steps < due && taken < 20 {
            // The serial side comes first: a step taken while an instruction waits would delay
            // the servo's answer past what the real one takes.
            if taken > 0, let master = terminal?.master, SystemCalls.wait(master, for: Int16(POLLIN), until: 0) != 0 { return }
            do { try step(data) } catch {
                failure = "simulation diverged: \(error.description)"
                return
            }
            plantObserver?(data)
            taken += 1
        }
        if data.steps < due {
            let behind = UInt64(due - data.steps)
            plantEpoch += behind * timestep
            statistics.plantLag += Double(behind * timestep) / 1e9
        }
    }

    /// Sends a servo's Goal Position and Torque Enable to its simulated joint.
    func applyToPlant(_ servo: EmulatedServo) {
        let j = servo.joint
        data.torqueEnabled[j] = servo.value(servo.table.torqueEnable) != 0 && !servo.overloaded
        data.commands[j] = JointCommand(position: servo.jointTarget(goal: servo.clampedGoal, current: data.q[j]))
    }

    /// Copies the simulated joint into a servo's present registers.
    func refresh(_ servo: EmulatedServo) {
        let j = servo.joint
        // The simulator's encoder reading (quantised, with its noise) for revolute joints; a
        // prismatic finger's servo encoder resolves far finer than the simulator's quantum
        // (2π/4096 of a metre), so it reads the joint itself.
        let q = servo.isPrismatic ? data.q[j] : data.encoderPosition(j)
        servo.refreshPresent(q: q, v: data.v[j], torque: data.actuatorTorques[j])
    }

    private func applyTimedFaults(elapsed: Double) {
        for fault in faults.silent where fault.at <= elapsed {
            for servo in servos where Int(servo.id) == fault.id { servo.silent = true }
        }
        for fault in faults.overload where fault.at <= elapsed {
            for servo in servos where Int(servo.id) == fault.id && !servo.overloaded {
                servo.overloaded = true
                servo.set(servo.table.torqueEnable, 0)
                applyToPlant(servo)
            }
        }
        if let vanish = faults.vanishAt, vanish <= elapsed { terminal?.close() }
    }

    // MARK: - Serial

    /// Reads what the host sent, books its wire time, and answers every whole packet.
    private func receive() {
        guard let terminal else { return }
        // A servo drops a half-received packet when the line goes quiet (as the firmware's
        // packet timeout does): otherwise one corrupted length byte would swallow the retries.
        let now = monotonicNanoseconds()
        if now - lastReceive > max(1_000_000, wire.duration(20)) {
            feetechDecoder.reset()
            dynamixelDecoder.reset()
        }
        lastReceive = now
        let space = wireProtocol == .feetech ? feetechDecoder.freeSpace() : dynamixelDecoder.freeSpace()
        let n = Glibc.read(terminal.master, space.baseAddress, space.count)
        guard n > 0 else { return }
        wire.receive(n, at: now)
        let kept = wire.damage(space.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
        if wireProtocol == .feetech {
            feetechDecoder.commit(kept)
            while true {
                do {
                    guard let packet = try feetechDecoder.next() else { break }
                    statistics.instructions += 1
                    respondFeetech(packet, end: wire.freeAt - wire.duration(feetechDecoder.bufferedCount))
                } catch {
                    statistics.rejectedPackets += 1
                }
            }
        } else {
            dynamixelDecoder.commit(kept)
            while true {
                do {
                    guard let packet = try dynamixelDecoder.next() else { break }
                    statistics.instructions += 1
                    respondDynamixel(packet, end: wire.freeAt - wire.duration(dynamixelDecoder.bufferedCount))
                } catch {
                    statistics.rejectedPackets += 1
                }
            }
        }
    }

    /// Sends `reply` once its last byte would have crossed the wire, starting no earlier than
    /// `earliest` (the instruction's end plus the servo's return delay).
    func sendReply(earliest: UInt64) {
        guard let terminal, terminal.isOpen else { return }
        let done = wire.reply(reply.count, earliest: earliest)
        waitUntil(done)
        let kept = reply.withUnsafeMutableBufferPointer { wire.damage($0.baseAddress!, count: $0.count) }
        _ = reply.withUnsafeBytes { Glibc.write(terminal.master, $0.baseAddress, kept) }
        statistics.statuses += 1
    }

    /// The servo with bus ID `id` that hears the bus (not silenced, listening at the wire's baud).
    func servo(id: UInt8) -> EmulatedServo? {
        servos.first { $0.id == id && !$0.silent && $0.table.baudRates[$0.memory[$0.table.baudRate.address]] == baud }
    }
}
#endif

extension ServoChainEmulator {
    /// The calibration a user would record on this emulated unit (its servo mounts, the URDF's
    /// limits): what `embody emulate --write-calibration` saves.
    public func matchingCalibration() throws(CalibrationError) -> Calibration {
        var zero: [String: Double] = [:]
        for servo in servos { zero[servo.jointName] = servo.mount }
        guard let model = data.model.robot else { throw CalibrationError(file: configuration.file, message: "no robot") }
        let perMetre = Double(4096) / (2 * Double.pi) / EmulatedServo.pinionRadius
        var calibration = try Calibration.nominal(configuration: configuration, model: model, zeroTicks: zero, ticksPerMetre: perMetre)
        calibration.file = "\(configuration.name)-emulated"
        return calibration
    }
}
