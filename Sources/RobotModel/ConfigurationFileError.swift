/// A TOML configuration file (`robot.toml`, a simulator scene) that cannot be used, with where and
/// why, printed as one line:
/// `robots/so101/robot.toml:70: [[joints]] "elbow_flex" limits.lower: -2.0 differs from the URDF's -1.69`,
/// `sim/scenes/x.toml:12: [[body]] "red_cube" size: expected 3 positive numbers for a box, found 2`.
///
/// The line is exact for TOML syntax errors (TOMLKit reports it, with the column) and found by
/// scanning the file for the table header or key otherwise (`TOMLSourceLines`): TOMLKit keeps no
/// source positions for parsed values, and a line is what a person editing the file needs.
///
/// Known by its file kind as `RobotConfigurationError` and `SceneError`.
public struct ConfigurationFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file's path as given to the loader.
    public var file: String
    /// 1-based line of the offending table or key, when known.
    public var line: Int?
    /// 1-based column; only TOML syntax errors have one.
    public var column: Int?
    /// Where in the file: `[bus] baud`, `[[joints]] "elbow_flex" limits.lower`, `[[joints]] #3 name`,
    /// `[world] timestep`, `[[body]] "red_cube" size`, `[robot] initial.elbow`; nil when the error
    /// concerns the whole file.
    public var key: String?
    /// What was expected and what was found.
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
