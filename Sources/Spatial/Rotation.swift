import Foundation

/// Constructors of rotation matrices in the conventions robot descriptions use.
extension Mat3 {
    /// The URDF/ROS fixed-axis roll-pitch-yaw rotation: `Rz(yaw) · Ry(pitch) · Rx(roll)`.
    public static func rpy(_ roll: Double, _ pitch: Double, _ yaw: Double) -> Mat3 {
        let (sr, cr) = (sin(roll), cos(roll))
        let (sp, cp) = (sin(pitch), cos(pitch))
        let (sy, cy) = (sin(yaw), cos(yaw))
        return Mat3(
            cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr,
            sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr,
            -sp, cp * sr, cp * cr)
    }

    /// Rotation by `angle` about the unit vector `axis` (Rodrigues' formula), given its sine and
    /// cosine so callers that already have them (joint transforms) do not recompute them.
    @inlinable @inline(__always)
    public static func axisAngle(_ axis: Vec3, sin s: Double, cos c: Double) -> Mat3 {
        let t = 1 - c
        let (x, y, z) = (axis.x, axis.y, axis.z)
        return Mat3(
            c + t * x * x, t * x * y - s * z, t * x * z + s * y,
            t * x * y + s * z, c + t * y * y, t * y * z - s * x,
            t * x * z - s * y, t * y * z + s * x, c + t * z * z)
    }

    /// Rotation by `angle` about the unit vector `axis`.
    @inlinable
    public static func axisAngle(_ axis: Vec3, _ angle: Double) -> Mat3 {
        axisAngle(axis, sin: sin(angle), cos: cos(angle))
    }

    /// Roll, pitch, yaw with `self == .rpy(roll, pitch, yaw)` (pitch in [-π/2, π/2]).
    public var rpy: Vec3 {
        let pitch = atan2(-r2.x, (r0.x * r0.x + r1.x * r1.x).squareRoot())
        if abs(cos(pitch)) < 1e-9 {
            // Gimbal lock: only roll − yaw (or roll + yaw) is defined; put it all in roll.
            return Vec3(atan2(-r1.z, r1.y), pitch, 0)
        }
        return Vec3(atan2(r2.y, r2.z), pitch, atan2(r1.x, r0.x))
    }
}
