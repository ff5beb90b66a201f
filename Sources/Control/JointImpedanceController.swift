import RobotModel

/// Joint impedance control with gravity compensation and inverse-dynamics feed-forward, for
/// torque-capable joints: τ = RNEA(q, q̇*, q̈*) + kp (q* − q) + kd (q̇* − q̇). With the model exact
/// the feedback only corrects disturbances, so the gains can stay compliant. Allocation-free.
public final class JointImpedanceController {
    public let model: Model
    public var kp: [Double]
    public var kd: [Double]
    /// The commanded torques of the last tick.
    public private(set) var torque: [Double]
    private let data: RobotModel.Data

    public init(model: Model, kp: [Double], kd: [Double]) {
        precondition(kp.count == model.dof && kd.count == model.dof)
        self.model = model
        self.kp = kp
        self.kd = kd
        torque = Array(repeating: 0, count: model.dof)
        data = RobotModel.Data(model)
    }

    /// One tick from the measured state toward the reference (position, velocity, acceleration).
    public func tick(q: [Double], v: [Double], reference q0: [Double], velocity v0: [Double], acceleration a0: [Double]) {
        // Feed-forward at the measured configuration and the reference motion.
        rnea(model, data, q: q, v: v0, a: a0)
        for i in 0..<model.dof {
            torque[i] = data.tau[i] + kp[i] * (q0[i] - q[i]) + kd[i] * (v0[i] - v[i])
        }
    }
}
