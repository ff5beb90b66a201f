import AllocationCounter
import Control
import Foundation
import Physics
import RobotModel
import Spatial

/// One seeded episode of a task in the simulator, lockstep: the planner runs every
/// `plannerEvery` controller ticks on simulated time, the controller every tick, then the world
/// steps. Deterministic for a given scene, instruction and seed.
public struct EpisodeSettings: Sendable {
    public var scene: SceneDescription
    public var instruction: String
    public var seed: UInt64
    /// Simulated time limit, seconds.
    public var timeLimit: Double = 25
    /// Controller ticks per planner tick (1 kHz / 10 Hz).
    public var plannerEvery = 100
    /// Randomise object poses and the expert's approach and speed from the seed.
    public var randomise = true
    /// Pace ticks to the wall clock (absolute deadlines) instead of running as fast as possible.
    public var realtime = false
    /// Keep 100 Hz samples for plots.
    public var keepSamples = false

    public init(scene: SceneDescription, instruction: String, seed: UInt64) {
        self.scene = scene
        self.instruction = instruction
        self.seed = seed
    }
}

/// One 100 Hz sample of an episode, for plots.
public struct EpisodeSample: Sendable {
    public var time: Double
    public var jointPositions: [Double]
    public var jointReferences: [Double]
    public var tool: Vec3
    public var toolReference: Vec3
}

public struct EpisodeResult: Sendable {
    public var success: Bool
    /// Simulated seconds until the expert finished or the time limit.
    public var duration: Double
    /// Why it failed, or "ok".
    public var outcome: String
    public var controllerTicks: Int
    /// Wall-clock compute time of each controller tick, nanoseconds.
    public var controllerComputeNanoseconds: [UInt64]
    /// Wall-clock time of each planner call, nanoseconds.
    public var plannerLatencyNanoseconds: [UInt64]
    /// Controller ticks that finished after their wall-clock deadline (paced runs only).
    public var deadlineMisses: Int
    /// Wall-clock lateness of each tick's start against its deadline, nanoseconds (paced runs only).
    public var periodErrorNanoseconds: [UInt64]
    /// Samples at 100 Hz for plots: time, measured and reference joint positions, tool and its reference.
    public var samples: [EpisodeSample]
    /// Heap allocations per controller tick, counted over a window of steady-state ticks.
    public var allocationsPerTick: Double
    /// Ticks in which a joint was outside its position limits by more than 1 mrad.
    public var limitViolations: Int
}

/// Runs one episode. Throws for scenes or instructions that cannot work (bad input); a failed
/// task is a result, not an error.
public func runEpisode(_ settings: EpisodeSettings, observe: ((WorldData) -> Void)? = nil) throws -> EpisodeResult {
    guard let task = Task(instruction: settings.instruction) else {
        throw ControllerError("cannot parse the instruction \"\(settings.instruction)\" (templates: sim/tasks/README.md)")
    }
    var rng = SeededGenerator(seed: settings.seed)
    var description = settings.scene
    if settings.randomise { randomiseObjects(&description, task: task, rng: &rng) }
    let scene = try Scene(description)
    let data = scene.makeData(seed: settings.seed)
    guard let robot = scene.model.robot else { throw ControllerError("the scene has no robot") }
    var profile = try ManipulatorProfile.named(robot.name, model: robot)
    profile.speed = settings.randomise ? Double.random(in: 0.15...0.3, using: &rng) : 0.2
    let controller = try ManipulationController(model: robot, configuration: profile, initial: data.q,
                                                servoStiffness: scene.model.joints.map { $0.actuator.kind == .positionServo ? $0.actuator.kp : 0 })
    var expert = ScriptedExpert(task: task,
                                approachHeight: settings.randomise ? Double.random(in: 0.045...0.065, using: &rng) : 0.055)
    let base = scene.model.robotBase
    let dt = scene.model.timestep
    let limit = Int(settings.timeLimit / dt)
    let objects = trackedObjects(description)
    let initialObjects = objects.map { $0.state(data, base: base) }
    var compute: [UInt64] = []
    compute.reserveCapacity(limit)
    var latency: [UInt64] = []
    var violations = 0
    var tick = 0
    var finishedAt: Int?
    var samples: [EpisodeSample] = []
    var periodErrors: [UInt64] = []
    var misses = 0
    var allocations = 0, countedTicks = 0
    let period = UInt64(dt * 1e9)
    let epoch = DispatchTime.now().uptimeNanoseconds
    while tick < limit {
        if settings.realtime {
            // Absolute deadlines on the monotonic clock; a late tick is counted, never bursted.
            let deadline = epoch + UInt64(tick) * period
            var now = DispatchTime.now().uptimeNanoseconds
            if now + 100_000 < deadline { usleep(UInt32((deadline - now - 100_000) / 1000)) }
            while DispatchTime.now().uptimeNanoseconds < deadline {}
            now = DispatchTime.now().uptimeNanoseconds
            periodErrors.append(now - deadline)
            if now - deadline > period { misses += 1 }
        }
        if tick % settings.plannerEvery == 0 {
            let start = DispatchTime.now().uptimeNanoseconds
            let observation = Observation(
                time: data.timeNanoseconds, jointPositions: data.encoderPositions, toolPosition: controller.toolPosition(data.q),
                instruction: settings.instruction, objects: objects.map { $0.state(data, base: base) })
            if let chunk = expert.plan(observation), let waypoint = chunk.active(at: data.timeNanoseconds) {
                controller.follow(waypoint)
            }
            latency.append(DispatchTime.now().uptimeNanoseconds - start)
            if expert.isDone, finishedAt == nil { finishedAt = tick }
        }
        if let finishedAt, tick - finishedAt > 500 { break }  // let the released object settle
        let start = DispatchTime.now().uptimeNanoseconds
        if tick >= 1000, tick < 1500 {
            allocations += countAllocations {
                controller.tick(dt: dt)
                for i in 0..<robot.dof { data.commands[i].position = controller.servoCommands[i] }
            }
            countedTicks += 1
        } else {
            controller.tick(dt: dt)
            for i in 0..<robot.dof { data.commands[i].position = controller.servoCommands[i] }
        }
        compute.append(DispatchTime.now().uptimeNanoseconds - start)
        try step(data)
        observe?(data)
        if settings.keepSamples, tick % 10 == 0 {
            samples.append(EpisodeSample(time: data.time, jointPositions: data.q, jointReferences: controller.jointTargets,
                                         tool: controller.toolPosition(data.q), toolReference: controller.reference))
        }
        for i in 0..<robot.dof {
            if let limits = scene.model.joints[i].limits, data.q[i] < limits.lowerBound - 1e-3 || data.q[i] > limits.upperBound + 1e-3 {
                violations += 1
                break
            }
        }
        tick += 1
    }
    let (success, outcome) = judge(task, initial: initialObjects, final: objects.map { $0.state(data, base: base) },
                                   finished: finishedAt != nil, expert: expert)
    return EpisodeResult(success: success, duration: Double(tick) * dt, outcome: outcome, controllerTicks: tick,
                         controllerComputeNanoseconds: compute, plannerLatencyNanoseconds: latency, deadlineMisses: misses,
                         periodErrorNanoseconds: periodErrors, samples: samples,
                         allocationsPerTick: Double(allocations) / Double(max(countedTicks, 1)), limitViolations: violations)
}

/// An object the planner may refer to: a free body (its pose changes) or a static pad.
struct TrackedObject {
    var name: String
    var body: Int?
    var fixed: Vec3
    var halfExtents: Vec3

    var fixedYaw: Double = 0

    func state(_ data: WorldData, base: Transform) -> ObjectState {
        let world = body.map { data.bodyPositions[$0] } ?? fixed
        var yaw = fixedYaw
        if let body {
            let x = base.rotation.transposedTimes(data.bodyOrientations[body].matrix.c0)
            yaw = atan2(x.y, x.x)
        }
        return ObjectState(name: name, position: base.actInverse(point: world), halfExtents: halfExtents, yaw: yaw)
    }
}

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
/// keep 5.5 cm). Whole layouts are drawn until one satisfies every separation, so an episode
/// never starts with objects inside each other.
func randomiseObjects(_ scene: inout SceneDescription, task: Task, rng: inout SeededGenerator) {
    let base = scene.robot?.pose ?? .identity
    let pushed: String? = { if case .push(let object, _) = task { return object } else { return nil } }()
    let movable = scene.bodies.indices.filter { scene.bodies[$0].name.hasSuffix("_cube") || scene.bodies[$0].name.hasSuffix("_pad") }
    let roomy = movable.map { scene.bodies[$0].name.hasSuffix("_pad") || scene.bodies[$0].name == pushed }
    var layout: [Vec3] = []
    for _ in 0..<10_000 {
        layout = movable.map { _ in
            let radius = Double.random(in: 0.16...0.23, using: &rng)
            let angle = Double.random(in: -0.8...0.8, using: &rng)
            return Vec3(radius * cos(angle), radius * sin(angle), 0)
        }
        var valid = true
        for i in layout.indices {
            for j in layout.indices where j > i {
                let needed = roomy[i] || roomy[j] ? 0.095 : 0.055
                if hypot(layout[i].x - layout[j].x, layout[i].y - layout[j].y) < needed { valid = false }
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

/// Success predicates of the task suite, on the objects' initial and final states.
func judge(_ task: Task, initial: [ObjectState], final objects: [ObjectState], finished: Bool,
           expert: ScriptedExpert) -> (Bool, String) {
    guard let item = objects.first(where: { $0.name == task.object }),
          let start = initial.first(where: { $0.name == task.object }) else { return (false, "no object \(task.object)") }
    let phase = expert.phase.rawValue
    switch task {
    case .pickAndPlace(_, let targetName):
        guard let pad = objects.first(where: { $0.name == targetName }) else { return (false, "no target \(targetName)") }
        let dx = abs(item.position.x - pad.position.x), dy = abs(item.position.y - pad.position.y)
        let restingOnPad = abs(item.position.z - (pad.position.z + pad.halfExtents.z + item.halfExtents.z)) < 0.01
        if dx <= pad.halfExtents.x, dy <= pad.halfExtents.y, restingOnPad { return (true, "ok") }
        return (false, "object not on the pad (phase \(phase), \(String(format: "%.3f", hypot(dx, dy))) m from its centre)")
    case .reach:
        return finished ? (true, "ok") : (false, "tool never reached the object (phase \(phase))")
    case .push(_, let direction):
        let moved = (item.position - start.position).dot(direction)
        let sideways = ((item.position - start.position) - moved * direction).norm
        let onTable = abs(item.position.z - start.position.z) < 0.005
        if moved >= 0.6 * expert.pushDistance, sideways < 0.5 * expert.pushDistance, onTable { return (true, "ok") }
        return (false, "pushed \(String(format: "%.3f", moved)) m along, \(String(format: "%.3f", sideways)) m sideways (phase \(phase))")
    }
}
