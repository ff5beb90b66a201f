import RobotModel

/// A scene file that cannot be used, with where and why, printed as one line:
/// `sim/scenes/x.toml:12: [[body]] "red_cube" size: expected 3 positive numbers for a box, found 2`.
/// The same type as `robot.toml`'s error: both files are TOML read by the same machinery.
public typealias SceneError = ConfigurationFileError
