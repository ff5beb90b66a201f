/// Servo ticks ↔ joint units (rad or m) for one joint, through its calibration.
///
/// Revolute: `q = s × (ticks − c) × 2π / resolution`, with `c` the mid-range tick the
/// calibration pose reads (2047 of 4096, as LeRobot homes) and `s = −1` for `drive_mode` 1.
/// Prismatic (a gripper finger on a servo): linear from `range_min…range_max` onto the URDF's
/// `lower…upper`, reversed for `drive_mode` 1. Goals are clamped to the calibrated range.
public struct JointMapping: Sendable, Equatable {
    public let isPrismatic: Bool
    public let rangeMin: Int
    public let rangeMax: Int
    /// Joint units per tick, signed by the drive mode.
    public let unitsPerTick: Double
    /// The tick where the joint is at `origin`.
    public let referenceTick: Double
    /// Joint position at `referenceTick` (0 for revolute, `lower` or `upper` for prismatic).
    public let origin: Double
    /// Joint units/s per unit of the velocity register.
    public let velocityScale: Double
    /// Joint effort (N·m or N) per unit of the load (Feetech) or current (Dynamixel) register.
    public let effortScale: Double

    public init(calibration: Calibration.Joint, table: ControlTable, isPrismatic: Bool, lower: Double, upper: Double,
                stallTorque: Double) {
        self.isPrismatic = isPrismatic
        rangeMin = calibration.rangeMin
        rangeMax = calibration.rangeMax
        let sign: Double = calibration.driveMode == 1 ? -1 : 1
        let radiansPerTick = 2 * Double.pi / Double(table.resolution)
        // Joint units per radian of the servo shaft.
        let unitsPerRadian: Double
        if isPrismatic {
            let perTick = (upper - lower) / Double(max(1, rangeMax - rangeMin))
            unitsPerTick = sign * perTick
            referenceTick = Double(sign > 0 ? rangeMin : rangeMax)
            origin = lower
            unitsPerRadian = perTick / radiansPerTick
        } else {
            unitsPerTick = sign * radiansPerTick
            referenceTick = Double((table.resolution - 1) / 2)
            origin = 0
            unitsPerRadian = 1
        }
        // The velocity register counts in its own unit of shaft speed (rad/s per unit).
        velocityScale = sign * table.velocityUnit * unitsPerRadian
        // Load (Feetech, fraction of stall torque) or current (Dynamixel, A × torque constant).
        let shaftTorquePerUnit = table.presentLoad != nil ? table.loadUnit * stallTorque : table.currentUnit * table.torqueConstant
        effortScale = sign * (isPrismatic ? shaftTorquePerUnit / unitsPerRadian : shaftTorquePerUnit)
    }

    @inline(__always)
    public func position(ticks: Int) -> Double {
        origin + (Double(ticks) - referenceTick) * unitsPerTick
    }

    /// The goal tick for joint position `q`, clamped to the calibrated range.
    @inline(__always)
    public func ticks(position q: Double) -> Int {
        let raw = referenceTick + (q - origin) / unitsPerTick
        guard raw.isFinite else { return (rangeMin + rangeMax) / 2 }
        return min(max(Int(raw.rounded()), rangeMin), rangeMax)
    }
}
