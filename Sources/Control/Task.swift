import Spatial

/// A manipulation task parsed from an instruction, with its success predicate.
public enum Task: Sendable, Equatable {
    /// "put the red cube on the green pad"
    case pickAndPlace(object: String, target: String)
    /// "touch the yellow cube" / "reach the red cube"
    case reach(object: String)
    /// "push the blue cube to the left" (direction in the robot base frame, unit, horizontal)
    case push(object: String, direction: Vec3)

    /// Parses the instruction templates of `sim/tasks/README.md`; nil when none matches.
    /// Object names follow the scenes' convention: "<colour>_cube", "<colour>_pad".
    public init?(instruction: String) {
        let words = instruction.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        func object(after index: Int) -> String? {
            // "<colour> cube|pad", skipping "the".
            var i = index
            while i < words.count, words[i] == "the" { i += 1 }
            guard i + 1 < words.count else { return nil }
            return "\(words[i])_\(words[i + 1])"
        }
        guard let verb = words.first else { return nil }
        switch verb {
        case "put", "place", "move":
            guard let on = words.firstIndex(where: { $0 == "on" || $0 == "onto" }), let item = object(after: 1),
                  let target = object(after: on + 1) else { return nil }
            self = .pickAndPlace(object: item, target: target)
        case "touch", "reach":
            guard let item = object(after: 1) else { return nil }
            self = .reach(object: item)
        case "push":
            guard let item = object(after: 1) else { return nil }
            // Base frame: x forward (away from the robot), y to the robot's left.
            let direction: Vec3
            if words.contains("left") { direction = Vec3(0, 1, 0) }
            else if words.contains("right") { direction = Vec3(0, -1, 0) }
            else if words.contains("forward") || words.contains("away") { direction = Vec3(1, 0, 0) }
            else if words.contains("back") || words.contains("backward") || words.contains("toward") { direction = Vec3(-1, 0, 0) }
            else { return nil }
            self = .push(object: item, direction: direction)
        default:
            return nil
        }
    }

    /// The object the task is about.
    public var object: String {
        switch self {
        case .pickAndPlace(let object, _), .reach(let object), .push(let object, _): return object
        }
    }
}
