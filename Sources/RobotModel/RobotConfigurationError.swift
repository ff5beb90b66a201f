/// A `robot.toml` that cannot be used, with where and why, printed as one line:
/// `robots/so101/robot.toml:70: [[joints]] "elbow_flex" limits.lower: -2.0 differs from the URDF's -1.69`.
/// The same type as a scene's error: both files are TOML read by the same machinery.
public typealias RobotConfigurationError = ConfigurationFileError
