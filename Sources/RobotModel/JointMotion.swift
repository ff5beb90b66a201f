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
        let (s, c) = (sin(q), cos(q))
        let p = placement.rotation
        let rotation: Mat3
        // placement.rotation · R_axis(q), multiplied out for the axis-aligned cases.
        switch alignedAxis {
        case 0:
            rotation = Mat3(rows: Vec3(p.r0.x, p.r0.y * c + p.r0.z * s, p.r0.z * c - p.r0.y * s),
                            Vec3(p.r1.x, p.r1.y * c + p.r1.z * s, p.r1.z * c - p.r1.y * s),
                            Vec3(p.r2.x, p.r2.y * c + p.r2.z * s, p.r2.z * c - p.r2.y * s))
        case 1:
            rotation = Mat3(rows: Vec3(p.r0.x * c - p.r0.z * s, p.r0.y, p.r0.x * s + p.r0.z * c),
                            Vec3(p.r1.x * c - p.r1.z * s, p.r1.y, p.r1.x * s + p.r1.z * c),
                            Vec3(p.r2.x * c - p.r2.z * s, p.r2.y, p.r2.x * s + p.r2.z * c))
        case 2:
            rotation = Mat3(rows: Vec3(p.r0.x * c + p.r0.y * s, p.r0.y * c - p.r0.x * s, p.r0.z),
                            Vec3(p.r1.x * c + p.r1.y * s, p.r1.y * c - p.r1.x * s, p.r1.z),
                            Vec3(p.r2.x * c + p.r2.y * s, p.r2.y * c - p.r2.x * s, p.r2.z))
        default:
            rotation = p * Mat3.axisAngle(axis, sin: s, cos: c)
        }
        return Transform(rotation: rotation, translation: placement.translation)
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

    /// The joint's unit motion `S` (its motion subspace) in its own frame: a Jacobian column.
    @inline(__always)
    func subspace() -> Motion { motion(1) }
}
