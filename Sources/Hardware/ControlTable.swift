import RobotModel

/// One register of a servo's control table: where it is, how wide, how a signed value is stored.
public struct Register: Sendable, Equatable {
    /// How the raw bytes hold a number.
    public enum Encoding: Sendable, Equatable {
        case unsigned
        /// Dynamixel's signed registers.
        case twosComplement
        /// Feetech's signed registers: magnitude below `signBit`, the sign in it.
        case signMagnitude(signBit: Int)
    }

    /// Non-volatile (EEPROM) or working (RAM) memory: Dynamixel refuses EEPROM writes while the
    /// torque is on.
    public enum Area: Sendable, Equatable { case eeprom, ram }

    public var address: Int
    public var size: Int
    public var encoding: Encoding
    public var area: Area
    public var writable: Bool

    public init(_ address: Int, _ size: Int, _ encoding: Encoding = .unsigned, area: Area, writable: Bool = true) {
        self.address = address
        self.size = size
        self.encoding = encoding
        self.area = area
        self.writable = writable
    }

    /// A raw register value as a number.
    @inline(__always)
    public func decode(_ raw: UInt32) -> Int {
        switch encoding {
        case .unsigned: Int(raw)
        case .twosComplement: RegisterCoding.twosComplement(raw, size: size)
        case .signMagnitude(let bit): RegisterCoding.signMagnitude(raw, signBit: bit)
        }
    }

    /// A number as the raw register value; nil when the register cannot hold it.
    @inline(__always)
    public func encode(_ value: Int) -> UInt32? {
        let bits = 8 * size
        switch encoding {
        case .unsigned:
            guard value >= 0, bits >= 32 || value < 1 << bits else { return nil }
            return UInt32(value)
        case .twosComplement:
            guard bits >= 64 || (value >= -(1 << (bits - 1)) && value < 1 << (bits - 1)) else { return nil }
            return RegisterCoding.twosComplementRaw(value, size: size)
        case .signMagnitude(let bit):
            return RegisterCoding.signMagnitudeRaw(value, signBit: bit)
        }
    }

    /// The largest magnitude the register stores (for one-line "the servo cannot store" errors).
    public var largestMagnitude: Int {
        switch encoding {
        case .unsigned: (1 << (8 * size)) - 1
        case .twosComplement: (1 << (8 * size - 1)) - 1
        case .signMagnitude(let bit): (1 << bit) - 1
        }
    }
}

/// The registers Embody uses of one servo model, its factory defaults and physical units, so the
/// bus driver and the emulator read one description instead of scattering addresses.
public struct ControlTable: Sendable {
    public enum WireProtocol: Sendable, Equatable { case feetech, dynamixel2 }

    /// Model name as `robot.toml` spells it.
    public var model: String
    public var wireProtocol: WireProtocol
    /// What the Model Number register (address 0 on Dynamixel, 3 on Feetech STS) holds.
    public var modelNumber: Int
    public var firmwareVersion: Int
    /// Bytes of memory the emulator gives the servo.
    public var memorySize: Int
    /// Encoder ticks per turn.
    public var resolution: Int

    public var modelNumberRegister: Register
    public var id: Register
    public var baudRate: Register
    /// Wait between an instruction's last byte and the status, in `returnDelayUnit`.
    public var returnDelay: Register
    /// Which instructions get a status (Dynamixel Status Return Level, Feetech Response Status Level).
    public var statusReturnLevel: Register
    public var operatingMode: Register
    /// Host-side direction is the calibration's `drive_mode`; this is the servo's own (Dynamixel only).
    public var driveMode: Register?
    public var homingOffset: Register
    public var minPositionLimit: Register
    public var maxPositionLimit: Register
    public var positionP: Register
    public var positionI: Register
    public var positionD: Register
    public var torqueEnable: Register
    public var goalPosition: Register
    public var goalVelocity: Register
    /// Current (torque) command; nil when the servo has no current control (STS3215).
    public var goalCurrent: Register?
    public var presentPosition: Register
    public var presentVelocity: Register
    /// Motor current; both families report it.
    public var presentCurrent: Register
    /// Load as a fraction of stall torque (Feetech only).
    public var presentLoad: Register?
    public var presentVoltage: Register
    public var presentTemperature: Register
    /// Latched hardware faults behind a status alert (Dynamixel only).
    public var hardwareErrorStatus: Register?
    public var moving: Register

    /// Register value → bit/s.
    public var baudRates: [UInt8: Int]
    /// Return delay register unit, ns.
    public var returnDelayUnit: UInt64
    /// Present/goal velocity unit, rad/s.
    public var velocityUnit: Double
    /// Present/goal current unit, A.
    public var currentUnit: Double
    /// Present load unit as a fraction of stall torque (Feetech: 0.1 %).
    public var loadUnit: Double
    /// Present voltage unit, V.
    public var voltageUnit: Double
    /// Motor torque per ampere at the output, N·m/A (stall torque / stall current).
    public var torqueConstant: Double
    /// Factory value of each register the emulator initialises: (register, value).
    public var factoryDefaults: [(Register, Int)]
    /// Operating Mode register value for position control.
    public var positionMode: Int

    /// The register value for `baud`, if the servo supports it.
    public func baudRateValue(for baud: Int) -> UInt8? {
        baudRates.first { $0.value == baud }?.key
    }

    /// The table of a model named in `robot.toml`, nil for an unknown model.
    public static func named(_ model: String) -> ControlTable? {
        switch model.uppercased() {
        case "STS3215": .sts3215
        case "XM430-W350": .xm430W350
        default: nil
        }
    }

    /// Models with a table, for error messages.
    public static let knownModels = ["STS3215", "XM430-W350"]

    /// The table of a `robot.toml` joint's servo, or why there is none (one line naming the file,
    /// the joint and the known models), for the bus driver and the emulator alike.
    static func forJoint(_ joint: RobotConfiguration.ActuatedJoint, in file: String) -> Result<ControlTable, ControlTableLookupError> {
        guard let name = joint.servoModel, let table = named(name) else {
            return .failure(ControlTableLookupError(description:
                "\(file): [[joints]] \"\(joint.name)\" servo_model \"\(joint.servoModel ?? "")\": no control table; known models: \(knownModels.joined(separator: ", "))"))
        }
        return .success(table)
    }
}

/// A `robot.toml` joint whose servo model has no control table.
struct ControlTableLookupError: Error, CustomStringConvertible {
    var description: String
}
