/// A failure reported by libserialport, with its own message (e.g. the errno text from the OS).
public struct SerialPortError: Error, Equatable, CustomStringConvertible {
    /// What was being done, e.g. "listing serial ports".
    public var operation: String
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(operation) failed: \(message)" }
}
