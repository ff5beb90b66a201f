/// A rectangle of a workspace camera's image where unexpected motion (a hand, a person) must make
/// the robot slow down or stop. Pixel coordinates, half-open: x in `x..<x+width`.
public struct IntrusionZone: Sendable, Equatable {
    public var name: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// Event activity (events per zone pixel per second over the window) from which the robot
    /// drops to collaborative speed.
    public var slowActivity: Double
    /// Activity from which the robot stops.
    public var stopActivity: Double

    public init(name: String, x: Int, y: Int, width: Int, height: Int, slowActivity: Double, stopActivity: Double) {
        self.name = name
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.slowActivity = slowActivity
        self.stopActivity = stopActivity
    }
}

/// What the intrusion reflex asks of the supervisor, in increasing severity.
public enum IntrusionDecision: Int, Sendable, Comparable {
    case clear, slow, stop

    public static func < (a: IntrusionDecision, b: IntrusionDecision) -> Bool { a.rawValue < b.rawValue }
}

/// The decision with its reason: the zone that caused it and that zone's activity.
public struct IntrusionAssessment: Sendable, Equatable {
    public var decision: IntrusionDecision
    /// Index in `IntrusionDetector.zones` of the zone behind the decision (nil when clear).
    public var zone: Int?
    /// Events per zone pixel per second over the window, of that zone (0 when clear).
    public var activity: Double
}

/// The event-driven intrusion reflex, constant part: sensor size, zones, time window and hold
/// time. Event cameras report motion within about a millisecond, so this reflex can react long
/// before a frame-based detector has even captured its next frame; it watches only activity, so it
/// needs no learned model that could fail silently.
///
/// Zones should avoid the robot's own workspace (its motion is activity too). Up to 64 zones.
public struct IntrusionDetector: Sendable {
    public let width: Int
    public let height: Int
    public let zones: [IntrusionZone]
    /// Activity is counted over the last `window` µs, in `binCount` bins.
    public let window: Int64
    public let binCount: Int
    /// A decision stays in force at least this long (µs) after its threshold was last exceeded,
    /// so one quiet millisecond of a moving hand does not release the robot.
    public let holdTime: Int64
    /// Per pixel, a bit per zone containing it.
    let zoneMask: [UInt64]

    public init(width: Int, height: Int, zones: [IntrusionZone], window: Int64 = 10_000, binCount: Int = 10, holdTime: Int64 = 500_000) {
        precondition(width > 0 && height > 0, "sensor size must be positive")
        precondition(!zones.isEmpty && zones.count <= 64, "1...64 zones")
        precondition(window > 0 && binCount > 0 && window % Int64(binCount) == 0, "window must be a positive multiple of binCount µs")
        precondition(holdTime >= 0, "hold time must be ≥ 0")
        for z in zones {
            precondition(z.width > 0 && z.height > 0 && z.x >= 0 && z.y >= 0 && z.x + z.width <= width && z.y + z.height <= height,
                         "zone \(z.name) must lie on the \(width) x \(height) sensor")
            precondition(z.slowActivity > 0 && z.stopActivity >= z.slowActivity, "zone \(z.name): 0 < slow ≤ stop activity")
        }
        self.width = width
        self.height = height
        self.zones = zones
        self.window = window
        self.binCount = binCount
        self.holdTime = holdTime
        var mask = [UInt64](repeating: 0, count: width * height)
        for (k, z) in zones.enumerated() {
            for y in z.y..<(z.y + z.height) {
                for x in z.x..<(z.x + z.width) { mask[y * width + x] |= 1 << UInt64(k) }
            }
        }
        zoneMask = mask
    }
}

/// The intrusion reflex's changing part: per-zone event counts in time bins and the decisions in
/// force. Allocated once; `assessIntrusion` allocates nothing.
public final class IntrusionMonitor {
    let zoneCount: Int
    let binCount: Int
    let binWidth: Int64
    /// counts[zone * binCount + bin]
    let counts: UnsafeMutablePointer<Int32>
    /// Events per zone in the whole window.
    let sums: UnsafeMutablePointer<Int32>
    /// Until when (µs) each zone's slow and stop decisions are held.
    let slowUntil: UnsafeMutablePointer<Int64>
    let stopUntil: UnsafeMutablePointer<Int64>
    /// Start time of the current bin, and its index.
    var binStart: Int64?
    var bin = 0

    public init(_ detector: IntrusionDetector) {
        zoneCount = detector.zones.count
        binCount = detector.binCount
        binWidth = detector.window / Int64(detector.binCount)
        counts = .allocate(capacity: zoneCount * binCount)
        counts.initialize(repeating: 0, count: zoneCount * binCount)
        sums = .allocate(capacity: zoneCount)
        sums.initialize(repeating: 0, count: zoneCount)
        slowUntil = .allocate(capacity: zoneCount)
        slowUntil.initialize(repeating: .min, count: zoneCount)
        stopUntil = .allocate(capacity: zoneCount)
        stopUntil.initialize(repeating: .min, count: zoneCount)
    }

    deinit {
        counts.deallocate()
        sums.deallocate()
        slowUntil.deallocate()
        stopUntil.deallocate()
    }

    /// Moves the current bin forward to the one containing `time`, emptying the bins that leave the window.
    func advance(to time: Int64) {
        guard let start = binStart else {
            binStart = time
            return
        }
        guard time >= start + binWidth else { return }
        let steps = (time - start) / binWidth
        var k: Int64 = 0
        while k < min(steps, Int64(binCount)) {
            bin = bin + 1 == binCount ? 0 : bin + 1
            var z = 0
            while z < zoneCount {
                sums[z] -= counts[z * binCount + bin]
                counts[z * binCount + bin] = 0
                z += 1
            }
            k += 1
        }
        binStart = start + steps * binWidth
    }
}

/// Adds the latest events (time-ordered, e.g. `DVSState.events`) and decides, at `now` (µs, not
/// before the events), whether the robot may continue, must slow down or must stop.
public func assessIntrusion(
    _ detector: IntrusionDetector, _ monitor: IntrusionMonitor, events: UnsafeBufferPointer<PolarityEvent>, now: Int64
) -> IntrusionAssessment {
    detector.zoneMask.withUnsafeBufferPointer { mask in
        var k = 0
        while k < events.count {
            let e = events[k]
            k += 1
            guard Int(e.x) < detector.width, Int(e.y) < detector.height else { continue }
            var bits = mask[Int(e.y) * detector.width + Int(e.x)]
            if bits == 0 { continue }
            monitor.advance(to: e.timestamp)
            while bits != 0 {
                let z = bits.trailingZeroBitCount
                bits &= bits - 1
                monitor.counts[z * monitor.binCount + monitor.bin] += 1
                monitor.sums[z] += 1
            }
        }
    }
    monitor.advance(to: now)
    var result = IntrusionAssessment(decision: .clear, zone: nil, activity: 0)
    let seconds = Double(detector.window) * 1e-6
    var z = 0
    while z < detector.zones.count {
        let zone = detector.zones[z]
        let activity = Double(monitor.sums[z]) / Double(zone.width * zone.height) / seconds
        if activity >= zone.stopActivity { monitor.stopUntil[z] = now + detector.holdTime }
        if activity >= zone.slowActivity { monitor.slowUntil[z] = now + detector.holdTime }
        let decision: IntrusionDecision = now <= monitor.stopUntil[z] ? .stop : (now <= monitor.slowUntil[z] ? .slow : .clear)
        if decision > result.decision || (decision == result.decision && decision != .clear && activity > result.activity) {
            result = IntrusionAssessment(decision: decision, zone: z, activity: activity)
        }
        z += 1
    }
    return result
}
