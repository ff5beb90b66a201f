extension ControlTable {
    /// ROBOTIS XM430-W350 (protocol 2.0), from the ROBOTIS e-Manual control table
    /// (emanual.robotis.com/docs/en/dxl/x/xm430-w350/#control-table): EEPROM 0–63, RAM from 64,
    /// little-endian two's complement. EEPROM writes are refused (access error) while Torque
    /// Enable is 1. Present Position = actual position + Homing Offset.
    ///
    /// Units: position 4096 ticks/turn; velocity 0.229 rev/min; current 2.69 mA; voltage 0.1 V;
    /// return delay 2 µs (factory 250 = 500 µs, which is why drivers write 0).
    public static let xm430W350: ControlTable = {
        let signed = Register.Encoding.twosComplement
        let modelNumber = Register(0, 2, area: .eeprom, writable: false)
        let firmware = Register(6, 1, area: .eeprom, writable: false)
        let id = Register(7, 1, area: .eeprom)
        let baud = Register(8, 1, area: .eeprom)
        let returnDelay = Register(9, 1, area: .eeprom)
        let driveMode = Register(10, 1, area: .eeprom)
        let mode = Register(11, 1, area: .eeprom)
        let homing = Register(20, 4, signed, area: .eeprom)
        let temperatureLimit = Register(31, 1, area: .eeprom)
        let maxVoltage = Register(32, 2, area: .eeprom)
        let minVoltage = Register(34, 2, area: .eeprom)
        let pwmLimit = Register(36, 2, area: .eeprom)
        let currentLimit = Register(38, 2, area: .eeprom)
        let velocityLimit = Register(44, 4, area: .eeprom)
        let maxLimit = Register(48, 4, area: .eeprom)
        let minLimit = Register(52, 4, area: .eeprom)
        let shutdown = Register(63, 1, area: .eeprom)
        let torqueEnable = Register(64, 1, area: .ram)
        let statusLevel = Register(68, 1, area: .ram)
        let hardwareError = Register(70, 1, area: .ram, writable: false)
        let velocityI = Register(76, 2, area: .ram)
        let velocityP = Register(78, 2, area: .ram)
        let d = Register(80, 2, area: .ram)
        let i = Register(82, 2, area: .ram)
        let p = Register(84, 2, area: .ram)
        let goalCurrent = Register(102, 2, signed, area: .ram)
        let goalVelocity = Register(104, 4, signed, area: .ram)
        let goalPosition = Register(116, 4, signed, area: .ram)
        let moving = Register(122, 1, area: .ram, writable: false)
        let presentCurrent = Register(126, 2, signed, area: .ram, writable: false)
        let presentVelocity = Register(128, 4, signed, area: .ram, writable: false)
        let presentPosition = Register(132, 4, signed, area: .ram, writable: false)
        let presentVoltage = Register(144, 2, area: .ram, writable: false)
        let presentTemperature = Register(146, 1, area: .ram, writable: false)
        return ControlTable(
            model: "XM430-W350", wireProtocol: .dynamixel2, modelNumber: 1020, firmwareVersion: 45, memorySize: 256,
            resolution: 4096, modelNumberRegister: modelNumber, id: id, baudRate: baud, returnDelay: returnDelay,
            statusReturnLevel: statusLevel, operatingMode: mode, driveMode: driveMode, homingOffset: homing,
            minPositionLimit: minLimit, maxPositionLimit: maxLimit, positionP: p, positionI: i, positionD: d,
            torqueEnable: torqueEnable, goalPosition: goalPosition, goalVelocity: goalVelocity, goalCurrent: goalCurrent,
            presentPosition: presentPosition, presentVelocity: presentVelocity, presentCurrent: presentCurrent,
            presentLoad: nil, presentVoltage: presentVoltage, presentTemperature: presentTemperature,
            hardwareErrorStatus: hardwareError, moving: moving,
            // Baud Rate (8) values.
            baudRates: [0: 9_600, 1: 57_600, 2: 115_200, 3: 1_000_000, 4: 2_000_000, 5: 3_000_000, 6: 4_000_000, 7: 4_500_000],
            returnDelayUnit: 2_000, velocityUnit: 0.229 * 2 * Double.pi / 60, currentUnit: 0.00269, loadUnit: 0,
            voltageUnit: 0.1,
            // 4.1 N·m at 2.3 A stall (e-Manual specifications, 12 V).
            torqueConstant: 4.1 / 2.3,
            factoryDefaults: [
                (id, 1), (baud, 1), (returnDelay, 250), (driveMode, 0), (mode, 3), (homing, 0), (temperatureLimit, 80),
                (maxVoltage, 160), (minVoltage, 95), (pwmLimit, 885), (currentLimit, 1193), (velocityLimit, 200),
                (maxLimit, 4095), (minLimit, 0), (shutdown, 52), (torqueEnable, 0), (statusLevel, 2), (velocityI, 1920),
                (velocityP, 100), (d, 0), (i, 0), (p, 800), (presentVoltage, 120), (presentTemperature, 30),
            ],
            positionMode: 3)
    }()
}
