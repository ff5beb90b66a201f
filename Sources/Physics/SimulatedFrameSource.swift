import Imaging

/// The simulator's camera seen as a frame source: each grab renders the world's current state and copies the
/// pixels out, stamped with the simulation time.
///
/// Why: planners take frames through Imaging's `FrameSource` (a V4L2 camera on the robot, a video file in a
/// replay); this adapter gives them the simulator's camera with the same `width`, `height` and
/// `grab(into:) -> Int64?` shape, so one planner runs unchanged in simulation.
/// Rendering never fails, so `grab` does not throw; grabbing allocates nothing.
public final class SimulatedFrameSource: FrameSource {
    public let sensor: CameraSensor
    /// The world state that is rendered; the simulation steps it between grabs.
    public let data: WorldData

    public var width: Int { sensor.description.width }
    public var height: Int { sensor.description.height }

    public init(sensor: CameraSensor, data: WorldData) {
        self.sensor = sensor
        self.data = data
    }

    /// Renders the current state into `rgb` (`height × width × 3` bytes, at least) and returns the simulation
    /// time in nanoseconds. Never nil: the simulated camera does not run out of frames.
    public func grab(into rgb: UnsafeMutableBufferPointer<UInt8>) -> Int64? {
        let count = width * height * 3
        precondition(rgb.count >= count, "SimulatedFrameSource: buffer of \(rgb.count) bytes for a \(width)x\(height) RGB frame")
        sensor.capture(data)
        let source = sensor.renderer.rgb
        rgb.baseAddress!.update(from: source.baseAddress!, count: count)
        return data.timeNanoseconds
    }
}
