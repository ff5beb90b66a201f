import Events
import Physics

/// The event stream a DVS beside the front camera would see: the front camera rendered every
/// 10 ms of simulated time, turned into gray, and fed to the DVS emulator; events accumulate per
/// pixel and polarity until a planner tick takes them as one [2, H, W] frame of counts (ON, then
/// OFF), saturating at 255. One instance per thread.
final class EventCamera {
    /// Controller ticks (1 ms) between frames fed to the emulator: 100 Hz.
    static let frameEvery: Int64 = 10

    private let camera: CameraSensor
    private let model: DVSModel
    private var state: DVSState
    private let histogram: EventHistogram
    private var gray: [UInt8]
    /// Simulator step of the latest render (the front image at a planner tick reuses it).
    private(set) var renderedStep: Int64 = -1

    init(camera: CameraSensor) throws(DatasetError) {
        self.camera = camera
        let width = camera.description.width, height = camera.description.height
        do { model = try DVSModel(width: width, height: height) } catch { throw .badInput("event camera: \(error.description)") }
        state = DVSState(model)
        histogram = EventHistogram(width: width, height: height)
        gray = Array(repeating: 0, count: width * height)
    }

    /// A fresh sensor for the next episode (no memory of the last one's frames).
    func reset() {
        state = DVSState(model)
        histogram.clear()
        renderedStep = -1
    }

    /// Called after every simulator step (and at planner ticks, where the step's frame may not
    /// be rendered yet: the first tick comes before the first step); renders and emulates every
    /// 10th step, once.
    func observe(_ world: WorldData) {
        guard world.steps % Self.frameEvery == 0, world.steps != renderedStep else { return }
        camera.capture(world)
        renderedStep = world.steps
        gray.withUnsafeMutableBufferPointer { lumaFromRGB(camera.renderer.rgb, into: $0) }
        let microseconds = world.timeNanoseconds / 1000
        gray.withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: microseconds) }
        histogram.add(state.events)
    }

    /// Appends the counts since the previous call as 2·H·W bytes (ON plane, then OFF) and starts
    /// the next window.
    func takeCounts(into output: inout [UInt8]) {
        let width = histogram.width, height = histogram.height
        for y in 0..<height { for x in 0..<width { output.append(UInt8(clamping: histogram.onCount(x: x, y: y))) } }
        for y in 0..<height { for x in 0..<width { output.append(UInt8(clamping: histogram.offCount(x: x, y: y))) } }
        histogram.clear()
    }
}
