import Foundation
import Spatial

/// A planner that solves tasks from privileged simulator state: it sees where every object is.
/// It is the demonstration source for learned planners, so it varies its approach (height, lift,
/// placement offset) with the settings it is given, and it recovers: if the object moves away
/// from where it was grasped (a slip, a missed grasp), it goes back to approaching it, and a push
/// goes on, from behind wherever the object now is, until the object has moved the whole distance.
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
    /// Where the measured jaw is, when the arm has one: a grasp is then judged by how far the jaws
    /// have closed, not by how long they have been told to.
    public var jaw: JawGauge?

    public enum Phase: String, Sendable {
        case approach, descend, close, lift, carry, lower, release, retreat, done
    }

    public private(set) var phase: Phase = .approach
    private var phaseStart: Int64 = 0
    private var pushStart: Vec3?
    /// How far behind the object's rear face a push starts, m: set when the push begins (see
    /// `initialPushStandoff`), grown when the tool still cannot get down there.
    private var pushStandoff = baseStandoff
    /// The standoff of a push that does not head toward the robot, m.
    private static let baseStandoff = 0.03

    /// How far a push moves the object unless told otherwise, m (the task layout keeps it clear).
    public static let defaultPushDistance = 0.06

    public init(task: Task, approachHeight: Double = 0.06, arrivalTolerance: Double = 0.004,
                gripperTime: Int64 = 600_000_000, pushDistance: Double = defaultPushDistance, jaw: JawGauge? = nil) {
        self.task = task
        self.jaw = jaw
        self.approachHeight = approachHeight
        self.arrivalTolerance = arrivalTolerance
        self.gripperTime = gripperTime
        self.pushDistance = pushDistance
    }

    /// Jaw closure (see `JawGauge`) from which the jaws count as shut on an object: the SO-101's
    /// stop on a 3 cm cube at 0.66 of their travel, 100 ms after passing 0.55. The
    /// OpenMANIPULATOR-X's stop at 0.55 to 0.76; below this mark a grasp waits longer (`jawsShut`).
    static let shutClosure = 0.6
    /// Jaw closure below which closing jaws have not gripped: no grasp of a cube holds them that
    /// wide (the OpenMANIPULATOR-X's weak grip lets a carried cube push them back to 0.34).
    static let openClosure = 0.25
    /// Jaw closure below which jaws meant to hold count as never closed (a learner lifted with them
    /// open). Far under `openClosure`: the OpenMANIPULATOR-X's coarse jaw over the serial bus
    /// reads a carried cube below 0.25 at times, and going back down opens the jaws and drops it.
    static let neverClosed = 0.1

    public var isDone: Bool { phase == .done }

    /// The gripper's body hangs toward the robot from the tool point, so a push toward the robot
    /// must start further behind the object or the body lands on its top. Starting there at once,
    /// rather than finding out by being blocked for 2.5 s and backing off, keeps the demonstration
    /// a function of what can be seen: a learner cannot see how long it has been blocked.
    static func initialPushStandoff(_ direction: Vec3, from object: Vec3) -> Double {
        let outward = Vec3(object.x, object.y, 0)
        guard outward.norm > 1e-9 else { return baseStandoff }
        let towardRobot = max(0, -direction.dot(outward) / outward.norm)
        return baseStandoff + 0.02 * towardRobot
    }

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
            // The goal is fixed by where the object started; where to push from is re-planned from
            // where it is now, so an object that turned or slid is still pushed toward the goal.
            if pushStart == nil { pushStandoff = Self.initialPushStandoff(direction, from: item.position) }
            let origin = pushStart ?? item.position
            pushStart = origin
            let goal = origin + pushDistance * direction
            let moved = (item.position - origin).dot(direction)
            let drift = (item.position - origin) - moved * direction
            // Behind the object (relative to the push direction), the tool point as low as for a
            // grasp (which clears the table), so the push acts low on the object and cannot tip it.
            let behind = item.position - (item.halfExtents.x + pushStandoff) * direction
            let low = Vec3(behind.x, behind.y, item.position.z)
            gripper = 1  // closed jaws make a blunt pusher, turned across the push direction
            yaw = atan2(direction.y, direction.x) + Double.pi / 2
            switch phase {
            case .approach:
                let hover = o.time - phaseStart > 2_000_000_000 ? min(approachHeight, 0.025) : approachHeight
                target = low + Vec3(0, 0, item.halfExtents.z + hover)
                if arrived(o, target, tolerance: 0.01) { enter(.descend, o) }
            case .descend:
                target = low
                if arrived(o, target, tolerance: 0.006) { enter(.carry, o) }
                else if o.time - phaseStart > 2_500_000_000, pushStandoff < 0.07 {
                    // Blocked on the way down: up, back 2 cm further, and down again.
                    pushStandoff += 0.02
                    enter(.lift, o)
                }
            case .carry:
                // The tool point heads for 1 cm short of where the object's rear face will be at
                // the goal: the pusher's front, 0.5 to 2 cm ahead of the point on the shipped arms,
                // takes the object to the goal or a little past. Aiming across the line by twice
                // the object's drift steers it back (a pusher that cannot turn its face square to
                // the push, like the OpenMANIPULATOR-X's, drifts it sideways).
                let end = goal - (item.halfExtents.x + 0.01) * direction - 2 * drift
                target = Vec3(end.x, end.y, low.z)
                let lost = (item.position - o.toolPosition).dot(direction) < 0
                if moved >= pushDistance { enter(.retreat, o) }
                else if arrived(o, target, tolerance: 0.006) { enter(moved >= pushDistance - 0.01 ? .retreat : .lift, o) }
                else if lost { enter(.lift, o) }
            case .lift:
                // The object got past the pusher or stopped short: straight up, then push it again.
                target = Vec3(o.toolPosition.x, o.toolPosition.y, top.z + approachHeight)
                if arrived(o, target, tolerance: 0.01) { enter(.approach, o) }
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
                // Moved well off the grasp point while closing (a learner driving, DAgger): start over.
                if (o.toolPosition - item.position).norm > 0.03 { enter(.approach, o) }
                else if jawsShut(o) { enter(.lift, o) }
            case .lift:
                target = Vec3(o.toolPosition.x, o.toolPosition.y, placed.z + approachHeight)
                gripper = 1
                if grasped(o, item) == false { enter(.approach, o) }
                else if jawsOpen(o) { enter(.descend, o) }
                else if arrived(o, target, tolerance: 0.01) { enter(.carry, o) }
            case .carry:
                target = placed + Vec3(0, 0, approachHeight)
                gripper = 1
                if grasped(o, item) == false { enter(.approach, o) }
                else if jawsOpen(o) { enter(.descend, o) }
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

    /// Whether closing has gripped: the jaws have shut on the object, or they stopped wider (an
    /// object held across a corner; the OpenMANIPULATOR-X's coarse jaw) and have been closing for
    /// twice `gripperTime`. Without a measured jaw: closing for `gripperTime`.
    private func jawsShut(_ o: Observation) -> Bool {
        let closing = o.time - phaseStart
        guard let closure = jaw?.closure(o) else { return closing >= gripperTime }
        return closure >= Self.shutClosure || (closing >= 2 * gripperTime && closure >= Self.openClosure)
    }

    /// Whether the jaws are measured open while the expert means to hold the object: someone else
    /// (a learner, DAgger) drove them, and the object is to be grasped again from the grasp point.
    private func jawsOpen(_ o: Observation) -> Bool {
        jaw?.closure(o).map { $0 < Self.neverClosed } ?? false
    }

    /// Whether the object still sits between the jaws (within 2 cm of the grasp point).
    private func grasped(_ o: Observation, _ item: ObjectState) -> Bool {
        (o.toolPosition - item.position).norm < 0.02
    }
}
