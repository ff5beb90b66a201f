import Atomics
import Events
import Physics
import Safety

/// Gray frames in, an intrusion decision out. The event reflex (`EventIntrusionDetector`) and the
/// frame-based baseline (`FrameDifferenceDetector`) both implement it, so one `IntrusionReflex`
/// drives either from the same camera and they can be compared on the same scene.
public protocol IntrusionFrameDetector: AnyObject {
    /// Sensor size in pixels.
    var width: Int { get }
    var height: Int { get }
    /// Takes the next 8-bit gray frame, captured at `time` (ns, later than the previous frame), and
    /// returns the decision in force. Allocation-free after the first frames.
    func assess(frame: UnsafeBufferPointer<UInt8>, time: Int64) -> IntrusionDecision
}

/// The intrusion reflex in the loop: a workspace camera, a detector, and the supervisor it drives
/// (`.slow` → collaborative speed, `.stop` → a latched category-2 stop for `.intrusion`).
///
/// It has two sides, because the render (or a real camera's frame) takes milliseconds and must
/// never run on the 1 kHz thread in wall-clock mode:
/// - **camera side** (`capture(_:)` in simulation, `sense(frame:time:)` for frames from anywhere):
///   renders or takes a frame when one is due at the camera's rate, runs the detector and
///   publishes the decision through an atomic. In wall-clock mode this is a camera thread of its
///   own; in lockstep it runs inline on the controller tick, only on ticks where a frame is due.
/// - **supervisor side** (`apply(to:now:)`, on the 1 kHz thread before `Supervisor.filter`): reads
///   what was published since the last tick and drives the supervisor. A few loads and stores.
///
/// Decisions published between two ticks are OR-ed, so a one-frame `.stop` is never lost. The
/// reflex only releases collaborative mode it set itself; stops stay latched until a reset.
/// Allocation-free per frame and per tick after warm-up.
public final class IntrusionReflex {
    public let camera: CameraSensor?
    public let detector: any IntrusionFrameDetector
    /// Nanoseconds between frames (the camera's rate).
    public let period: Int64
    /// Frames taken so far.
    public private(set) var frames = 0
    /// Compute of the latest frame, ns: the render (with the gray conversion) and the detector.
    public private(set) var lastRenderNanoseconds: Int64 = 0
    public private(set) var lastDetectNanoseconds: Int64 = 0
    /// The detector's latest decision (camera side).
    public private(set) var lastDecision = IntrusionDecision.clear

    private var nextFrame: Int64 = 0
    private let gray: UnsafeMutablePointer<UInt8>
    private let pixelCount: Int
    /// Bits published by the camera side since the supervisor side last looked.
    private let published = ManagedAtomic<Int>(0)
    private static let frameBit = 1, slowBit = 2, stopBit = 4
    /// Whether collaborative mode is on because of this reflex (so clearing releases only that).
    private var engagedCollaborative = false

    /// A reflex on a simulated camera, rendering every `1/rate` s of simulated time.
    public convenience init(camera: CameraDescription, world: WorldModel, detector: any IntrusionFrameDetector, rate: Double) {
        precondition(camera.width == detector.width && camera.height == detector.height,
                     "camera \(camera.name) is \(camera.width) x \(camera.height); the detector expects \(detector.width) x \(detector.height)")
        self.init(sensor: CameraSensor(camera, world: world), detector: detector, rate: rate)
    }

    /// A reflex fed frames by the caller (`sense(frame:time:)`), e.g. from a real camera.
    public convenience init(detector: any IntrusionFrameDetector, rate: Double) {
        self.init(sensor: nil, detector: detector, rate: rate)
    }

    private init(sensor: CameraSensor?, detector: any IntrusionFrameDetector, rate: Double) {
        precondition(rate > 0 && rate.isFinite, "frame rate must be positive")
        camera = sensor
        self.detector = detector
        period = Int64((1e9 / rate).rounded())
        pixelCount = detector.width * detector.height
        gray = .allocate(capacity: pixelCount)
        gray.initialize(repeating: 0, count: pixelCount)
    }

    deinit { gray.deallocate() }

    // MARK: Camera side

    /// Simulation: if a frame is due at the world's time, renders the camera, assesses the frame
    /// and publishes the decision. Returns whether a frame was taken.
    @discardableResult
    public func capture(_ data: WorldData) -> Bool {
        guard let camera else { preconditionFailure("this reflex has no simulated camera; use sense(frame:time:)") }
        let time = data.timeNanoseconds
        guard time >= nextFrame else { return false }
        let start = MonotonicClock.now()
        camera.capture(data)
        let frame = UnsafeMutableBufferPointer(start: gray, count: pixelCount)
        lumaFromRGB(camera.renderer.rgb, into: frame)
        lastRenderNanoseconds = MonotonicClock.now() - start
        assessAndPublish(UnsafeBufferPointer(frame), time: time)
        return true
    }

    /// Any camera: assesses a gray frame captured at `time` (ns) if one is due, and publishes the
    /// decision. Frames arriving faster than the rate are skipped. Returns whether it was used.
    @discardableResult
    public func sense(frame: UnsafeBufferPointer<UInt8>, time: Int64) -> Bool {
        guard time >= nextFrame else { return false }
        lastRenderNanoseconds = 0
        assessAndPublish(frame, time: time)
        return true
    }

    private func assessAndPublish(_ frame: UnsafeBufferPointer<UInt8>, time: Int64) {
        // The next frame is one period after this one's slot (no drift, no burst after a stall).
        nextFrame = frames == 0 ? time + period : max(nextFrame + period, time + 1)
        let start = MonotonicClock.now()
        lastDecision = detector.assess(frame: frame, time: time)
        lastDetectNanoseconds = MonotonicClock.now() - start
        frames += 1
        var bits = Self.frameBit
        switch lastDecision {
        case .clear: break
        case .slow: bits |= Self.slowBit
        case .stop: bits |= Self.slowBit | Self.stopBit
        }
        _ = published.loadThenBitwiseOr(with: bits, ordering: .releasing)
    }

    // MARK: Supervisor side

    /// On the 1 kHz thread, before `Supervisor.filter`: applies what the camera side published
    /// since the last call. Returns the most severe decision published, or nil if no frame was
    /// assessed since (the supervisor is left as it is).
    @discardableResult
    public func apply(to supervisor: Supervisor, now: Int64) -> IntrusionDecision? {
        let bits = published.exchange(0, ordering: .acquiring)
        guard bits & Self.frameBit != 0 else { return nil }
        if bits & Self.stopBit != 0, supervisor.fault == nil {
            supervisor.reportFault(.intrusion, now: now)
        }
        if bits & Self.slowBit != 0 {
            if !supervisor.collaborative {
                supervisor.collaborative = true
                engagedCollaborative = true
            }
        } else if engagedCollaborative {
            supervisor.collaborative = false
            engagedCollaborative = false
        }
        return bits & Self.stopBit != 0 ? .stop : (bits & Self.slowBit != 0 ? .slow : .clear)
    }
}
