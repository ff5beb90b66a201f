import RobotModel

/// A failure the CLI reports as one line: bad input (exit 2) or a runtime fault (exit 1).
struct CommandError: Error {
    var message: String
    var exitCode: Int32

    static func badInput(_ message: String) -> CommandError { CommandError(message: message, exitCode: 2) }
    static func runtime(_ message: String) -> CommandError { CommandError(message: message, exitCode: 1) }
}

/// Loads a URDF for a command, turning any description error into bad input.
func loadRobot(_ path: String) throws(CommandError) -> (URDF, Model) {
    do {
        let urdf = try URDF.load(contentsOf: path)
        return (urdf, Model(urdf))
    } catch {
        throw .badInput(error.description)
    }
}
