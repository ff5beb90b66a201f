/// An event frame: per-pixel ON and OFF counts over a time window, the simplest dense view of an
/// event stream (for learned planners, for people, for activity tests). Allocation-free after
/// `init`; `clear` starts the next window.
public final class EventHistogram {
    public let width: Int
    public let height: Int
    @usableFromInline let onCounts: UnsafeMutablePointer<UInt32>
    @usableFromInline let offCounts: UnsafeMutablePointer<UInt32>
    /// Events accumulated since the last `clear`.
    public private(set) var eventCount = 0

    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "size must be positive")
        self.width = width
        self.height = height
        onCounts = .allocate(capacity: width * height)
        offCounts = .allocate(capacity: width * height)
        onCounts.initialize(repeating: 0, count: width * height)
        offCounts.initialize(repeating: 0, count: width * height)
    }

    deinit {
        onCounts.deallocate()
        offCounts.deallocate()
    }

    public func clear() {
        onCounts.update(repeating: 0, count: width * height)
        offCounts.update(repeating: 0, count: width * height)
        eventCount = 0
    }

    /// Adds the events with `window.lowerBound ≤ t < window.upperBound` (µs) that fall on the sensor.
    public func add(_ events: UnsafeBufferPointer<PolarityEvent>, window: Range<Int64> = Int64.min..<Int64.max) {
        var k = 0
        while k < events.count {
            let e = events[k]
            k += 1
            guard window.contains(e.timestamp), Int(e.x) < width, Int(e.y) < height else { continue }
            let i = Int(e.y) * width + Int(e.x)
            if e.polarity { onCounts[i] &+= 1 } else { offCounts[i] &+= 1 }
            eventCount += 1
        }
    }

    public func onCount(x: Int, y: Int) -> Int { Int(onCounts[y * width + x]) }
    public func offCount(x: Int, y: Int) -> Int { Int(offCounts[y * width + x]) }

    /// ON minus OFF at each pixel, row-major (the signed "event frame" many networks take).
    public func writeSignedCounts(into output: UnsafeMutableBufferPointer<Float>) {
        precondition(output.count == width * height, "output must hold width × height values")
        for i in 0..<(width * height) { output[i] = Float(onCounts[i]) - Float(offCounts[i]) }
    }

    /// An RGB picture for people: black where nothing happened, ON in green, OFF in red (yellow
    /// where both), brightness saturating at `fullScale` events.
    public func writeRGB(into output: UnsafeMutableBufferPointer<UInt8>, fullScale: Int = 2) {
        precondition(output.count == width * height * 3, "output must hold width × height × 3 bytes")
        let scale = 255 / Double(max(fullScale, 1))
        for i in 0..<(width * height) {
            output[3 * i] = UInt8(min(255, (Double(offCounts[i]) * scale).rounded()))
            output[3 * i + 1] = UInt8(min(255, (Double(onCounts[i]) * scale).rounded()))
            output[3 * i + 2] = 0
        }
    }
}
