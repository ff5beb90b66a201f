import Foundation
import Spatial

/// The pinhole model of an ideal, distortion-free camera, in OpenCV's conventions.
///
/// Camera frame: x right, y down, z forward along the optical axis. A point `(x, y, z)` with
/// `z > 0` lands at `u = fx·x/z + cx`, `v = fy·y/z + cy`.
///
/// Pixel coordinates put the *centre* of the pixel in column `i`, row `j` at `(u, v) = (i, j)`, so
/// the image covers `[−0.5, width − 0.5] × [−0.5, height − 0.5]` and its geometric centre is
/// `((width − 1)/2, (height − 1)/2)`. This is what OpenCV's `projectPoints`, calibration and
/// undistortion assume; using it here means intrinsics calibrated on the real camera can be dropped
/// into the simulator (and simulated images fed to OpenCV) without a half-pixel shift.
public struct CameraIntrinsics: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Focal lengths in pixels.
    public var fx: Double
    public var fy: Double
    /// Principal point in pixels (pixel-centre convention above).
    public var cx: Double
    public var cy: Double

    public init(width: Int, height: Int, fx: Double, fy: Double, cx: Double, cy: Double) {
        precondition(width > 0 && height > 0, "image must have at least one pixel")
        precondition(fx > 0 && fy > 0, "focal lengths must be positive")
        self.width = width
        self.height = height
        self.fx = fx
        self.fy = fy
        self.cx = cx
        self.cy = cy
    }

    /// Square pixels, the principal point at the image centre, and a vertical field of view
    /// measured between the outer edges of the top and bottom rows: `tan(fovY/2) = (height/2)/fy`.
    public init(width: Int, height: Int, fovYDegrees: Double) {
        precondition(fovYDegrees > 0 && fovYDegrees < 180, "vertical field of view must be in (0°, 180°)")
        let f = Double(height) / 2 / tan(fovYDegrees * .pi / 360)
        self.init(width: width, height: height, fx: f, fy: f,
                  cx: Double(width - 1) / 2, cy: Double(height - 1) / 2)
    }

    /// The pixel coordinates of a point given in the camera frame; `nil` for a point on or behind
    /// the camera plane (`z ≤ 0`), which has no image. The result may lie outside the image.
    @inlinable
    public func project(_ pointInCamera: Vec3) -> (u: Double, v: Double)? {
        guard pointInCamera.z > 0 else { return nil }
        let invZ = 1 / pointInCamera.z
        return (fx * pointInCamera.x * invZ + cx, fy * pointInCamera.y * invZ + cy)
    }

    /// The ray through pixel coordinates `(u, v)`, scaled so its z component is 1: the camera-frame
    /// point seen at `(u, v)` with depth `z` is `z · ray(u:v:)`.
    @inlinable
    public func ray(u: Double, v: Double) -> Vec3 {
        Vec3((u - cx) / fx, (v - cy) / fy, 1)
    }
}
