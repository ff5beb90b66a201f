/// Why the daemon cannot start or go on, as one line: bad input (a configuration the daemon cannot
/// use; `embody daemon` exits 2) or a runtime fault (exit 1).
public enum DaemonError: Error, CustomStringConvertible, Equatable {
    case badInput(String)
    case runtime(String)

    public var description: String {
        switch self {
        case .badInput(let message), .runtime(let message): message
        }
    }

    public var isBadInput: Bool {
        if case .badInput = self { return true }
        return false
    }
}
