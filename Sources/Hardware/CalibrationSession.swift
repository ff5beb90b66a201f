import Control
import RobotModel

/// Records a unit's calibration through its bus: the servos' homing offsets are cleared and
/// their limits opened, then the arm is read in the calibration pose (every joint at its URDF
/// zero, the "middle" pose) and, for a sweep, while each joint is moved through its range by hand.
///
/// The homing offset makes the calibration pose read mid-range (2047), so it must fit the
/// servo's register: an STS3215 stores ±2047 ticks, and a horn mounted further off is refused
/// with the fix (re-seat the horn), never silently wrapped.
public final class CalibrationSession {
    public let configuration: RobotConfiguration
    let model: Model
    let bus: ServoBus
    private var state: JointState
    private var zero: [Int]?
    private var low: [Int]
    private var high: [Int]

    /// Connects to the servos, switches their torque off (so the arm can be moved by hand) and
    /// clears their homing offsets and limits.
    public init(configuration: RobotConfiguration, model: Model, port: String, baud: Int? = nil,
                timing: BusTiming = BusTiming()) throws {
        var neutral = Calibration(joints: [:], file: "(calibrating)")
        for joint in configuration.joints {
            let top = (joint.servoModel.flatMap(ControlTable.named)?.resolution ?? 4096) - 1
            neutral.joints[joint.name] = .init(id: joint.servoID ?? 0, homingOffset: 0, rangeMin: 0, rangeMax: top)
        }
        self.configuration = configuration
        self.model = model
        bus = try ServoBus(configuration: configuration, model: model, port: port, calibration: neutral, baud: baud, timing: timing)
        try bus.configure()
        state = JointState(joints: configuration.joints.count)
        low = Array(repeating: .max, count: configuration.joints.count)
        high = Array(repeating: .min, count: configuration.joints.count)
    }

    deinit { bus.disconnect() }

    /// Raw Present Position of each servo now (homing offset 0).
    public func read() throws -> [Int] {
        try bus.read(into: &state)
        return bus.rawPositions
    }

    /// Records the current pose as the calibration pose.
    public func recordZero() throws {
        zero = try read()
    }

    /// Reads once and widens each joint's recorded range; call it repeatedly during a sweep.
    public func sample() throws {
        let positions = try read()
        for i in positions.indices {
            low[i] = min(low[i], positions[i])
            high[i] = max(high[i], positions[i])
        }
    }

    /// The calibration: homing offsets from the calibration pose; ranges from the sweep, or from
    /// the URDF limits when `sweep` is false (non-interactive, e.g. on the emulator).
    public func calibration(sweep: Bool) throws -> Calibration {
        guard let zero else { throw CalibrationError(file: configuration.file, message: "no calibration pose recorded") }
        var zeroTicks: [String: Double] = [:]
        for (i, joint) in configuration.joints.enumerated() { zeroTicks[joint.name] = Double(zero[i]) }
        // Prismatic joints without a sweep: the emulator's gearing (a 10 mm pinion); sweep real grippers.
        let perMetre = 4096 / (2 * Double.pi) / 0.01
        var result = try Calibration.nominal(configuration: configuration, model: model, zeroTicks: zeroTicks, ticksPerMetre: perMetre)
        for (i, joint) in configuration.joints.enumerated() {
            guard let table = joint.servoModel.flatMap(ControlTable.named) else { continue }
            let offset = result.joints[joint.name]!.homingOffset
            if table.homingOffset.encode(offset) == nil {
                throw CalibrationError(
                    file: configuration.file, joint: joint.name, field: "homing_offset",
                    message: "servo \(joint.servoID ?? 0) reads \(zero[i]) in the calibration pose, \(abs(offset)) ticks from mid-range; the \(table.model) stores at most ±\(table.homingOffset.largestMagnitude): re-seat the horn nearer mid-range")
            }
            if sweep {
                guard low[i] <= high[i], high[i] - low[i] > 20 else {
                    throw CalibrationError(file: configuration.file, joint: joint.name, message: "did not move during the sweep (\(low[i])...\(high[i]))")
                }
                // The sweep was read with offset 0; the stored limits are in offset units.
                let shift = table.wireProtocol == .feetech ? -offset : offset
                result.joints[joint.name]!.rangeMin = max(0, low[i] + shift)
                result.joints[joint.name]!.rangeMax = min(table.resolution - 1, high[i] + shift)
            }
        }
        result.file = configuration.name
        try result.validate(against: configuration)
        return result
    }
}
