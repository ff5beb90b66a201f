import Spatial

extension Transform {
    /// The pose `world_M_camera` of an OpenCV-convention camera (x right, y down, z forward) at
    /// `eye` looking at `target`, rolled so that `up` points up in the image (towards −v).
    ///
    /// Written for scene set-up and tests, where "put the camera there, looking at that" is the
    /// natural statement; the renderer takes the resulting transform as-is. When `up` is parallel
    /// to the viewing direction the roll is undefined; a fixed fallback axis is used so the result
    /// is still a valid rotation.
    public static func camera(eye: Vec3, lookAt target: Vec3, up: Vec3 = .unitZ) -> Transform {
        guard let forward = (target - eye).normalized else {
            preconditionFailure("camera(eye:lookAt:): eye and target coincide")
        }
        // x = forward × up points right when y (= forward × x) points down, i.e. against `up`.
        let fallback: Vec3 = abs(forward.x) < 0.9 ? .unitX : .unitY
        let right = forward.cross(up).normalized ?? forward.cross(fallback).normalized!
        let down = forward.cross(right)
        // Columns are the camera axes expressed in the world frame.
        return Transform(
            rotation: Mat3(right.x, down.x, forward.x,
                           right.y, down.y, forward.y,
                           right.z, down.z, forward.z),
            translation: eye)
    }
}
