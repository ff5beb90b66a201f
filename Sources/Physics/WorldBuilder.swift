import Foundation
import RobotModel
import Spatial

/// A world built from a scene file: the model, and where everything starts.
public struct Scene: Sendable {
    public let description: SceneDescription
    public private(set) var model: WorldModel
    /// The robot's URDF description, for names and geometry.
    public let urdf: URDF?
    /// The robot's `robot.toml` (beside its URDF), when there is one.
    public let robotConfiguration: RobotConfiguration?
    /// URDF collision geometry the simulator could not represent (meshes), as "link: mesh file".
    public let skippedGeometry: [String]

    /// The same world with Gaussian encoder noise of `sigma` (rad or m) on every robot joint.
    public func withEncoderNoise(_ sigma: Double) -> Scene {
        var copy = self
        for i in copy.model.joints.indices { copy.model.joints[i].encoderNoise = sigma }
        return copy
    }

    /// Loads `path` and builds its world; a robot with a `robot.toml` beside its URDF gets those
    /// actuators and limits, one without has passive joints.
    public static func load(contentsOf path: String) throws(SceneError) -> Scene {
        try Scene(try SceneDescription.load(contentsOf: path))
    }

    public init(_ scene: SceneDescription) throws(SceneError) {
        description = scene
        var robotModel: Model?
        var joints: [SimulatedJoint] = []
        var geoms: [Geom] = []
        var skipped: [String] = []
        var urdf: URDF?
        var configuration: RobotConfiguration?
        var base = Transform.identity
        if let placement = scene.robot {
            let loaded: URDF
            do { loaded = try URDF.load(contentsOf: placement.urdf) } catch {
                throw SceneError(file: scene.file, key: "[robot] urdf", message: error.description)
            }
            urdf = loaded
            base = placement.pose
            let robot = Model(loaded)
            robotModel = robot
            let toml = ((placement.urdf as NSString).deletingLastPathComponent as NSString).appendingPathComponent("robot.toml")
            if FileManager.default.fileExists(atPath: toml) {
                do {
                    let c = try RobotConfiguration.load(contentsOf: toml)
                    try c.validate(against: loaded)
                    configuration = c
                } catch {
                    throw SceneError(file: scene.file, key: "[robot] urdf", message: error.description)
                }
            }
            joints = robot.jointInfo.dropFirst().map { info in simulatedJoint(info, configuration?.joint(named: info.name)) }
            // A mimic joint gets its master's actuator and follows the master's command.
            for (i, info) in robot.jointInfo.dropFirst().enumerated() {
                guard let mimic = info.mimic, let master = robot.jointIndex(named: mimic.joint) else { continue }
                joints[i].actuator = joints[master - 1].actuator
                joints[i].armature = joints[master - 1].armature
                joints[i].mimic = MimicCoupling(master: master - 1, multiplier: mimic.multiplier, offset: mimic.offset)
            }
            // Collision geometry of every link, attached to the joint that moves it.
            let frames = Dictionary(robot.frames.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            for link in loaded.links {
                guard let frame = frames[link.name] else { continue }
                for (k, collision) in link.collisions.enumerated() {
                    guard let shape = Shape(collision.geometry) else {
                        if case .mesh(let file, _) = collision.geometry { skipped.append("\(link.name): \(file)") }
                        continue
                    }
                    let material = link.visuals.first?.material
                    let color = material.flatMap { placement.colors[$0.name] }
                        ?? material?.color.map { Vec3($0[0], $0[1], $0[2]) } ?? Vec3(0.85, 0.55, 0.15)
                    geoms.append(Geom(name: "\(link.name)/\(k)", shape: shape, owner: .robot(joint: frame.parentJoint),
                                      placement: frame.placement * collision.origin, material: Material(),
                                      color: color))
                }
            }
        }
        var bodies: [FreeBody] = []
        for body in scene.bodies {
            if body.isStatic || body.shape == .plane {
                geoms.append(Geom(name: body.name, shape: body.shape, owner: .world, placement: body.pose,
                                  material: body.material, color: body.color))
            } else {
                geoms.append(Geom(name: body.name, shape: body.shape, owner: .body(bodies.count),
                                  material: body.material, color: body.color))
                bodies.append(FreeBody(name: body.name, mass: body.mass, filling: body.shape))
            }
        }
        model = WorldModel(gravity: scene.gravity, timestep: scene.timestep, robot: robotModel, robotBase: base,
                           joints: joints, bodies: bodies, geoms: geoms)
        self.urdf = urdf
        robotConfiguration = configuration
        skippedGeometry = skipped
    }

    /// A `WorldData` at the scene's initial state, actuators holding the initial joint positions;
    /// `seed` seeds the sensor noise.
    public func makeData(contactCapacity: Int = 256, seed: UInt64 = 0) -> WorldData {
        let data = WorldData(model, contactCapacity: contactCapacity, seed: seed)
        if let robot = model.robot, let placement = description.robot {
            for (name, value) in placement.initial {
                if let j = robot.jointIndex(named: name) { data.q[j - 1] = value }
            }
        }
        data.holdCurrentPositions()
        var k = 0
        for body in description.bodies where !(body.isStatic || body.shape == .plane) {
            data.bodyPositions[k] = body.pose.translation
            data.bodyOrientations[k] = Quaternion(body.pose.rotation)
            data.bodyLinearVelocities[k] = body.linearVelocity
            data.bodyAngularVelocities[k] = body.angularVelocity
            k += 1
        }
        data.updatePoses()
        return data
    }
}

/// The simulated joint for a URDF joint and its robot.toml entry (passive without one).
private func simulatedJoint(_ info: JointInfo, _ entry: RobotConfiguration.ActuatedJoint?) -> SimulatedJoint {
    let limits: ClosedRange<Double>? = (info.type == .continuous || info.limit == nil) ? nil : info.limit!.lower...info.limit!.upper
    guard let entry else {
        return SimulatedJoint(actuator: .passive, damping: info.damping, friction: info.friction, armature: 0, limits: limits)
    }
    let kind: ActuatorModel.Kind
    switch entry.actuator {
    case .positionServo: kind = .positionServo
    case .velocity: kind = .velocity
    case .torque: kind = .torque
    }
    let actuator = ActuatorModel(kind: kind, kp: entry.kp, kd: entry.kd, maxTorque: entry.limits.torque,
                                 maxVelocity: entry.maxVelocity, encoderTicksPerTurn: entry.encoderTicksPerTurn ?? 0)
    return SimulatedJoint(actuator: actuator, damping: info.damping, friction: info.friction, armature: entry.armature,
                          limits: limits)
}

extension Shape {
    /// The simulator's primitive for a URDF geometry; nil for meshes.
    init?(_ geometry: URDF.Geometry) {
        switch geometry {
        case .box(let size): self = .box(halfExtents: 0.5 * size)
        case .sphere(let r): self = .sphere(radius: r)
        case .cylinder(let r, let length): self = .cylinder(radius: r, halfLength: length / 2)
        case .mesh: return nil
        }
    }
}
