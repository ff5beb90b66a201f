import Foundation
import Physics
import RobotModel
import Spatial
import XCTest

@testable import Hardware

/// The emulated chain seen from the wire, through a client `SerialPort` on its pseudo-terminal.
final class ServoChainEmulatorTests: XCTestCase {
    var emulator: ServoChainEmulator!
    var port: SerialPort!
    var packet: [UInt8] = []

    override func tearDown() {
        port?.close()
        emulator?.stop()
    }

    func start(_ robot: String, baud: Int? = nil, faults: String = "", torqueOn: Bool = false) throws {
        let (_, _, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/" + robot)
        let scene = try Scene(SceneDescription(file: "test", gravity: Vec3(0, 0, 0), timestep: 0.001,
                                               robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: []))
        emulator = try ServoChainEmulator(configuration: configuration, scene: scene, baud: baud, faults: try FaultSpec(parsing: faults),
                                          seed: 5, torqueOn: torqueOn)
        let link = NSTemporaryDirectory() + "embody-emu-\(UUID().uuidString.prefix(8))"
        try emulator.open(link: link)
        emulator.start()
        port = try SerialPort(path: link, baud: baud ?? 1_000_000)
    }

    /// Sends `packet`, returns the statuses that arrive within `wait` seconds and the time to the first.
    func exchange(feetech: Bool, wait: Double = 0.05, expect: Int = 1) throws -> (statuses: [PacketView], seconds: Double, copies: [[UInt8]]) {
        let start = monotonicNanoseconds()
        try port.write(packet)
        var first: UInt64?
        var copies: [[UInt8]] = []
        var views: [PacketView] = []
        let feetechDecoder = PacketStreamDecoder<FeetechFormat>(direction: .status)
        let dynamixelDecoder = PacketStreamDecoder<DynamixelFormat>(direction: .status)
        let deadline = start + UInt64(wait * 1e9)
        while copies.count < expect {
            let space = feetech ? feetechDecoder.freeSpace() : dynamixelDecoder.freeSpace()
            let n = try port.read(into: space, atLeast: 1, deadline: deadline)
            if n == 0 { break }
            if first == nil { first = monotonicNanoseconds() }
            if feetech { feetechDecoder.commit(n) } else { dynamixelDecoder.commit(n) }
            while let view = try (feetech ? feetechDecoder.next() : dynamixelDecoder.next()) {
                copies.append(Array(view.parameters))
                views.append(view)
            }
        }
        return (views, Double((first ?? monotonicNanoseconds()) - start) / 1e9, copies)
    }

    /// The observer sees every plant step once, in order, catch-up bursts included: a camera that
    /// renders every 10th step must get the same states as in lockstep, not only a burst's last one.
    /// The observer stalls now and then, so the plant falls behind and catches up in bursts.
    func testPlantObserverSeesEveryStepThroughCatchUp() throws {
        let (_, _, configuration) = try RobotConfiguration.loadValidated(robotDirectory: packageRoot + "/robots/so101")
        let scene = try Scene(SceneDescription(file: "test", gravity: Vec3(0, 0, 0), timestep: 0.001,
                                               robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: []))
        emulator = try ServoChainEmulator(configuration: configuration, scene: scene, seed: 5)
        let lock = NSLock()
        var steps: [Int] = []
        emulator.plantObserver = { world in
            lock.withLock { steps.append(Int(world.steps)) }
            if world.steps % 50 == 25 { usleep(4_000) }
        }
        try emulator.open(link: NSTemporaryDirectory() + "embody-emu-\(UUID().uuidString.prefix(8))")
        emulator.start()
        usleep(300_000)
        emulator.stop()
        let seen = lock.withLock { steps }
        XCTAssertGreaterThan(seen.count, 100)
        XCTAssertEqual(seen, Array(0..<seen.count), "every step once, in order")
    }

    func testAnswersNoFasterThanTheWireAndTheReturnDelay() throws {
        try start("so101", baud: 115_200)
        FeetechEncoder.ping(id: 1, into: &packet)
        var result = try exchange(feetech: true)
        XCTAssertEqual(result.statuses.count, 1)
        let wire = 12 * 10 / 115_200.0  // 6 bytes out, 6 back
        XCTAssertGreaterThanOrEqual(result.seconds, wire * 0.95)

        FeetechEncoder.write(id: 1, address: 7, value: 250, size: 1, into: &packet)  // return delay 500 µs
        _ = try exchange(feetech: true)
        FeetechEncoder.ping(id: 1, into: &packet)
        result = try exchange(feetech: true)
        XCTAssertGreaterThanOrEqual(result.seconds, wire * 0.95 + 500e-6)
    }

    func testSyncReadAnswersInOrderAndPresentPositionFollowsTheGoal() throws {
        try start("so101", torqueOn: true)
        FeetechEncoder.syncRead(address: 56, length: 2, ids: [6, 2, 4], into: &packet)
        let statuses = try exchange(feetech: true, expect: 3)
        XCTAssertEqual(statuses.statuses.map(\.id), [6, 2, 4], "each servo answers in the listed order")
        let before = Int(RegisterCoding.littleEndian(statuses.copies[1], at: 0, size: 2))
        FeetechEncoder.write(id: 2, address: 42, value: UInt32(before + 300), size: 2, into: &packet)
        _ = try exchange(feetech: true)
        usleep(600_000)
        FeetechEncoder.read(id: 2, address: 56, length: 2, into: &packet)
        let after = Int(RegisterCoding.littleEndian(try exchange(feetech: true).copies[0], at: 0, size: 2))
        XCTAssertEqual(after, before + 300, accuracy: 4)
        XCTAssertEqual(emulator.data.q[1], 300 * 2 * Double.pi / 4096, accuracy: 0.005, "the simulated joint moved")
    }

    func testFeetechHomingOffsetIsSubtractedAndWraps() throws {
        try start("so101")
        FeetechEncoder.read(id: 1, address: 56, length: 2, into: &packet)
        let raw = Int(RegisterCoding.littleEndian(try exchange(feetech: true).copies[0], at: 0, size: 2))
        let offset = raw - 2047
        FeetechEncoder.write(id: 1, address: 31, value: ControlTable.sts3215.homingOffset.encode(offset)!, size: 2, into: &packet)
        _ = try exchange(feetech: true)
        FeetechEncoder.read(id: 1, address: 56, length: 2, into: &packet)
        XCTAssertEqual(Int(RegisterCoding.littleEndian(try exchange(feetech: true).copies[0], at: 0, size: 2)), 2047)
        FeetechEncoder.write(id: 1, address: 31, value: ControlTable.sts3215.homingOffset.encode(raw - 4000 + 4096 - 4096)!, size: 2, into: &packet)
        _ = try exchange(feetech: true)
        FeetechEncoder.read(id: 1, address: 56, length: 2, into: &packet)
        XCTAssertEqual(Int(RegisterCoding.littleEndian(try exchange(feetech: true).copies[0], at: 0, size: 2)), 4000, "present = actual − offset")
    }

    func testDynamixelAccessRulesAndModelNumber() throws {
        try start("open_manipulator_x")
        DynamixelEncoder.ping(id: 12, into: &packet)
        let ping = try exchange(feetech: false)
        XCTAssertEqual(ping.copies.first, [0xFC, 0x03, 45], "model 1020, firmware 45")
        DynamixelEncoder.write(id: 12, address: 64, value: 1, size: 1, into: &packet)
        XCTAssertEqual(try exchange(feetech: false).statuses.first?.error, 0)
        DynamixelEncoder.write(id: 12, address: 20, value: 5, size: 4, into: &packet)
        XCTAssertEqual(try exchange(feetech: false).statuses.first?.error, DynamixelStatusError.accessError, "EEPROM is locked while the torque is on")
        DynamixelEncoder.write(id: 12, address: 132, value: 5, size: 4, into: &packet)
        XCTAssertEqual(try exchange(feetech: false).statuses.first?.error, DynamixelStatusError.accessError, "Present Position is read-only")
        DynamixelEncoder.begin(id: 12, instruction: DynamixelInstruction.factoryReset.rawValue, into: &packet)
        DynamixelEncoder.append(0x01, to: &packet)
        DynamixelEncoder.finish(&packet)
        XCTAssertEqual(try exchange(feetech: false).statuses.first?.error, DynamixelStatusError.instructionError)
    }

    func testFaultsSilenceOverloadAndDrop() throws {
        try start("open_manipulator_x", faults: "silent=11,overload=13")
        usleep(20_000)
        DynamixelEncoder.ping(id: 11, into: &packet)
        XCTAssertTrue(try exchange(feetech: false, wait: 0.02).statuses.isEmpty, "a silent servo does not answer")
        DynamixelEncoder.ping(id: 13, into: &packet)
        XCTAssertEqual(try exchange(feetech: false).statuses.first?.error, 0x80, "alert bit")
        DynamixelEncoder.read(id: 13, address: 70, length: 1, into: &packet)
        XCTAssertEqual(try exchange(feetech: false).copies.first, [DynamixelHardwareError.overload.rawValue])
        DynamixelEncoder.write(id: 13, address: 64, value: 1, size: 1, into: &packet)
        _ = try exchange(feetech: false)
        XCTAssertFalse(emulator.data.torqueEnabled[2], "an overloaded servo keeps its torque off")
    }

    func testListensOnlyAtItsBaud() throws {
        try start("so101")
        FeetechEncoder.write(id: 4, address: 6, value: 4, size: 1, into: &packet)  // 115 200 bit/s
        _ = try exchange(feetech: true)
        FeetechEncoder.ping(id: 4, into: &packet)
        XCTAssertTrue(try exchange(feetech: true, wait: 0.02).statuses.isEmpty, "servo 4 now listens at another baud")
        FeetechEncoder.ping(id: 5, into: &packet)
        XCTAssertEqual(try exchange(feetech: true).statuses.count, 1)
    }

    func testDropsAHalfPacketWhenTheLineGoesQuiet() throws {
        try start("so101")
        FeetechEncoder.ping(id: 1, into: &packet)
        try port.write([0xFF, 0xFF, 0x01, 0x40])  // a corrupted length: 64 bytes announced
        usleep(5_000)
        XCTAssertEqual(try exchange(feetech: true).statuses.count, 1, "the next packet is heard")
    }

    func testMatchingCalibrationReadsZeroAtTheCalibrationPose() throws {
        try start("so101")
        let calibration = try emulator.matchingCalibration()
        let pan = try XCTUnwrap(calibration.joints["shoulder_pan"])
        FeetechEncoder.write(id: 1, address: 31, value: ControlTable.sts3215.homingOffset.encode(pan.homingOffset)!, size: 2, into: &packet)
        _ = try exchange(feetech: true)
        FeetechEncoder.read(id: 1, address: 56, length: 2, into: &packet)
        XCTAssertEqual(Int(RegisterCoding.littleEndian(try exchange(feetech: true).copies[0], at: 0, size: 2)), 2047, accuracy: 1)
    }
}
