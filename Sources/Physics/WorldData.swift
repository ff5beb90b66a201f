import LinearAlgebra
import RobotModel
import Spatial

/// The state of a simulated world and every workspace a step needs, allocated once so that
/// stepping never touches the heap. State is public and writable, like MuJoCo's `mjData`: set `q`,
/// `commands` or a body pose between steps.
public final class WorldData {
    public let model: WorldModel

    // MARK: State (arrays, written in place: no allocation unless someone else holds a copy)

    /// Robot joint positions (rad or m), model order.
    public var q: [Double]
    /// Robot joint velocities.
    public var v: [Double]
    /// What each joint's actuator is asked to do.
    public var commands: [JointCommand]
    /// False turns a joint's drive off (a category-0 stop): the actuator applies no torque and the
    /// joint moves only under gravity, friction and contact. A mimic joint follows its master's flag.
    public var torqueEnabled: [Bool]
    /// Free-body centre-of-mass positions, world frame.
    public var bodyPositions: [Vec3]
    /// Free-body orientations, world from body.
    public var bodyOrientations: [Quaternion]
    /// Free-body linear velocities of the centre of mass, world frame.
    public var bodyLinearVelocities: [Vec3]
    /// Free-body angular velocities, world frame.
    public var bodyAngularVelocities: [Vec3]
    /// Steps taken; time is `steps × timestep`, kept as an integer so it never drifts. Writable,
    /// like `mjData.time`, for a mirror of another thread's world (a camera that renders copies of
    /// a paced simulation's state off the control thread); stepping alone advances it otherwise.
    public var steps: Int64 = 0

    // MARK: Outputs of the last step

    /// What each joint's encoder read in the last step: quantised to its ticks, plus seeded noise
    /// (the joint position sensor; the servo loop uses the same reading).
    public internal(set) var encoderPositions: [Double]
    /// Joint i as its encoder reads it: the last step's reading, or before the first step, when
    /// nothing has been read yet, the position the world starts in (a servo bus reports the pose
    /// from its first cycle, so the first observation must not read 0).
    @inline(__always)
    public func encoderPosition(_ i: Int) -> Double { steps == 0 ? q[i] : encoderPositions[i] }
    /// Torque each actuator applied in the last step (the joint torque/current sensor).
    public internal(set) var actuatorTorques: [Double]
    /// World pose of every geom at the start of the last step (or after `updatePoses()`).
    public internal(set) var geomPoses: [Transform]
    /// Contacts of the last step.
    public let contacts: ContactBuffer

    // MARK: Workspace

    let robotData: RobotModel.Data?
    let massSolver: LDLTSolver?
    let massMatrix: UnsafeMutableBufferPointer<Double>
    /// Dense `M⁻¹` of the robot (row-major), rebuilt each step for the constraint rows.
    let inverseMassStorage: UnsafeMutableBufferPointer<Double>
    var inverseMass: UnsafeMutablePointer<Double> { inverseMassStorage.baseAddress! }
    /// Unit motion of each robot joint in base-frame axes at the base origin (index 0 unused).
    let jointAxesInBase: UnsafeMutableBufferPointer<Motion>
    /// Inverse body-frame inertia of each free body.
    let inverseBodyInertia: [Mat3]
    /// Generalized velocity `u`: robot joints, then (linear, angular) per free body.
    let velocity: UnsafeMutableBufferPointer<Double>
    let rhs: UnsafeMutableBufferPointer<Double>
    /// Zero joint accelerations, for RNEA's bias forces.
    let zeros: [Double]
    let aabbs: UnsafeMutableBufferPointer<AABB>
    let broadphase: Broadphase
    let rows: ConstraintRows
    let warmStart: WarmStartCache

    /// Draws the encoder noise; seeded, so runs with equal seeds are identical.
    var noise: SeededGenerator

    public init(_ model: WorldModel, contactCapacity: Int = 256, seed: UInt64 = 0) {
        self.model = model
        let n = model.robotDOF, b = model.bodies.count, g = model.geoms.count
        func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
            p.initialize(repeating: value)
            return UnsafeMutableBufferPointer(rebasing: p[0..<count])
        }
        q = Array(repeating: 0, count: n)
        v = Array(repeating: 0, count: n)
        zeros = Array(repeating: 0, count: n)
        commands = Array(repeating: JointCommand(), count: n)
        torqueEnabled = Array(repeating: true, count: n)
        actuatorTorques = Array(repeating: 0, count: n)
        encoderPositions = Array(repeating: 0, count: n)
        noise = SeededGenerator(seed: seed)
        bodyPositions = Array(repeating: .zero, count: b)
        bodyOrientations = Array(repeating: .identity, count: b)
        bodyLinearVelocities = Array(repeating: .zero, count: b)
        bodyAngularVelocities = Array(repeating: .zero, count: b)
        geomPoses = Array(repeating: .identity, count: g)
        aabbs = buffer(g, AABB(min: .zero, max: .zero))
        contacts = ContactBuffer(capacity: contactCapacity)
        robotData = model.robot.map { RobotModel.Data($0) }
        massSolver = n > 0 ? try? LDLTSolver(capacity: n) : nil
        massMatrix = buffer(n * n, 0)
        inverseMassStorage = buffer(n * n, 0)
        jointAxesInBase = buffer(n + 1, Motion.zero)
        inverseBodyInertia = model.bodies.map { $0.inertia.inverse }
        velocity = buffer(model.velocityCount, 0)
        rhs = buffer(n, 0)
        broadphase = Broadphase(geomCapacity: max(g, 1), pairCapacity: max(g * (g - 1) / 2, 1))
        rows = ConstraintRows(capacity: 3 * contactCapacity + 2 * n, robotDOF: n)
        warmStart = WarmStartCache(capacity: contactCapacity)
    }

    deinit {
        massMatrix.baseAddress?.deallocate()
        inverseMassStorage.baseAddress?.deallocate()
        jointAxesInBase.baseAddress?.deallocate()
        velocity.baseAddress?.deallocate()
        rhs.baseAddress?.deallocate()
        aabbs.baseAddress?.deallocate()
    }

    /// Simulated time in nanoseconds.
    public var timeNanoseconds: Int64 { steps * Int64((model.timestep * 1e9).rounded()) }

    /// Simulated time in seconds.
    public var time: Double { Double(steps) * model.timestep }

    /// World pose of free body `index`.
    public func bodyPose(_ index: Int) -> Transform {
        Transform(rotation: bodyOrientations[index].matrix, translation: bodyPositions[index])
    }

    /// Holds every actuated joint at its current position (what a servo does after power-up).
    public func holdCurrentPositions() {
        for i in 0..<model.robotDOF { commands[i] = JointCommand(position: q[i]) }
    }
}
