/// A serial port that cannot be used, naming the port and what to do about it:
/// `/dev/ttyACM0: permission denied (add your user to the "dialout" group, then log in again)`.
public struct SerialPortError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong, for callers that react differently (retry a busy port, stop on a vanished one).
    public enum Kind: Equatable, Sendable {
        /// No file at the path: the adapter is unplugged or the name is wrong.
        case notFound
        /// Another process holds the port.
        case busy
        /// The user may not open the device.
        case permissionDenied
        /// The path exists but is not a terminal device.
        case notATerminal
        /// The driver refused the requested bit rate.
        case unsupportedBaud
        /// The device went away while open (USB unplugged, the emulator stopped).
        case disconnected
        /// Any other failure of the operating system or libserialport.
        case system
    }

    public var kind: Kind
    /// The port's path, when the failure concerns one port.
    public var path: String?
    /// What was being done, e.g. "opening", "listing serial ports".
    public var operation: String
    public var message: String

    public init(kind: Kind = .system, path: String? = nil, operation: String, message: String) {
        self.kind = kind
        self.path = path
        self.operation = operation
        self.message = message
    }

    public var description: String {
        switch kind {
        case .notFound, .busy, .permissionDenied, .notATerminal, .disconnected:
            return "\(path ?? "serial port"): \(message)"
        case .unsupportedBaud, .system:
            if let path { return "\(path): \(operation) failed: \(message)" }
            return "\(operation) failed: \(message)"
        }
    }
}
