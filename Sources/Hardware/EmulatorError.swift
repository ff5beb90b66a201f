/// Why the emulator cannot start or stopped, as one line naming the robot, servo or scene.
public struct EmulatorError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
