import RobotModel
import Safety

extension ServoBus {
    /// The bus of the robot in `robotDirectory` (its `robot.toml` and URDF, checked against each
    /// other) on `port` (default: robot.toml's `[bus] port`), converting through the calibration
    /// file at `calibrationFile`: what a command-line tool needs to drive a real or emulated arm.
    /// Every error is one line naming the file, joint or port.
    public static func load(robotDirectory: String, port: String? = nil, calibrationFile: String, baud: Int? = nil,
                            timing: BusTiming = BusTiming()) throws -> ServoBus {
        let (_, model, configuration) = try RobotConfiguration.loadValidated(robotDirectory: robotDirectory)
        guard let path = port ?? configuration.bus.port else {
            throw RobotInterfaceError("\(configuration.file): [bus] names no port; give one")
        }
        let calibration = try Calibration.load(contentsOf: calibrationFile)
        return try ServoBus(configuration: configuration, model: model, port: path, calibration: calibration, baud: baud, timing: timing)
    }
}

