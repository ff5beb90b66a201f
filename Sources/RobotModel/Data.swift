import Spatial

/// The mutable workspace of the algorithms for one `Model`: every intermediate and result lives in
/// memory allocated here once, so the algorithms themselves never allocate.
///
/// Results are exposed as buffer views valid for the life of this object. One `Data` per thread.
public final class Data {
    public let dof: Int
    let jointCount: Int
    let frameCount: Int

    // Per joint (index 0 = universe).
    let parentFromJoint: UnsafeMutablePointer<Transform>   // liMi: joint frame in parent joint frame
    let worldFromJoint: UnsafeMutablePointer<Transform>    // oMi
    let velocity: UnsafeMutablePointer<Motion>
    let acceleration: UnsafeMutablePointer<Motion>
    let force: UnsafeMutablePointer<Force>
    let compositeInertia: UnsafeMutablePointer<OriginInertia>
    let articulatedInertia: UnsafeMutablePointer<ArticulatedInertia>
    let biasForce: UnsafeMutablePointer<Force>
    let biasAcceleration: UnsafeMutablePointer<Motion>
    let jointForceDirection: UnsafeMutablePointer<Force>   // U = IA·S
    let inverseJointInertia: UnsafeMutablePointer<Double>  // 1 / (Sᵀ IA S)
    let jointBiasTorque: UnsafeMutablePointer<Double>      // u = τ − Sᵀ pA

    // Per frame.
    let worldFromFrame: UnsafeMutablePointer<Transform>

    // Results, length dof (or dof², 6·dof).
    let torque: UnsafeMutablePointer<Double>
    let jointAcceleration: UnsafeMutablePointer<Double>
    let gravityTorque: UnsafeMutablePointer<Double>
    let mass: UnsafeMutablePointer<Double>
    let frameJacobian: UnsafeMutablePointer<Double>

    public init(_ model: Model) {
        dof = model.dof
        jointCount = model.joints.count
        frameCount = model.frames.count
        func make<T>(_ count: Int, _ value: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            p.initialize(repeating: value, count: max(count, 1))
            return p
        }
        parentFromJoint = make(jointCount, .identity)
        worldFromJoint = make(jointCount, .identity)
        velocity = make(jointCount, .zero)
        acceleration = make(jointCount, .zero)
        force = make(jointCount, .zero)
        compositeInertia = make(jointCount, OriginInertia(.zero))
        articulatedInertia = make(jointCount, .zero)
        biasForce = make(jointCount, .zero)
        biasAcceleration = make(jointCount, .zero)
        jointForceDirection = make(jointCount, .zero)
        inverseJointInertia = make(jointCount, 0)
        jointBiasTorque = make(jointCount, 0)
        worldFromFrame = make(frameCount, .identity)
        torque = make(dof, 0)
        jointAcceleration = make(dof, 0)
        gravityTorque = make(dof, 0)
        mass = make(dof * dof, 0)
        frameJacobian = make(6 * dof, 0)
    }

    deinit {
        parentFromJoint.deallocate(); worldFromJoint.deallocate(); worldFromFrame.deallocate()
        velocity.deallocate(); acceleration.deallocate(); biasAcceleration.deallocate()
        force.deallocate(); biasForce.deallocate(); jointForceDirection.deallocate()
        compositeInertia.deallocate(); articulatedInertia.deallocate()
        inverseJointInertia.deallocate(); jointBiasTorque.deallocate()
        torque.deallocate(); jointAcceleration.deallocate(); gravityTorque.deallocate()
        mass.deallocate(); frameJacobian.deallocate()
    }

    /// World pose of every joint frame after `forwardKinematics` (index 0 = universe).
    public var jointPoses: UnsafeBufferPointer<Transform> { UnsafeBufferPointer(start: worldFromJoint, count: jointCount) }
    /// World pose of every frame (URDF link) after `forwardKinematics`, in `model.frames` order.
    public var framePoses: UnsafeBufferPointer<Transform> { UnsafeBufferPointer(start: worldFromFrame, count: frameCount) }
    /// Joint torques from `rnea`.
    public var tau: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: torque, count: dof) }
    /// Joint accelerations from `aba`.
    public var ddq: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: jointAcceleration, count: dof) }
    /// Generalized gravity from `generalizedGravity`.
    public var gravity: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: gravityTorque, count: dof) }
    /// Joint-space mass matrix from `crba`, row-major `dof × dof`, both triangles filled.
    public var massMatrix: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: mass, count: dof * dof) }
    /// Frame Jacobian from `frameJacobian`, row-major `6 × dof`, rows (linear xyz, angular xyz).
    public var jacobian: UnsafeBufferPointer<Double> { UnsafeBufferPointer(start: frameJacobian, count: 6 * dof) }
}
