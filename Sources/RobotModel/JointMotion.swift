import Foundation
import Spatial

/// What one 1-DoF joint contributes, written once for every algorithm: its transform at a
/// position, its motion subspace `S`, and the projection `Sᵀ f`.
extension Joint {
    /// `parent_M_joint` at position `q`: the zero-position placement followed by the joint motion.
    @inline(__always)
    func pose(_ q: Double) -> Transform {
        if kind == .prismatic {
            return Transform(rotation: placement.rotation, translation: placement.act(point: q * axis))
        }
        let r = Mat3.axisAngle(axis, sin: sin(q), cos: cos(q))
        return Transform(rotation: placement.rotation * r, translation: placement.translation)
    }

    /// `S · qd`: the joint's velocity contribution in its own frame.
    @inline(__always)
    func motion(_ qd: Double) -> Motion {
        kind == .prismatic ? Motion(linear: qd * axis, angular: .zero) : Motion(linear: .zero, angular: qd * axis)
    }

    /// `Sᵀ f`: the generalized force a spatial force exerts along the joint.
    @inline(__always)
    func project(_ f: Force) -> Double {
        kind == .prismatic ? axis.dot(f.linear) : axis.dot(f.angular)
    }

    /// `Sᵀ m` for a motion (the joint-axis component), used for Jacobian-like projections.
    @inline(__always)
    func subspace() -> Motion { motion(1) }
}
