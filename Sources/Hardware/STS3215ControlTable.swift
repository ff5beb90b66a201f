extension ControlTable {
    /// Feetech STS3215 (SMS/STS series), from the Feetech SMS/STS memory table (FT-SMS-STS
    /// e-manual, "Memory table"; the same addresses as LeRobot's `STS_SMS_SERIES_CONTROL_TABLE`
    /// and the official `scservo_sdk`). EEPROM 0–39, SRAM from 40, all little-endian; signed
    /// values are sign-magnitude: bit 15 for positions, speeds and current, bit 11 for the
    /// homing offset ("Ofs", ±2047 ticks), bit 10 for the load.
    ///
    /// Units: position 4096 ticks/turn; speed 1 tick/s (the manual's 0.0146 rpm); current
    /// 6.5 mA; load 0.1 % of stall torque; voltage 0.1 V; return delay 2 µs.
    public static let sts3215: ControlTable = {
        let positionSign = Register.Encoding.signMagnitude(signBit: 15)
        let modelNumber = Register(3, 2, area: .eeprom, writable: false)
        let id = Register(5, 1, area: .eeprom)
        let baud = Register(6, 1, area: .eeprom)
        let returnDelay = Register(7, 1, area: .eeprom)
        let statusLevel = Register(8, 1, area: .eeprom)
        let minLimit = Register(9, 2, area: .eeprom)
        let maxLimit = Register(11, 2, area: .eeprom)
        let maxTemperature = Register(13, 1, area: .eeprom)
        let maxVoltage = Register(14, 1, area: .eeprom)
        let minVoltage = Register(15, 1, area: .eeprom)
        let maxTorque = Register(16, 2, area: .eeprom)
        let p = Register(21, 1, area: .eeprom)
        let d = Register(22, 1, area: .eeprom)
        let i = Register(23, 1, area: .eeprom)
        let protectionCurrent = Register(28, 2, area: .eeprom)
        let homing = Register(31, 2, .signMagnitude(signBit: 11), area: .eeprom)
        let mode = Register(33, 1, area: .eeprom)
        let overloadTorque = Register(36, 1, area: .eeprom)
        let torqueEnable = Register(40, 1, area: .ram)
        let goalPosition = Register(42, 2, positionSign, area: .ram)
        let goalVelocity = Register(46, 2, positionSign, area: .ram)
        let torqueLimit = Register(48, 2, area: .ram)
        let lock = Register(55, 1, area: .ram)
        let presentPosition = Register(56, 2, positionSign, area: .ram, writable: false)
        let presentVelocity = Register(58, 2, positionSign, area: .ram, writable: false)
        let presentLoad = Register(60, 2, .signMagnitude(signBit: 10), area: .ram, writable: false)
        let presentVoltage = Register(62, 1, area: .ram, writable: false)
        let presentTemperature = Register(63, 1, area: .ram, writable: false)
        let moving = Register(66, 1, area: .ram, writable: false)
        let presentCurrent = Register(69, 2, positionSign, area: .ram, writable: false)
        return ControlTable(
            model: "STS3215", wireProtocol: .feetech, modelNumber: 777, firmwareVersion: 3, memorySize: 128, resolution: 4096,
            modelNumberRegister: modelNumber, id: id, baudRate: baud, returnDelay: returnDelay, statusReturnLevel: statusLevel,
            operatingMode: mode, driveMode: nil, homingOffset: homing, minPositionLimit: minLimit, maxPositionLimit: maxLimit,
            positionP: p, positionI: i, positionD: d, torqueEnable: torqueEnable, goalPosition: goalPosition,
            goalVelocity: goalVelocity, goalCurrent: nil, presentPosition: presentPosition, presentVelocity: presentVelocity,
            presentCurrent: presentCurrent, presentLoad: presentLoad, presentVoltage: presentVoltage,
            presentTemperature: presentTemperature, hardwareErrorStatus: nil, moving: moving,
            // Baud Rate register values (memory table, address 6).
            baudRates: [0: 1_000_000, 1: 500_000, 2: 250_000, 3: 128_000, 4: 115_200, 5: 57_600, 6: 38_400, 7: 19_200],
            returnDelayUnit: 2_000, velocityUnit: 2 * Double.pi / 4096, currentUnit: 0.0065, loadUnit: 0.001,
            voltageUnit: 0.1,
            // 12 V variant: 2.94 N·m stall torque at about 2.7 A stall current (Feetech datasheet).
            torqueConstant: 2.94 / 2.7,
            factoryDefaults: [
                (id, 1), (baud, 0), (returnDelay, 0), (statusLevel, 1), (minLimit, 0), (maxLimit, 4095),
                (maxTemperature, 70), (maxVoltage, 140), (minVoltage, 40), (maxTorque, 1000), (p, 32), (d, 32), (i, 0),
                (protectionCurrent, 500), (homing, 0), (mode, 0), (overloadTorque, 80), (torqueEnable, 0),
                (torqueLimit, 1000), (lock, 1), (presentVoltage, 120), (presentTemperature, 30),
            ],
            positionMode: 0)
    }()
}
