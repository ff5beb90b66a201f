import Events

/// The event reflex's detector: the DVS emulator on each frame, then the event-activity
/// `IntrusionDetector` over the events since the previous frame. At a render rate of 500 Hz or
/// more it sees an edge enter a zone within a frame or two, where a 30 fps camera may not even
/// have taken its next frame; and it costs little, because only changed pixels do any work.
public final class EventIntrusionDetector: IntrusionFrameDetector {
    public let model: DVSModel
    public let state: DVSState
    public let detector: IntrusionDetector
    public let monitor: IntrusionMonitor
    public var width: Int { model.width }
    public var height: Int { model.height }
    /// Events emitted in zones and elsewhere since the start (for reports).
    public var eventCount: Int { state.onEventCount + state.offEventCount }

    /// `parameters` default to the emulator's (v2e) defaults; give them a seed per trial.
    public init(detector: IntrusionDetector, parameters: DVSParameters = DVSParameters()) throws(DVSParameterError) {
        model = try DVSModel(width: detector.width, height: detector.height, parameters: parameters)
        state = DVSState(model)
        self.detector = detector
        monitor = IntrusionMonitor(detector)
    }

    /// The latest assessment, with the zone behind it and its activity (events per pixel per second).
    public private(set) var lastAssessment: IntrusionAssessment?

    public func assess(frame: UnsafeBufferPointer<UInt8>, time: Int64) -> IntrusionDecision {
        let micros = time / 1000
        emulateDVS(model, state, frame: frame, timestamp: micros)
        let assessment = assessIntrusion(detector, monitor, events: state.events, now: micros)
        lastAssessment = assessment
        return assessment.decision
    }
}
