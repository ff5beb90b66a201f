import Control
import Foundation
import Spatial

/// Success predicates of the task suite, on the objects' initial and final states; `finished`
/// decides a reach (the planner said it arrived). Public for planners that end an episode when the
/// task is done, as a gym environment's `terminated` does.
public func judge(_ task: Task, initial: [ObjectState], final objects: [ObjectState], finished: Bool,
           status: String, pushDistance: Double = ScriptedExpert.defaultPushDistance) -> (Bool, String) {
    guard let item = objects.first(where: { $0.name == task.object }),
          let start = initial.first(where: { $0.name == task.object }) else { return (false, "no object \(task.object)") }
    switch task {
    case .pickAndPlace(_, let targetName):
        guard let pad = objects.first(where: { $0.name == targetName }) else { return (false, "no target \(targetName)") }
        let dx = abs(item.position.x - pad.position.x), dy = abs(item.position.y - pad.position.y)
        let restingOnPad = abs(item.position.z - (pad.position.z + pad.halfExtents.z + item.halfExtents.z)) < 0.01
        if dx <= pad.halfExtents.x, dy <= pad.halfExtents.y, restingOnPad { return (true, "ok") }
        return (false, "object not on the pad: \(pickFailure(item, start: start, restingOnPad: restingOnPad)) "
                + "(\(status), \(String(format: "%.3f", hypot(dx, dy))) m from its centre)")
    case .reach:
        return finished ? (true, "ok") : (false, "tool never reached the object (\(status))")
    case .push(_, let direction):
        let moved = (item.position - start.position).dot(direction)
        let sideways = ((item.position - start.position) - moved * direction).norm
        let onTable = abs(item.position.z - start.position.z) < 0.005
        if moved >= 0.6 * pushDistance, sideways < 0.5 * pushDistance, onTable { return (true, "ok") }
        return (false, "pushed \(String(format: "%.3f", moved)) m along, \(String(format: "%.3f", sideways)) m sideways (\(status))")
    }
}

/// Which phase a failed pick and place ended in, from where the object is against where it began:
/// a policy that never lifts the cube, drops it on the way, or carries it to the pad and never lets
/// go fails with the same distance from the pad, and each asks for a different fix.
private func pickFailure(_ item: ObjectState, start: ObjectState, restingOnPad: Bool) -> String {
    let moved = hypot(item.position.x - start.position.x, item.position.y - start.position.y)
    if item.position.z > start.position.z + 0.01, !restingOnPad { return "still lifted" }
    if moved < 0.01 { return "never moved" }
    return String(format: "moved %.3f m and left", moved)
}
