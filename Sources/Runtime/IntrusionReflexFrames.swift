import Events

/// The frame-based baseline the event reflex is measured against: per zone, the fraction of pixels
/// whose gray value changed by more than `levelThreshold` since the previous frame (absolute frame
/// difference, the classic motion detector). Run at a normal camera rate (30 frames/s) it can only
/// react at the next frame, which is what the comparison shows.
public final class FrameDifferenceDetector: IntrusionFrameDetector {
    public let width: Int
    public let height: Int
    public let zones: [IntrusionZone]
    /// Gray levels a pixel must change by to count as changed.
    public let levelThreshold: Int
    /// Fractions of a zone's pixels changed from which the robot slows down and stops.
    public let slowFraction: Double
    public let stopFraction: Double
    /// A decision stays in force this long (ns) after its threshold was last exceeded.
    public let holdTime: Int64
    private let previous: UnsafeMutablePointer<UInt8>
    private var hasPrevious = false
    private var slowUntil: [Int64]
    private var stopUntil: [Int64]

    public init(width: Int, height: Int, zones: [IntrusionZone], levelThreshold: Int = 20, slowFraction: Double, stopFraction: Double,
                holdTime: Int64 = 500_000_000) {
        precondition(width > 0 && height > 0 && !zones.isEmpty, "a sensor and at least one zone")
        precondition(levelThreshold >= 0 && levelThreshold < 255, "level threshold in 0..<255")
        precondition(slowFraction > 0 && stopFraction >= slowFraction, "0 < slow ≤ stop fraction")
        for z in zones {
            precondition(z.width > 0 && z.height > 0 && z.x >= 0 && z.y >= 0 && z.x + z.width <= width && z.y + z.height <= height,
                         "zone \(z.name) must lie on the \(width) x \(height) sensor")
        }
        self.width = width
        self.height = height
        self.zones = zones
        self.levelThreshold = levelThreshold
        self.slowFraction = slowFraction
        self.stopFraction = stopFraction
        self.holdTime = holdTime
        previous = .allocate(capacity: width * height)
        previous.initialize(repeating: 0, count: width * height)
        slowUntil = Array(repeating: .min, count: zones.count)
        stopUntil = Array(repeating: .min, count: zones.count)
        lastFractions = Array(repeating: 0, count: zones.count)
    }

    deinit { previous.deallocate() }

    /// Fraction of pixels changed in each zone at the latest frame (for reports).
    public private(set) var lastFractions: [Double]

    public func assess(frame: UnsafeBufferPointer<UInt8>, time: Int64) -> IntrusionDecision {
        precondition(frame.count == width * height, "frame has \(frame.count) pixels; the sensor has \(width * height)")
        var result = IntrusionDecision.clear
        if hasPrevious {
            var k = 0
            while k < zones.count {
                let z = zones[k]
                var changed = 0
                var y = z.y
                while y < z.y + z.height {
                    var i = y * width + z.x
                    let end = i + z.width
                    while i < end {
                        if abs(Int(frame[i]) - Int(previous[i])) > levelThreshold { changed += 1 }
                        i += 1
                    }
                    y += 1
                }
                let fraction = Double(changed) / Double(z.width * z.height)
                if fraction >= stopFraction { stopUntil[k] = time + holdTime }
                if fraction >= slowFraction { slowUntil[k] = time + holdTime }
                lastFractions[k] = fraction
                result = max(result, time <= stopUntil[k] ? .stop : (time <= slowUntil[k] ? .slow : .clear))
                k += 1
            }
        }
        previous.update(from: frame.baseAddress!, count: width * height)
        hasPrevious = true
        return result
    }
}
