import Control
import Foundation
import Physics
import RobotModel
import Safety
import Spatial

/// What a fuzzing run found.
public struct SupervisorFuzzReport: Sendable {
    public var ticks: Int64 = 0
    /// Ticks with a limit broken: a measured joint past its URDF limit, or a command outside its
    /// envelope, speed or acceleration bound.
    public var violations: Int64 = 0
    public var interventions: Int64 = 0
    public var faults: Int64 = 0
    /// Smallest distance of any measured joint to its URDF position limit while the drives are on
    /// (rad or m; < 0: past it), and which joint. With the drives off (category 0, or after a
    /// category 1 stop) an unbraked arm may fall onto its end stops: that is the hardware's
    /// limit, not the supervisor's, and is left out.
    public var minimumMargin = Double.infinity
    public var minimumMarginJoint = ""
    /// Smallest distance of any command to its URDF limit (the proven side: ≥ the position margin).
    public var minimumCommandMargin = Double.infinity
    /// Largest |measured − commanded| position while running: the servo's tracking error, which
    /// `[safety] position_margin` must cover (README, "Safety case").
    public var maximumTrackingError = 0.0
    /// The first violation, for the report.
    public var firstViolation: String?

    public var json: String {
        "{\"ticks\":\(ticks),\"violations\":\(violations),\"interventions\":\(interventions),\"faults\":\(faults),"
            + "\"min_margin\":\(String(format: "%.6f", minimumMargin)),\"min_margin_joint\":\"\(minimumMarginJoint)\",\"min_command_margin\":\(String(format: "%.6f", minimumCommandMargin)),\"max_tracking_error\":\(String(format: "%.6f", maximumTrackingError))}"
    }
}

/// Drives the supervisor and the simulator (the robot alone, nothing to hit) with random and
/// adversarial commands, checking every tick that nothing leaves its limits:
/// - random walks and random jumps anywhere, including far past the limits;
/// - sign flips between the two limits at full speed;
/// - NaN and infinite targets (a latched fault, then the operator's reset once at rest);
/// - stale chunks (the planner stops publishing for a while);
/// - collaborative mode switched on and off.
/// Deterministic for a seed.
public func fuzzSupervisor(robotDirectory: String, ticks: Int64, seed: UInt64) throws -> SupervisorFuzzReport {
    let configuration = try RobotConfiguration.loadValidated(robotDirectory: robotDirectory).configuration
    let description = SceneDescription(file: robotDirectory, gravity: Vec3(0, 0, -9.81), timestep: 0.001,
                                       robot: RobotPlacement(urdf: configuration.urdf), bodies: [], cameras: [])
    let scene = try Scene(description)
    let data = scene.makeData(seed: seed)
    guard let kinematics = scene.model.robot else { throw SafetyConfigurationError("\(robotDirectory): no robot") }
    let robot = SimulatedRobot(data)
    try robot.configure()
    try robot.activate()
    let period: Int64 = 1_000_000
    // Servos take positions; torque joints are driven in impedance mode with their robot.toml gains.
    let modes = robot.commandModes.map { $0 == .position ? CommandModes.position : ($0.contains(.impedance) ? .impedance : $0) }
    let supervisor = Supervisor(try SupervisorModel(configuration: configuration, kinematics: kinematics, jointNames: robot.jointNames,
                                                    driveModes: modes, period: period))
    let n = robot.jointNames.count
    var state = JointState(joints: n)
    try robot.read(into: &state)
    supervisor.activate(from: state, now: 0)
    var rng = SeededGenerator(seed: seed)
    var targets = Array(repeating: JointTarget(), count: n)
    for i in 0..<n {
        targets[i].position = state.position[i]
        let joint = configuration.joint(named: robot.jointNames[i])
        targets[i].kp = joint?.kp ?? 0
        targets[i].kd = joint?.kd ?? 0
    }
    let envelopes = supervisor.model.envelopes
    let urdfLimits = robot.jointNames.map { kinematics.jointInfo[kinematics.jointNames.firstIndex(of: $0)! + 1].positionRange }
    var report = SupervisorFuzzReport()
    var scenario = 0, scenarioEnds: Int64 = 0, chunkTime: Int64 = 0
    var previous = supervisor.commands
    var tick: Int64 = 0
    while tick < ticks {
        let now = tick * period
        if tick >= scenarioEnds {
            scenario = Int.random(in: 0..<6, using: &rng)
            scenarioEnds = tick + Int64.random(in: 50...2000, using: &rng)
            supervisor.collaborative = Bool.random(using: &rng)
        }
        for i in 0..<n {
            let e = envelopes[i], span = e.upper - e.lower
            switch scenario {
            case 0: targets[i].position += Double.random(in: -0.02...0.02, using: &rng)  // random walk
            case 1: if tick % 97 == 0 { targets[i].position = Double.random(in: (e.lower - span)...(e.upper + span), using: &rng) }
            case 2: targets[i].position = (tick / 150) % 2 == 0 ? e.upper + 1 : e.lower - 1  // sign flips at full speed
            case 3: targets[i].position = tick % 500 == 7 && i == 0 ? (Bool.random(using: &rng) ? .nan : .infinity) : targets[i].position
            case 4: targets[i].position = Double.random(in: -100...100, using: &rng)  // extreme
            default: break  // stale chunk: hold the targets, stop publishing
            }
            if !targets[i].position.isFinite, scenario != 3 { targets[i].position = state.position[i] }
        }
        if scenario != 5 { chunkTime = now }
        try robot.read(into: &state)
        let command = supervisor.filter(state, targets: targets, now: now, chunkTime: chunkTime)
        let drivesOn = command.torqueEnabled
        try robot.write(command)
        try robot.advance()
        if scenario == 3 { for i in 0..<n where !targets[i].position.isFinite { targets[i].position = state.position[i] } }
        // Operator reset once a latched stop has come to rest.
        if supervisor.fault != nil, case .stopped = supervisor.mode {
            report.faults += 1
            try robot.read(into: &state)
            _ = supervisor.reset(state, now: now)
        }
        // Check every limit.
        var broken: String?
        let c = supervisor.commands
        for i in 0..<n {
            let q = data.q[i]
            let margin = min(q - urdfLimits[i].lowerBound, urdfLimits[i].upperBound - q)
            if drivesOn, margin < report.minimumMargin {
                report.minimumMargin = margin
                report.minimumMarginJoint = robot.jointNames[i]
            }
            if q < urdfLimits[i].lowerBound - 1e-9 || q > urdfLimits[i].upperBound + 1e-9 {
                broken = "joint \(robot.jointNames[i]) at \(q), past its URDF limits \(urdfLimits[i])"
            }
            if supervisor.model.followers[i] == nil {
                report.minimumCommandMargin = min(report.minimumCommandMargin, c[i].position - urdfLimits[i].lowerBound,
                                                  urdfLimits[i].upperBound - c[i].position)
            }
            if supervisor.model.followers[i] == nil, case .running = supervisor.mode {
                report.maximumTrackingError = max(report.maximumTrackingError, abs(q - c[i].position))
                let e = envelopes[i]
                if !isInsideEnvelope(e, c[i]) { broken = "joint \(robot.jointNames[i]) command \(c[i]) left its envelope" }
                if abs(c[i].velocity - previous[i].velocity) > e.acceleration * 1e-3 * (1 + 1e-6) + 1e-9 {
                    broken = "joint \(robot.jointNames[i]) command accelerated at \((c[i].velocity - previous[i].velocity) / 1e-3)"
                }
            }
        }
        previous = c
        if let broken {
            report.violations += 1
            if report.firstViolation == nil { report.firstViolation = "tick \(tick): \(broken)" }
        }
        tick += 1
    }
    report.ticks = ticks
    report.interventions = supervisor.interventions.total
    return report
}
