import Foundation
import Spatial

/// A planner that solves tasks from privileged simulator state: it sees where every object is.
/// It is the demonstration source for learned planners, so it varies its approach (height, lift,
/// placement offset) with the settings it is given, and it recovers: if the object moves away
/// from where it was grasped (a slip, a missed grasp), it goes back to approaching it.
public struct ScriptedExpert: Planner {
    public let task: Task
    /// Height above the object top from which the tool descends, m.
    public var approachHeight: Double
    /// Tool-to-target distance that counts as arrived, m.
    public var arrivalTolerance: Double
    /// How long the gripper is given to close or open, nanoseconds.
    public var gripperTime: Int64
    /// Horizontal distance a push moves the object, m.
    public var pushDistance: Double

    public enum Phase: String, Sendable {
        case approach, descend, close, lift, carry, lower, release, retreat, done
    }

    public private(set) var phase: Phase = .approach
    private var phaseStart: Int64 = 0
    private var pushStart: Vec3?

    public init(task: Task, approachHeight: Double = 0.06, arrivalTolerance: Double = 0.004,
                gripperTime: Int64 = 600_000_000, pushDistance: Double = 0.06) {
        self.task = task
        self.approachHeight = approachHeight
        self.arrivalTolerance = arrivalTolerance
        self.gripperTime = gripperTime
        self.pushDistance = pushDistance
    }

    public var isDone: Bool { phase == .done }

    public mutating func plan(_ o: Observation) -> ActionChunk? {
        guard let item = o.objects.first(where: { $0.name == task.object }) else { return nil }
        let top = item.position + Vec3(0, 0, item.halfExtents.z)
        var target: Vec3
        var gripper = 0.0
        var yaw = Double.nan
        switch task {
        case .reach:
            target = top + Vec3(0, 0, 0.01)
            if phase == .approach, arrived(o, target) { enter(.done, o) }
        case .push(_, let direction):
            let start = pushStart ?? item.position
            // Behind the object (relative to the push direction), a little above its centre so the
            // closed jaws clear the table.
            let behind = start - (item.halfExtents.x + 0.03) * direction
            let low = Vec3(behind.x, behind.y, item.position.z + 0.5 * item.halfExtents.z)
            let goal = start + pushDistance * direction
            gripper = 1  // closed jaws make a blunt pusher, turned across the push direction
            yaw = atan2(direction.y, direction.x) + Double.pi / 2
            switch phase {
            case .approach:
                pushStart = item.position
                let hover = o.time - phaseStart > 2_000_000_000 ? min(approachHeight, 0.025) : approachHeight
                target = low + Vec3(0, 0, item.halfExtents.z + hover)
                if arrived(o, target, tolerance: 0.01) { enter(.descend, o) }
            case .descend:
                target = low
                if arrived(o, target, tolerance: 0.006) { enter(.carry, o) }
            case .carry:
                target = Vec3(goal.x, goal.y, low.z) - (item.halfExtents.x + 0.025) * direction
                if arrived(o, target, tolerance: 0.006) { enter(.retreat, o) }
            default:
                target = Vec3(o.toolPosition.x, o.toolPosition.y, top.z + approachHeight)
                if arrived(o, target, tolerance: 0.01) { enter(.done, o) }
            }
        case .pickAndPlace(_, let targetName):
            guard let pad = o.objects.first(where: { $0.name == targetName }) else { return nil }
            let padTop = pad.position + Vec3(0, 0, pad.halfExtents.z)
            let placed = padTop + Vec3(0, 0, item.halfExtents.z + 0.004)
            switch phase {
            case .approach:
                // A hover point the wrist cannot reach pointing down stalls the approach: after 2 s
                // come in lower (the descent is then shorter but still vertical).
                let hover = o.time - phaseStart > 2_000_000_000 ? min(approachHeight, 0.025) : approachHeight
                target = item.position + Vec3(0, 0, item.halfExtents.z + hover)
                yaw = item.yaw
                if arrived(o, target, tolerance: 0.008) { enter(.descend, o) }
            case .descend:
                target = item.position
                yaw = item.yaw
                if arrived(o, target) { enter(.close, o) }
            case .close:
                target = item.position
                yaw = item.yaw
                gripper = 1
                if o.time - phaseStart >= gripperTime { enter(.lift, o) }
            case .lift:
                target = Vec3(o.toolPosition.x, o.toolPosition.y, placed.z + approachHeight)
                gripper = 1
                if grasped(o, item) == false { enter(.approach, o) }
                else if arrived(o, target, tolerance: 0.01) { enter(.carry, o) }
            case .carry:
                target = placed + Vec3(0, 0, approachHeight)
                gripper = 1
                if grasped(o, item) == false { enter(.approach, o) }
                else if arrived(o, target, tolerance: 0.008) { enter(.lower, o) }
            case .lower:
                target = placed
                gripper = 1
                if arrived(o, target) { enter(.release, o) }
            case .release:
                target = placed
                if o.time - phaseStart >= gripperTime { enter(.retreat, o) }
            case .retreat, .done:
                target = placed + Vec3(0, 0, approachHeight)
                if phase == .retreat, arrived(o, target, tolerance: 0.01) { enter(.done, o) }
            }
        }
        var chunk = ActionChunk(stamp: o.time)
        chunk.append(Waypoint(time: 0, position: target, gripper: gripper, yaw: yaw))
        return chunk
    }

    private mutating func enter(_ next: Phase, _ o: Observation) {
        phase = next
        phaseStart = o.time
    }

    private func arrived(_ o: Observation, _ target: Vec3, tolerance: Double? = nil) -> Bool {
        (o.toolPosition - target).norm < (tolerance ?? arrivalTolerance)
    }

    /// Whether the object still sits between the jaws (within 2 cm of the grasp point).
    private func grasped(_ o: Observation, _ item: ObjectState) -> Bool {
        (o.toolPosition - item.position).norm < 0.02
    }
}
