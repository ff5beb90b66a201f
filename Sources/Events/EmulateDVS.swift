import Imaging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the next 8-bit gray frame, taken at `timestamp` (µs), into the DVS events of the interval
/// since the previous frame; they end up in `state.events`, ordered by time. The first frame only
/// initialises the pixels (a DVS reports changes, and there is no change yet).
///
/// Per pixel, following ESIM (Rebecq et al. 2018, §3) and v2e (Hu et al. 2021, §3):
/// 1. Photoreceptor: `L = linLog(value)`; with `cutoffHz > 0` a first-order low-pass whose speed
///    scales with intensity (v2e's intensity-dependent bandwidth: dark pixels lag).
/// 2. Leak: the memorised level drifts down by `leakRate × θ_on` per second, so a still pixel
///    emits ON events at about `leakRateHz`.
/// 3. Crossings: `n = ⌊(L − ref)/θ_on⌋` ON events (or `⌊(ref − L)/θ_off⌋` OFF). `L` is taken as
///    linear in time between the two frames (ESIM), and event k is stamped when that line
///    crosses `ref ± k·θ`, rounded to the µs and kept inside (previous frame, this frame].
/// 4. Refractory period: a crossing less than `refractoryPeriod` after the pixel's previous event
///    is dropped. The memorised level still moves past it: the pixel is held in reset and does
///    not remember the change (so a fast swing yields fewer events, as on a real sensor).
/// 5. Shot noise: with probability `rate/2 · Δt · (1 − 0.75·intensity) · θ_nominal/θ_pixel` per
///    polarity (v2e), one extra event at a uniform time in the interval (unless refractory). It
///    leaves the memorised level alone: the fluctuation that fired it has passed by the next
///    frame, so it does not trigger a compensating event and the emitted rate is the set rate.
///
/// Allocation-free once `state`'s buffers have grown to the busiest frame (see `DVSState`).
/// Preconditions: `frame.count == width·height` and `timestamp` later than the previous frame.
public func emulateDVS(_ model: DVSModel, _ state: DVSState, frame: UnsafeBufferPointer<UInt8>, timestamp: Int64) {
    precondition(frame.count == model.pixelCount, "frame has \(frame.count) pixels; the sensor has \(model.pixelCount)")
    precondition(state.width == model.width && state.height == model.height, "state belongs to another sensor size")
    state.eventCount = 0
    guard let start = state.lastFrameTime else {
        initializePixels(model, state, frame: frame)
        state.lastFrameTime = timestamp
        return
    }
    precondition(timestamp > start, "frame time \(timestamp) µs is not after the previous frame (\(start) µs)")
    let interval = timestamp - start
    let seconds = Double(interval) * 1e-6
    let p = model.parameters

    let useLowPass = p.cutoffHz > 0
    let useLeak = p.leakRateHz > 0
    let useShotNoise = p.shotNoiseRateHz > 0
    var output = EventOutput(state, width: model.width, refractoryPeriod: p.refractoryPeriod, start: start, interval: interval)
    var random = state.random

    model.logOfValue.withUnsafeBufferPointer { logOf in
    model.intensityOfValue.withUnsafeBufferPointer { intensityOf in
    model.thresholdsOn.withUnsafeBufferPointer { thresholdOn in
    model.thresholdsOff.withUnsafeBufferPointer { thresholdOff in
    model.leakPerSecond.withUnsafeBufferPointer { leak in
    model.firstValueAtLeast.withUnsafeBufferPointer { inverse in
        let logOf = logOf.baseAddress!
        let inverse = inverse.baseAddress!
        let reference = state.reference
        let previous = state.previous
        // Low-pass step eps = intensity · Δt/τ with τ = 1/(2π f_c), clamped at 1 for stability (v2e).
        let stepScale = useLowPass ? Float(seconds * 2 * Double.pi * p.cutoffHz) : 0
        let leakScale = Float(seconds)
        let shotBase = useShotNoise ? p.shotNoiseRateHz / 2 * seconds : 0
        let nominalOn = Double(p.thresholdOn), nominalOff = Double(p.thresholdOff)

        // Local functions take the output inout: capturing a `var` would box it (a heap allocation in debug builds).
        @inline(__always) func update(_ i: Int, _ output: inout EventOutput, _ random: inout SplitMix64) {
            let value = Int(frame[i])
            var level = logOf[value]
            let before = previous[i]
            if useLowPass {
                let eps = min(1, intensityOf[value] * stepScale)
                level = before + eps * (level - before)
            }
            previous[i] = level
            var memorised = reference[i]
            if useLeak { memorised -= leak[i] * leakScale }
            let change = level - memorised
            let on = thresholdOn[i]
            if change >= on {
                memorised = output.crossings(pixel: i, polarity: true, memorised: memorised, threshold: on, before: before, after: level)
            } else {
                let off = thresholdOff[i]
                if -change >= off {
                    memorised = output.crossings(pixel: i, polarity: false, memorised: memorised, threshold: off, before: before, after: level)
                }
            }
            if useShotNoise {
                let scale = shotBase * (1 - 0.75 * Double(intensityOf[value]))
                let u = random.nextUnit()
                let pOn = scale * nominalOn / Double(on)
                let pOff = scale * nominalOff / Double(thresholdOff[i])
                if u < pOn {
                    output.noise(pixel: i, polarity: true, random: &random)
                } else if u > 1 - pOff {
                    output.noise(pixel: i, polarity: false, random: &random)
                }
            }
            reference[i] = memorised
        }

        let n = model.pixelCount
        let lastValue = state.lastValue
        if useLowPass || useLeak || useShotNoise {
            var i = 0
            while i < n {
                update(i, &output, &random)
                i += 1
            }
            lastValue.update(from: frame.baseAddress!, count: n)
            return
        }
        // The time-invariant pixel (no low-pass, leak or noise): the same model, tested in the
        // 8-bit value domain. Each pixel keeps the values beyond which it fires (`DVSState.onLimit`
        // and `offLimit`, found with the very float comparisons below over the monotonic LUT), so
        // the test is two byte comparisons, 16 pixels at a time; the float model runs only for
        // pixels that fire, after which their limits are recomputed.
        let onLimit = state.onLimit, offLimit = state.offLimit
        let current = UnsafeRawPointer(frame.baseAddress!)
        let last = UnsafeMutableRawPointer(lastValue)
        let onBytes = UnsafeRawPointer(onLimit), offBytes = UnsafeRawPointer(offLimit)
        @inline(__always) func fire(_ i: Int, _ output: inout EventOutput) {
            let level = logOf[Int(frame[i])]
            let memorised = reference[i]
            let change = level - memorised
            let before = logOf[Int(lastValue[i])]
            var settled = memorised
            if change >= thresholdOn[i] {
                settled = output.crossings(pixel: i, polarity: true, memorised: memorised, threshold: thresholdOn[i], before: before, after: level)
            } else if -change >= thresholdOff[i] {
                settled = output.crossings(pixel: i, polarity: false, memorised: memorised, threshold: thresholdOff[i], before: before, after: level)
            }
            reference[i] = settled
            (onLimit[i], offLimit[i]) = firingLimits(memorised: settled, on: thresholdOn[i], off: thresholdOff[i], logOf: logOf, inverse: inverse)
        }
        var i = 0
        while i + 16 <= n {
            let values = current.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let fires = (values .> onBytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self))
                .| (values .< offBytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self))
            if any(fires) {
                var j = 0
                while j < 16 {
                    if fires[j] { fire(i + j, &output) }
                    j += 1
                }
            }
            last.storeBytes(of: values, toByteOffset: i, as: SIMD16<UInt8>.self)
            i += 16
        }
        while i < n {
            if frame[i] > onLimit[i] || frame[i] < offLimit[i] { fire(i, &output) }
            lastValue[i] = frame[i]
            i += 1
        }
    }
    }
    }
    }
    }
    }
    state.random = random
    state.eventCount = output.count
    state.onEventCount += output.onCount
    state.offEventCount += output.count - output.onCount
    state.sortEvents(start: start, interval: interval)
    state.lastFrameTime = timestamp
}

/// First frame: every pixel memorises its current level.
private func initializePixels(_ model: DVSModel, _ state: DVSState, frame: UnsafeBufferPointer<UInt8>) {
    model.logOfValue.withUnsafeBufferPointer { logOf in
        var i = 0
        while i < model.pixelCount {
            let level = logOf[Int(frame[i])]
            state.reference[i] = level
            state.previous[i] = level
            state.lastValue[i] = frame[i]
            (state.onLimit[i], state.offLimit[i]) = model.firstValueAtLeast.withUnsafeBufferPointer {
                firingLimits(memorised: level, on: model.thresholdsOn[i], off: model.thresholdsOff[i], logOf: logOf.baseAddress!, inverse: $0.baseAddress!)
            }
            i += 1
        }
    }
}

/// For a pixel memorising `memorised`: it fires ON exactly for 8-bit values above `on` (255 = never)
/// and OFF exactly for values below `off` (0 = never), by the same float tests as `emulateDVS`
/// (`L − ref ≥ θ_on`, `−(L − ref) ≥ θ_off`), which are monotonic in the value because the LUT is.
/// A settled pixel's own value fires neither way, so both limits exist within 0...255.
///
/// `model.firstValueAtLeast` guesses each boundary to within a value or two; the exact tests then
/// step from the guess, so the result is exact and costs a few loads instead of a binary search.
@inline(__always)
func firingLimits(memorised: Float, on: Float, off: Float, logOf: UnsafePointer<Float>, inverse: UnsafePointer<UInt16>) -> (on: UInt8, off: UInt8) {
    @inline(__always) func guess(_ level: Float) -> Int {
        let g = (level - DVSModel.inverseStart) * DVSModel.inverseScale
        return Int(inverse[g <= 0 ? 0 : (g >= Float(DVSModel.inverseCount - 1) ? DVSModel.inverseCount - 1 : Int(g))])
    }
    @inline(__always) func firesOn(_ v: Int) -> Bool { logOf[v] - memorised >= on }
    @inline(__always) func firesOff(_ v: Int) -> Bool { -(logOf[v] - memorised) >= off }
    // First value that fires ON (256 if none).
    var firstOn = guess(memorised + on)
    if firstOn < 256 && firesOn(firstOn) {
        while firstOn > 0 && firesOn(firstOn - 1) { firstOn -= 1 }
    } else {
        while firstOn < 256 && !firesOn(firstOn) { firstOn += 1 }
    }
    // First value that does not fire OFF (0 if even value 0 does not).
    var firstQuiet = guess(memorised - off)
    if firstQuiet < 256 && !firesOff(firstQuiet) {
        while firstQuiet > 0 && !firesOff(firstQuiet - 1) { firstQuiet -= 1 }
    } else {
        while firstQuiet < 256 && firesOff(firstQuiet) { firstQuiet += 1 }
    }
    return (UInt8(clamping: firstOn - 1), UInt8(clamping: firstQuiet))
}

/// The events of one `emulateDVS` call while they are being found: a local value passed `inout`,
/// so the per-event path touches no class properties (no runtime exclusivity checks).
struct EventOutput {
    let state: DVSState
    let lastEvent: UnsafeMutablePointer<Int64>
    let width: Int
    let refractoryPeriod: Int64
    let start: Int64
    let interval: Int64
    var buffer: UnsafeMutablePointer<PolarityEvent>
    var capacity: Int
    var count = 0
    var onCount = 0

    init(_ state: DVSState, width: Int, refractoryPeriod: Int64, start: Int64, interval: Int64) {
        self.state = state
        lastEvent = state.lastEvent
        self.width = width
        self.refractoryPeriod = refractoryPeriod
        self.start = start
        self.interval = interval
        buffer = state.unsorted
        capacity = state.eventCapacity
    }

    @inline(__always)
    mutating func append(_ event: PolarityEvent) {
        if count == capacity {
            state.eventCount = count
            state.growEvents()
            buffer = state.unsorted
            capacity = state.eventCapacity
        }
        buffer[count] = event
        count += 1
        if event.polarity { onCount += 1 }
    }

    /// Emits the ⌊|L − ref|/θ⌋ crossings of one pixel with interpolated times and the refractory
    /// period applied; returns the new memorised level. Out of line: most pixels never get here.
    ///
    /// n is the float32 floor of change/θ, raised by one in the rare case where float rounding
    /// would leave the pixel a full threshold from its new level: after every update the pixel is
    /// strictly within one threshold, which the unchanged-pixel shortcut of `emulateDVS` relies on.
    /// (Positive values are floored by truncation: a `floor` call per event is measurable.)
    @inline(never)
    mutating func crossings(pixel: Int, polarity: Bool, memorised: Float, threshold: Float, before: Float, after: Float) -> Float {
        let change = polarity ? after - memorised : memorised - after
        var n = Int(change / threshold)
        @inline(__always) func settled(_ n: Int) -> Float {
            polarity ? memorised + Float(n) * threshold : memorised - Float(n) * threshold
        }
        while (polarity ? after - settled(n) : settled(n) - after) >= threshold { n += 1 }
        let slope = after - before
        let rising = polarity ? slope > 0 : slope < 0
        let span = Double(interval)
        let y = pixel / width
        let x = UInt16(truncatingIfNeeded: pixel - y * width), row = UInt16(truncatingIfNeeded: y)
        var last = lastEvent[pixel]
        var k = 1
        while k <= n {
            var offset = interval
            if rising {
                let crossing = polarity ? memorised + Float(k) * threshold : memorised - Float(k) * threshold
                let raw = Double((crossing - before) / slope) * span + 0.5
                offset = raw < 1 ? 1 : (raw >= span ? interval : Int64(raw))
            }
            let t = start + offset
            if t - last >= refractoryPeriod {
                append(PolarityEvent(timestamp: t, x: x, y: row, polarity: polarity))
                last = t
            }
            k += 1
        }
        lastEvent[pixel] = last
        return settled(n)
    }

    /// One shot-noise event at a uniform time in the interval, unless the pixel is refractory.
    @inline(never)
    mutating func noise(pixel: Int, polarity: Bool, random: inout SplitMix64) {
        let t = start + 1 + Int64(random.next() % UInt64(interval))
        guard t - lastEvent[pixel] >= max(refractoryPeriod, 1) else { return }
        let y = pixel / width
        append(PolarityEvent(timestamp: t, x: UInt16(truncatingIfNeeded: pixel - y * width), y: UInt16(truncatingIfNeeded: y), polarity: polarity))
        lastEvent[pixel] = t
    }
}

/// `emulateDVS` for an 8-bit gray `Image` (e.g. a decoded video frame after `grayscale()`).
public func emulateDVS(_ model: DVSModel, _ state: DVSState, frame: Image, timestamp: Int64) {
    precondition(frame.channels == 1 && frame.bitDepth == 8, "the DVS emulator takes 8-bit gray frames")
    precondition(frame.width == model.width && frame.height == model.height,
                 "frame is \(frame.width)x\(frame.height); the sensor is \(model.width)x\(model.height)")
    frame.pixels.withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: timestamp) }
}
