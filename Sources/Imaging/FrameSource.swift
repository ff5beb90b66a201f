/// Anything that delivers camera frames: a V4L2 camera, a recorded video, the simulator's camera.
///
/// Why one protocol: a planner should not know whether its pixels come from a USB camera, a replayed log or
/// the renderer, so the same planner code runs on the robot, in replays and in simulation.
/// Frames are 8-bit RGB, `height × width × 3` bytes, rows top to bottom; the caller owns the buffer so a
/// steady stream of frames allocates nothing.
public protocol FrameSource: AnyObject {
    /// Size of the frames `grab` writes.
    var width: Int { get }
    var height: Int { get }
    /// Writes the next frame into `rgb` (at least `width · height · 3` bytes) and returns its timestamp in
    /// nanoseconds (a device's monotonic clock, a file's media time, the simulation time), or nil when a finite
    /// source (a file) has no more frames. Throws when the source fails (unplugged, undecodable).
    func grab(into rgb: UnsafeMutableBufferPointer<UInt8>) throws(CameraError) -> Int64?
}

extension FrameSource {
    /// The next frame as a new `Image` with its timestamp, or nil at the end of a finite source.
    /// Allocates a frame; loops that run for long should reuse a buffer with `grab(into:)`.
    public func nextFrame() throws(CameraError) -> (image: Image, timestampNanoseconds: Int64)? {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        guard let stamp = try pixels.withUnsafeMutableBufferPointer({ (buffer) throws(CameraError) -> Int64? in
            try grab(into: buffer)
        }) else { return nil }
        do {
            return (try Image(width: width, height: height, channels: 3, bitDepth: 8, pixels: pixels), stamp)
        } catch {
            throw CameraError(kind: .other, source: "frame", message: error.description)
        }
    }
}
