import Control
import Foundation
import Physics
import Spatial

/// An object the planner may refer to: a free body (its pose changes) or a static pad.
struct TrackedObject {
    var name: String
    var body: Int?
    var fixed: Vec3
    var halfExtents: Vec3

    var fixedYaw: Double = 0

    func state(_ data: WorldData, base: Transform) -> ObjectState {
        let (position, yaw) = pose(data, base: base)
        return ObjectState(name: name, position: position, halfExtents: halfExtents, yaw: yaw)
    }

    /// Position in the robot base frame and heading about the vertical (no strings: per tick).
    func pose(_ data: WorldData, base: Transform) -> (position: Vec3, yaw: Double) {
        let world = body.map { data.bodyPositions[$0] } ?? fixed
        var yaw = fixedYaw
        if let body {
            let x = base.rotation.transposedTimes(data.bodyOrientations[body].matrix.c0)
            yaw = atan2(x.y, x.x)
        }
        return (base.actInverse(point: world), yaw)
    }
}

/// The objects an episode's observations list, in their order: the scene's bodies but planes
/// and the table.
public func trackedObjectNames(_ scene: SceneDescription) -> [String] { trackedObjects(scene).map(\.name) }

func trackedObjects(_ scene: SceneDescription) -> [TrackedObject] {
    var result: [TrackedObject] = []
    var body = 0
    for b in scene.bodies where b.shape != .plane {
        let half: Vec3
        switch b.shape {
        case .box(let h): half = h
        case .sphere(let r): half = Vec3(r, r, r)
        case .capsule(let r, let h), .cylinder(let r, let h): half = Vec3(r, r, h)
        case .plane: half = .zero
        }
        let dynamic = !b.isStatic
        result.append(TrackedObject(name: b.name, body: dynamic ? body : nil, fixed: b.pose.translation, halfExtents: half))
        if dynamic { body += 1 }
    }
    return result.filter { $0.name != "table" }
}

/// Seeded placement: cubes and pads on an arc in front of the robot, apart from each other
/// (a pad, or a cube to be pushed, keeps 9.5 cm from everything so the tool has room; other cubes
/// keep 5.5 cm). A cube to be pushed keeps that room where the push ends too, so its path is clear:
/// a pad or cube in the way would make the task one of climbing or shoving two things. Whole
/// layouts are drawn until one satisfies every separation, so an episode never starts with
/// objects inside each other.
func randomiseObjects(_ scene: inout SceneDescription, task: Task, rng: inout SeededGenerator) {
    let base = scene.robot?.pose ?? .identity
    var pushed: String?
    var push = Vec3.zero
    if case .push(let object, let direction) = task {
        pushed = object
        push = ScriptedExpert.defaultPushDistance * direction
    }
    let movable = scene.bodies.indices.filter { scene.bodies[$0].name.hasSuffix("_cube") || scene.bodies[$0].name.hasSuffix("_pad") }
    let roomy = movable.map { scene.bodies[$0].name.hasSuffix("_pad") || scene.bodies[$0].name == pushed }
    let isPushed = movable.map { scene.bodies[$0].name == pushed }
    var layout: [Vec3] = []
    for _ in 0..<10_000 {
        layout = movable.map { _ in
            let radius = Double.random(in: 0.16...0.23, using: &rng)
            let angle = Double.random(in: -0.8...0.8, using: &rng)
            return Vec3(radius * cos(angle), radius * sin(angle), 0)
        }
        var valid = true
        for i in layout.indices {
            for j in layout.indices where j != i {
                let needed = roomy[i] || roomy[j] ? 0.095 : 0.055
                if j > i, hypot(layout[i].x - layout[j].x, layout[i].y - layout[j].y) < needed { valid = false }
                if isPushed[i] {
                    let end = layout[i] + push
                    if hypot(end.x - layout[j].x, end.y - layout[j].y) < needed { valid = false }
                }
            }
        }
        if valid { break }
    }
    for (k, i) in movable.enumerated() {
        let height = scene.bodies[i].pose.translation.z
        let world = base.act(point: layout[k])
        scene.bodies[i].pose = Transform(rotation: .axisAngle(.unitZ, Double.random(in: -0.3...0.3, using: &rng)),
                                         translation: Vec3(world.x, world.y, height))
    }
}
