/// The mutable side of an emulated sensor: per-pixel memorised level, previous input, low-pass
/// state and last event time, plus the event output of the latest frame. One per sensor and
/// thread; `emulateDVS` updates it in place.
///
/// Storage is allocated once here. The output and sort buffers only grow when a frame brings
/// more events (or a longer frame interval) than any frame before, so a running sensor makes no
/// heap allocation per frame.
public final class DVSState {
    public let width: Int
    public let height: Int
    /// Events of the latest frame interval, ordered by time (stable: ties in raster order).
    /// Valid until the next `emulateDVS` call.
    public var events: UnsafeBufferPointer<PolarityEvent> { UnsafeBufferPointer(start: sorted, count: eventCount) }
    /// Time of the latest frame, µs (nil before the first frame).
    public internal(set) var lastFrameTime: Int64?
    /// ON and OFF events emitted since the first frame.
    public internal(set) var onEventCount = 0
    public internal(set) var offEventCount = 0

    /// Memorised log level of each pixel (the differencing amplifier's reset level).
    let reference: UnsafeMutablePointer<Float>
    /// Photoreceptor output at the previous frame (start of the interpolation segment).
    let previous: UnsafeMutablePointer<Float>
    /// 8-bit input of each pixel at the previous frame (for skipping unchanged pixels).
    let lastValue: UnsafeMutablePointer<UInt8>
    /// 8-bit values above `onLimit` fire ON, below `offLimit` fire OFF (time-invariant pixels).
    let onLimit: UnsafeMutablePointer<UInt8>
    let offLimit: UnsafeMutablePointer<UInt8>
    /// Time of each pixel's last event, µs, for the refractory period.
    let lastEvent: UnsafeMutablePointer<Int64>
    /// Noise draws (shot noise), seeded from the parameters.
    var random: SplitMix64

    /// Events in raster order as the pixel loop finds them, then sorted by time into `sorted`.
    var unsorted: UnsafeMutablePointer<PolarityEvent>
    var sorted: UnsafeMutablePointer<PolarityEvent>
    var eventCapacity: Int
    var eventCount = 0
    /// Counting-sort histogram over the µs offsets of one frame interval.
    var histogram: UnsafeMutablePointer<Int32>
    var histogramCapacity: Int

    public init(_ model: DVSModel) {
        width = model.width
        height = model.height
        let n = model.pixelCount
        reference = .allocate(capacity: n)
        reference.initialize(repeating: 0, count: n)
        previous = .allocate(capacity: n)
        previous.initialize(repeating: 0, count: n)
        lastValue = .allocate(capacity: n)
        lastValue.initialize(repeating: 0, count: n)
        onLimit = .allocate(capacity: n)
        onLimit.initialize(repeating: 255, count: n)
        offLimit = .allocate(capacity: n)
        offLimit.initialize(repeating: 0, count: n)
        lastEvent = .allocate(capacity: n)
        lastEvent.initialize(repeating: .min / 2, count: n)
        random = SplitMix64(seed: model.parameters.seed ^ 0xD1B5_4A32_D192_ED03)
        eventCapacity = max(1024, n)
        unsorted = .allocate(capacity: eventCapacity)
        sorted = .allocate(capacity: eventCapacity)
        histogramCapacity = 1
        histogram = .allocate(capacity: histogramCapacity)
    }

    deinit {
        reference.deallocate()
        previous.deallocate()
        lastValue.deallocate()
        onLimit.deallocate()
        offLimit.deallocate()
        lastEvent.deallocate()
        unsorted.deallocate()
        sorted.deallocate()
        histogram.deallocate()
    }

    /// Makes room for one more event (doubling; only when a frame is busier than any before).
    @inline(never)
    func growEvents() {
        let capacity = eventCapacity * 2
        let newUnsorted = UnsafeMutablePointer<PolarityEvent>.allocate(capacity: capacity)
        newUnsorted.moveInitialize(from: unsorted, count: eventCount)
        unsorted.deallocate()
        sorted.deallocate()
        unsorted = newUnsorted
        sorted = .allocate(capacity: capacity)
        eventCapacity = capacity
    }

    /// Orders `unsorted[0..<eventCount]` by time into `sorted`: a stable counting sort over the
    /// offsets 1...`interval` from `start`, O(events + interval) and allocation-free once the
    /// histogram is as long as the longest interval seen.
    func sortEvents(start: Int64, interval: Int64) {
        let bins = Int(interval) + 1
        if bins > histogramCapacity {
            histogram.deallocate()
            histogramCapacity = bins
            histogram = .allocate(capacity: bins)
        }
        // Locals: class properties read in the loops would each be checked for exclusive access.
        let histogram = histogram, unsorted = unsorted, sorted = sorted, eventCount = eventCount
        histogram.update(repeating: 0, count: bins)
        var k = 0
        while k < eventCount {
            histogram[Int(unsorted[k].timestamp - start)] += 1
            k += 1
        }
        var total: Int32 = 0
        var b = 0
        while b < bins {
            let c = histogram[b]
            histogram[b] = total
            total += c
            b += 1
        }
        k = 0
        while k < eventCount {
            let slot = Int(unsorted[k].timestamp - start)
            sorted[Int(histogram[slot])] = unsorted[k]
            histogram[slot] += 1
            k += 1
        }
    }
}
