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
///    polarity (v2e), one extra event at a uniform time in the interval, which also moves the
///    memorised level by one threshold.
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

    model.logOfValue.withUnsafeBufferPointer { logOf in
    model.intensityOfValue.withUnsafeBufferPointer { intensityOf in
    model.thresholdsOn.withUnsafeBufferPointer { thresholdOn in
    model.thresholdsOff.withUnsafeBufferPointer { thresholdOff in
    model.leakPerSecond.withUnsafeBufferPointer { leak in
        let logOf = logOf.baseAddress!
        let reference = state.reference
        let previous = state.previous
        // Low-pass step eps = intensity · Δt/τ with τ = 1/(2π f_c), clamped at 1 for stability (v2e).
        let stepScale = useLowPass ? Float(seconds * 2 * Double.pi * p.cutoffHz) : 0
        let leakScale = Float(seconds)
        let shotBase = useShotNoise ? p.shotNoiseRateHz / 2 * seconds : 0
        let nominalOn = Double(p.thresholdOn), nominalOff = Double(p.thresholdOff)
        var i = 0
        var y = 0
        while y < model.height {
            var x = 0
            while x < model.width {
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
                    memorised = emitCrossings(state, p, x: x, y: y, pixel: i, polarity: true, memorised: memorised,
                                              threshold: on, before: before, after: level, start: start, interval: interval)
                } else {
                    let off = thresholdOff[i]
                    if -change >= off {
                        memorised = emitCrossings(state, p, x: x, y: y, pixel: i, polarity: false, memorised: memorised,
                                                  threshold: off, before: before, after: level, start: start, interval: interval)
                    }
                }
                if useShotNoise {
                    let scale = shotBase * (1 - 0.75 * Double(intensityOf[value]))
                    let u = state.random.nextUnit()
                    let pOn = scale * nominalOn / Double(on)
                    let pOff = scale * nominalOff / Double(thresholdOff[i])
                    if u < pOn {
                        memorised += emitNoise(state, p, x: x, y: y, pixel: i, polarity: true, start: start, interval: interval) ? on : 0
                    } else if u > 1 - pOff {
                        memorised -= emitNoise(state, p, x: x, y: y, pixel: i, polarity: false, start: start, interval: interval) ? thresholdOff[i] : 0
                    }
                }
                reference[i] = memorised
                i += 1
                x += 1
            }
            y += 1
        }
    }
    }
    }
    }
    }
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
            i += 1
        }
    }
}

/// Emits the ⌊|L − ref|/θ⌋ crossings of one pixel with interpolated times and the refractory
/// period applied; returns the new memorised level. Out of line: most pixels never get here.
@inline(never)
private func emitCrossings(
    _ state: DVSState, _ p: DVSParameters, x: Int, y: Int, pixel: Int, polarity: Bool, memorised: Float,
    threshold: Float, before: Float, after: Float, start: Int64, interval: Int64
) -> Float {
    let change = polarity ? after - memorised : memorised - after
    let n = Int((change / threshold).rounded(.down))
    let slope = after - before
    let rising = polarity ? slope > 0 : slope < 0
    let span = Double(interval)
    var k = 1
    while k <= n {
        let crossing = polarity ? memorised + Float(k) * threshold : memorised - Float(k) * threshold
        var offset = interval
        if rising {
            let fraction = (crossing - before) / slope
            offset = Int64((Double(fraction) * span + 0.5).rounded(.down))
            offset = min(max(offset, 1), interval)
        }
        let t = start + offset
        if t - state.lastEvent[pixel] >= p.refractoryPeriod {
            append(state, PolarityEvent(timestamp: t, x: UInt16(x), y: UInt16(y), polarity: polarity))
            state.lastEvent[pixel] = t
        }
        k += 1
    }
    return polarity ? memorised + Float(n) * threshold : memorised - Float(n) * threshold
}

/// One shot-noise event at a uniform time in the interval, unless the pixel is refractory.
@inline(never)
private func emitNoise(
    _ state: DVSState, _ p: DVSParameters, x: Int, y: Int, pixel: Int, polarity: Bool, start: Int64, interval: Int64
) -> Bool {
    let t = start + 1 + Int64(state.random.next() % UInt64(interval))
    guard t - state.lastEvent[pixel] >= max(p.refractoryPeriod, 1) else { return false }
    append(state, PolarityEvent(timestamp: t, x: UInt16(x), y: UInt16(y), polarity: polarity))
    state.lastEvent[pixel] = t
    return true
}

@inline(__always)
private func append(_ state: DVSState, _ event: PolarityEvent) {
    if state.eventCount == state.eventCapacity { state.growEvents() }
    state.unsorted[state.eventCount] = event
    state.eventCount += 1
    if event.polarity { state.onEventCount += 1 } else { state.offEventCount += 1 }
}

/// `emulateDVS` for an 8-bit gray `Image` (e.g. a decoded video frame after `grayscale()`).
public func emulateDVS(_ model: DVSModel, _ state: DVSState, frame: Image, timestamp: Int64) {
    precondition(frame.channels == 1 && frame.bitDepth == 8, "the DVS emulator takes 8-bit gray frames")
    precondition(frame.width == model.width && frame.height == model.height,
                 "frame is \(frame.width)x\(frame.height); the sensor is \(model.width)x\(model.height)")
    frame.pixels.withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: timestamp) }
}
