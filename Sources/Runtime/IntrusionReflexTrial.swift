import Control
import Events
import Foundation
import Physics
import Safety
import Spatial

/// One seeded intrusion in simulation, for `embody bench reflex` and the tests: the arm works (a
/// slow shoulder-pan sweep) or holds under its supervisor while a box "hand" is moved
/// kinematically across the table into a protected zone of the workspace camera. The event reflex
/// drives the arm's supervisor; the 30 fps frame-difference baseline watches the same scene in the
/// same run and drives a shadow supervisor (same model, same state and targets every tick, its
/// command discarded), so both latencies come from one hand trajectory.
///
/// Lockstep: each 1 ms tick writes the hand's pose, lets each reflex capture if a frame is due,
/// applies their decisions, then filters and steps. Latencies are in simulated time; compute per
/// frame is measured separately (it would add to the latency on a real machine).
public struct IntrusionTrialSettings: Sendable {
    public var scene: SceneDescription
    public var camera = "workspace"
    public var hand = "hand"
    /// Where the hand waits, and its velocity (m/s) once it moves.
    public var handStart: Vec3
    public var handVelocity: Vec3
    /// Seconds of motion, after which the hand stays where it is.
    public var handTravel: Double
    /// The hand starts moving at a uniform random time in this range (s), drawn from `seed`, so its
    /// crossing falls anywhere between two frames of either camera (100 ms: whole periods of both
    /// a 30 Hz and a 500 or 1000 Hz camera, so every phase is equally likely).
    public var startWindow: ClosedRange<Double> = 0.05...0.15
    /// World points whose image bounds make the protected zone (e.g. the corners of a table band
    /// at table and hand height).
    public var zoneRegion: [Vec3]
    /// Render rate of the event camera (≥ 500 Hz) and of the frame camera.
    public var eventRate: Double = 500
    public var frameRate: Double = 30
    /// Size of a change that slows and that stops the robot, in zone pixels. The event detector
    /// needs that many pixels' worth of events (two per pixel, a typical edge contrast of
    /// ln 2 / 0.2 ≈ 3 rounded down) in its 10 ms window; the frame detector that many changed pixels.
    public var slowPixels = 20
    public var stopPixels = 100
    /// The arm sweeps its shoulder pan (±0.3 rad, 4 s period) instead of holding.
    public var armWorks = true
    /// Simulated seconds after the crossing to keep running (enough for frames at 30 Hz).
    public var afterCrossing = 0.15
    public var seed: UInt64 = 0

    /// The hand path and zone of `sim/scenes/so101_intrusion.toml`: the hand comes from the robot's
    /// right along +y at `speed` (m/s) into the table band y ∈ [-0.5, -0.28].
    public init(scene: SceneDescription, speed: Double, seed: UInt64 = 0) {
        self.scene = scene
        handStart = Vec3(0.25, -0.62, 0.1)
        handVelocity = Vec3(0, speed, 0)
        handTravel = 0.3 / speed
        zoneRegion = [Vec3(-0.2, -0.5, 0), Vec3(0.6, -0.5, 0), Vec3(-0.2, -0.28, 0), Vec3(0.6, -0.28, 0),
                      Vec3(-0.2, -0.5, 0.15), Vec3(0.6, -0.5, 0.15), Vec3(-0.2, -0.28, 0.15), Vec3(0.6, -0.28, 0.15)]
        self.seed = seed
    }
}

/// When one reflex's supervisor acted: the first tick (ns) on which it ran with collaborative mode
/// on, and the tick of its intrusion stop (nil: never).
public struct ReflexActions: Sendable, Equatable {
    public var slow: Int64?
    public var stop: Int64?
}

public struct IntrusionTrialResult: Sendable {
    /// When the hand's image first touched the protected zone (ns), from its true pose projected
    /// through the camera.
    public var crossing: Int64
    public var zone: IntrusionZone
    public var event: ReflexActions
    public var frame: ReflexActions
    /// Per frame taken, ns: render with gray conversion, and detector.
    public var eventRender: [Int64]
    public var eventDetect: [Int64]
    public var frameRender: [Int64]
    public var frameDetect: [Int64]
    /// Events the emulated DVS produced (whole image).
    public var events: Int
    /// The arm's supervisor at the end.
    public var finalMode: Supervisor.Mode
    public var finalFault: SafetyFault?
}

public struct IntrusionTrialError: Error, CustomStringConvertible {
    public var description: String
}

/// The image bounds of `points` as an intrusion zone: whole pixels (pixel-centre convention)
/// covering their projections, clipped to the image. Thresholds in events per zone pixel per second.
public func intrusionZone(_ name: String, covering points: [Vec3], camera: CameraSensor, slowActivity: Double, stopActivity: Double) -> IntrusionZone? {
    let intrinsics = camera.renderer.intrinsics
    let pose = cameraPoseForFixed(camera)
    var minU = Double.infinity, maxU = -Double.infinity, minV = Double.infinity, maxV = -Double.infinity
    for p in points {
        guard let (u, v) = intrinsics.project(pose.actInverse(point: p)) else { return nil }
        minU = min(minU, u); maxU = max(maxU, u); minV = min(minV, v); maxV = max(maxV, v)
    }
    let x0 = max(0, Int((minU + 0.5).rounded(.down))), x1 = min(intrinsics.width, Int((maxU + 0.5).rounded(.up)))
    let y0 = max(0, Int((minV + 0.5).rounded(.down))), y1 = min(intrinsics.height, Int((maxV + 0.5).rounded(.up)))
    guard x1 > x0, y1 > y0 else { return nil }
    return IntrusionZone(name: name, x: x0, y: y0, width: x1 - x0, height: y1 - y0, slowActivity: slowActivity, stopActivity: stopActivity)
}

/// A fixed camera's world pose (the trial's camera must not ride on the robot: zones are in its image).
private func cameraPoseForFixed(_ camera: CameraSensor) -> Transform {
    guard case .fixed(let pose) = camera.description.mount else { preconditionFailure("intrusion zones need a fixed camera") }
    return pose
}

/// Runs one trial (see `IntrusionTrialSettings`).
public func runIntrusionTrial(_ settings: IntrusionTrialSettings) throws -> IntrusionTrialResult {
    let scene: Scene
    do { scene = try Scene(settings.scene) } catch { throw IntrusionTrialError(description: error.description) }
    guard let cameraDescription = settings.scene.cameras.first(where: { $0.name == settings.camera }) else {
        throw IntrusionTrialError(description: "\(settings.scene.file): no camera \"\(settings.camera)\"")
    }
    guard case .fixed = cameraDescription.mount else { throw IntrusionTrialError(description: "camera \(settings.camera) must be fixed in the world") }
    guard let handIndex = scene.model.bodies.firstIndex(where: { $0.name == settings.hand }),
          let handBody = settings.scene.body(named: settings.hand), case .box(let half) = handBody.shape else {
        throw IntrusionTrialError(description: "\(settings.scene.file): no free box body \"\(settings.hand)\"")
    }
    guard let configuration = scene.robotConfiguration, let kinematics = scene.model.robot else {
        throw IntrusionTrialError(description: "\(settings.scene.file): the trial needs a robot with a robot.toml")
    }

    // Zone and detectors.
    let probe = CameraSensor(cameraDescription, world: scene.model)
    let width = cameraDescription.width, height = cameraDescription.height
    guard var zone = intrusionZone("table_right", covering: settings.zoneRegion, camera: probe, slowActivity: 1, stopActivity: 1) else {
        throw IntrusionTrialError(description: "the zone region is not in front of camera \(settings.camera)")
    }
    let area = Double(zone.width * zone.height)
    let window = 10_000  // µs, the detector's default
    zone.slowActivity = Double(2 * settings.slowPixels) / area / (Double(window) * 1e-6)
    zone.stopActivity = Double(2 * settings.stopPixels) / area / (Double(window) * 1e-6)
    var dvs = DVSParameters()
    dvs.seed = settings.seed
    let eventDetector = try EventIntrusionDetector(detector: IntrusionDetector(width: width, height: height, zones: [zone]), parameters: dvs)
    let frameDetector = FrameDifferenceDetector(width: width, height: height, zones: [zone],
                                                slowFraction: Double(settings.slowPixels) / area, stopFraction: Double(settings.stopPixels) / area)
    let eventReflex = IntrusionReflex(camera: cameraDescription, world: scene.model, detector: eventDetector, rate: settings.eventRate)
    let frameReflex = IntrusionReflex(camera: cameraDescription, world: scene.model, detector: frameDetector, rate: settings.frameRate)

    // Robot and the two supervisors.
    let data = scene.makeData(seed: settings.seed)
    let robot = SimulatedRobot(data)
    try robot.configure()
    try robot.activate()
    let period = Int64((scene.model.timestep * 1e9).rounded())
    let driveModes = robot.commandModes.map { $0.contains(.position) ? CommandModes.position : $0 }
    let supervisorModel = try SupervisorModel(configuration: configuration, kinematics: kinematics, jointNames: robot.jointNames,
                                              driveModes: driveModes, period: period)
    let supervisor = Supervisor(supervisorModel)
    let shadow = Supervisor(supervisorModel)
    let dof = robot.jointNames.count
    var state = JointState(joints: dof)
    try robot.read(into: &state)
    supervisor.activate(from: state, now: 0)
    shadow.activate(from: state, now: 0)
    let home = state.position
    var targets = Array(repeating: JointTarget(), count: dof)

    // The hand's schedule and its true crossing.
    var random = SeededGenerator(seed: settings.seed ^ 0x9E37_79B9_7F4A_7C15)
    let startTime = Double.random(in: settings.startWindow, using: &random)
    func handPosition(_ t: Double) -> Vec3 {
        settings.handStart + settings.handVelocity * min(max(t - startTime, 0), settings.handTravel)
    }
    let pose = cameraPoseForFixed(probe)
    func touchesZone(_ t: Double) -> Bool {
        let c = handPosition(t)
        var minU = Double.infinity, maxU = -Double.infinity, minV = Double.infinity, maxV = -Double.infinity
        for k in 0..<8 {
            let corner = c + Vec3(k & 1 == 0 ? -half.x : half.x, k & 2 == 0 ? -half.y : half.y, k & 4 == 0 ? -half.z : half.z)
            guard let (u, v) = probe.renderer.intrinsics.project(pose.actInverse(point: corner)) else { return false }
            minU = min(minU, u); maxU = max(maxU, u); minV = min(minV, v); maxV = max(maxV, v)
        }
        // Zone pixels cover [x − ½, x + width − ½] (pixel centres at integers).
        return maxU > Double(zone.x) - 0.5 && minU < Double(zone.x + zone.width) - 0.5
            && maxV > Double(zone.y) - 0.5 && minV < Double(zone.y + zone.height) - 0.5
    }
    let endTime = startTime + settings.handTravel
    guard !touchesZone(0), touchesZone(endTime) else {
        throw IntrusionTrialError(description: "the hand must start outside the zone and end inside it")
    }
    var lo = startTime, hi = endTime
    while hi - lo > 1e-7 {
        let mid = (lo + hi) / 2
        if touchesZone(mid) { hi = mid } else { lo = mid }
    }
    let crossing = Int64((hi * 1e9).rounded(.up))

    // The run.
    let ticks = Int64(((hi + settings.afterCrossing) / scene.model.timestep).rounded(.up))
    var event = ReflexActions(), frame = ReflexActions()
    var eventRender: [Int64] = [], eventDetect: [Int64] = [], frameRender: [Int64] = [], frameDetect: [Int64] = []
    let expectedFrames = Int(Double(ticks) * scene.model.timestep * settings.eventRate) + 2
    eventRender.reserveCapacity(expectedFrames)
    eventDetect.reserveCapacity(expectedFrames)
    for k in 0..<ticks {
        let now = k * period
        let t = Double(k) * scene.model.timestep
        data.bodyPositions[handIndex] = handPosition(t)
        data.bodyOrientations[handIndex] = Quaternion(w: 1, x: 0, y: 0, z: 0)
        data.bodyLinearVelocities[handIndex] = t >= startTime && t < endTime ? settings.handVelocity : .zero
        data.bodyAngularVelocities[handIndex] = .zero
        if eventReflex.capture(data) {
            eventRender.append(eventReflex.lastRenderNanoseconds)
            eventDetect.append(eventReflex.lastDetectNanoseconds)
        }
        if frameReflex.capture(data) {
            frameRender.append(frameReflex.lastRenderNanoseconds)
            frameDetect.append(frameReflex.lastDetectNanoseconds)
        }
        eventReflex.apply(to: supervisor, now: now)
        frameReflex.apply(to: shadow, now: now)
        if settings.armWorks { targets[0].position = home[0] + 0.3 * sin(2 * Double.pi * t / 4) }
        for j in 0..<dof where j > 0 || !settings.armWorks { targets[j].position = home[j] }
        try robot.read(into: &state)
        let command = supervisor.filter(state, targets: targets, now: now, chunkTime: now)
        _ = shadow.filter(state, targets: targets, now: now, chunkTime: now)
        record(supervisor, now: now, into: &event)
        record(shadow, now: now, into: &frame)
        try robot.write(command)
        try robot.advance()
    }
    return IntrusionTrialResult(crossing: crossing, zone: zone, event: event, frame: frame, eventRender: eventRender, eventDetect: eventDetect,
                                frameRender: frameRender, frameDetect: frameDetect, events: eventDetector.eventCount,
                                finalMode: supervisor.mode, finalFault: supervisor.fault)
}

/// Notes the first tick on which the supervisor ran in collaborative mode or stopped for an intrusion.
private func record(_ supervisor: Supervisor, now: Int64, into actions: inout ReflexActions) {
    if actions.slow == nil, supervisor.collaborative { actions.slow = now }
    if actions.stop == nil, supervisor.fault?.reason == .intrusion { actions.stop = supervisor.fault?.time }
}
