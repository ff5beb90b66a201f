import AllocationCounter
import Events
import Foundation
import Imaging
import XCTest

/// The emulator against what the pixel model predicts in closed form.
final class EmulateDVSTests: XCTestCase {
    /// Feeds frames at the given times and collects every event.
    func run(_ model: DVSModel, _ frames: [[UInt8]], times: [Int64]) -> [PolarityEvent] {
        let state = DVSState(model)
        var all: [PolarityEvent] = []
        for (frame, t) in zip(frames, times) {
            frame.withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: t) }
            all.append(contentsOf: state.events)
        }
        return all
    }

    func uniform(_ value: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: value, count: count) }

    func testStaticSceneGivesNoEvents() throws {
        // Default sensor (mismatch and refractory on, noise off) on a textured still scene.
        let model = try DVSModel(width: 32, height: 24)
        let scene = (0..<(32 * 24)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let events = run(model, Array(repeating: scene, count: 20), times: (0..<20).map { Int64($0) * 2000 })
        XCTAssertEqual(events.count, 0)
    }

    func testBrightnessStepGivesFloorOfLogRatioOverThresholdEvents() throws {
        let model = try DVSModel(width: 8, height: 4, parameters: .ideal)
        for (i0, i1) in [(40, 200), (200, 30), (25, 26), (90, 250), (250, 21), (60, 61)] as [(UInt8, UInt8)] {
            let delta = log(Double(i1)) - log(Double(i0))
            let expected = Int((abs(delta) / 0.2).rounded(.down))
            let fractional = abs(delta) / 0.2 - Double(expected)
            XCTAssertGreaterThan(min(fractional, 1 - fractional), 1e-4, "test values too close to a threshold multiple")
            let events = run(model, [uniform(i0, 32), uniform(i1, 32)], times: [0, 10_000])
            XCTAssertEqual(events.count, expected * 32, "\(i0) → \(i1)")
            XCTAssertTrue(events.allSatisfy { $0.polarity == (i1 > i0) }, "\(i0) → \(i1)")
            for x in 0..<8 {
                XCTAssertEqual(events.filter { $0.x == x && $0.y == 2 }.count, expected, "pixel (\(x), 2), \(i0) → \(i1)")
            }
        }
    }

    func testStepEventsAreStampedWhereTheInterpolatedLogCrossesEachLevel() throws {
        // ESIM: log intensity linear between frames; crossing k at t0 + k·θ/Δ·(t1 − t0).
        let model = try DVSModel(width: 1, height: 1, parameters: .ideal)
        let delta = log(200.0) - log(40.0)
        let events = run(model, [[40], [200]], times: [1_000_000, 1_010_000])
        XCTAssertEqual(events.count, 8)
        for (k, event) in events.enumerated() {
            let expected = 1_000_000 + Double(k + 1) * 0.2 / delta * 10_000
            XCTAssertEqual(Double(event.timestamp), expected, accuracy: 1, "event \(k + 1)")
        }
    }

    func testMovingEdgeFiresOnlyAlongTheEdgeInTimeOrder() throws {
        // A bright half-plane whose edge moves one column right per frame over a dark background.
        let width = 40, height = 10
        func frame(edge: Int) -> [UInt8] {
            (0..<(width * height)).map { i in i % width < edge ? 220 : 30 }
        }
        let model = try DVSModel(width: width, height: height)  // default: mismatch and refractory on
        let state = DVSState(model)
        frame(edge: 5).withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: 0) }
        var previousTime: Int64 = 0
        for k in 1...20 {
            let t0 = Int64(k - 1) * 1000, t1 = Int64(k) * 1000
            frame(edge: 5 + k).withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: t1) }
            let events = Array(state.events)
            XCTAssertFalse(events.isEmpty, "frame \(k)")
            for e in events {
                XCTAssertEqual(Int(e.x), 5 + k - 1, "only the column the edge swept fires (frame \(k))")
                XCTAssertTrue(e.polarity, "dark to bright is ON")
                XCTAssertGreaterThan(e.timestamp, t0)
                XCTAssertLessThanOrEqual(e.timestamp, t1)
                XCTAssertGreaterThanOrEqual(e.timestamp, previousTime, "time-ordered")
                previousTime = e.timestamp
            }
            XCTAssertEqual(Set(events.map(\.y)).count, height, "every row of the swept column fires")
        }
    }

    func testRefractoryPeriodDropsCrossingsTooCloseToThePreviousEvent() throws {
        // 8 crossings spread over 1 ms (every ≈124 µs): with 500 µs dead time only the ones at
        // ≈124 µs and ≈746 µs are kept — each at least 500 µs after the previous one.
        var p = DVSParameters.ideal
        p.refractoryPeriod = 500
        let model = try DVSModel(width: 4, height: 1, parameters: p)
        let events = run(model, [uniform(40, 4), uniform(200, 4), uniform(200, 4)], times: [0, 1000, 2000])
        for x in 0..<4 {
            let times = events.filter { $0.x == x }.map(\.timestamp)
            XCTAssertEqual(times.count, 2, "pixel \(x): \(times)")
            for (a, b) in zip(times, times.dropFirst()) { XCTAssertGreaterThanOrEqual(b - a, 500) }
        }
        // The lost crossings are not replayed later: the pixel was held in reset.
        XCTAssertTrue(events.allSatisfy { $0.timestamp <= 1000 })

        // Without the dead time all 8 appear.
        let free = try DVSModel(width: 4, height: 1, parameters: .ideal)
        XCTAssertEqual(run(free, [uniform(40, 4), uniform(200, 4)], times: [0, 1000]).count, 32)
    }

    func testRefractoryPeriodHoldsAcrossFrames() throws {
        var p = DVSParameters.ideal
        p.refractoryPeriod = 2500
        let model = try DVSModel(width: 1, height: 1, parameters: p)
        // One crossing per 1 ms frame; only every third frame's crossing survives.
        let values: [UInt8] = [50, 62, 76, 93, 114, 139, 170, 208, 254]
        let events = run(model, values.map { [$0] }, times: (0..<values.count).map { Int64($0) * 1000 })
        for (a, b) in zip(events, events.dropFirst()) { XCTAssertGreaterThanOrEqual(b.timestamp - a.timestamp, 2500) }
        XCTAssertEqual(events.count, 3)
    }

    func testLinearRegionNearBlackDampsDarkChanges() throws {
        // 2 → 6 is ln 3 ≈ 1.1 (5 events) in pure log, but only 4·ln(20)/20 ≈ 0.6 (2 events) in lin-log.
        let model = try DVSModel(width: 1, height: 1, parameters: .ideal)
        XCTAssertEqual(run(model, [[2], [6]], times: [0, 1000]).count, 2)
    }

    func testLowPassMakesDarkPixelsLag() throws {
        var p = DVSParameters.ideal
        p.cutoffHz = 50
        let model = try DVSModel(width: 2, height: 1, parameters: p)
        // Pixel 0 steps 30 → 60 (dark), pixel 1 steps 120 → 240 (bright): the same ln 2 change.
        var frames: [[UInt8]] = [[30, 120]]
        frames += Array(repeating: [60, 240], count: 200)
        let events = run(model, frames, times: (0..<frames.count).map { Int64($0) * 1000 })
        let dark = events.filter { $0.x == 0 }, bright = events.filter { $0.x == 1 }
        XCTAssertEqual(dark.count, 3, "low-pass settles to the same total change")
        XCTAssertEqual(bright.count, 3)
        XCTAssertGreaterThan(dark.last!.timestamp, bright.last!.timestamp, "the darker pixel is slower")
        XCTAssertGreaterThan(bright.last!.timestamp, 1000, "even the bright pixel needs more than the step's frame at 50 Hz")
        XCTAssertTrue(run(try DVSModel(width: 2, height: 1, parameters: .ideal), frames, times: (0..<frames.count).map { Int64($0) * 1000 })
            .allSatisfy { $0.timestamp <= 1000 }, "without the low-pass every event falls in the step's frame")
    }

    func testLeakEventsComeAtTheLeakRate() throws {
        var p = DVSParameters.ideal
        p.leakRateHz = 2
        p.leakRateSpreadDecades = 0
        p.seed = 3
        let model = try DVSModel(width: 10, height: 10, parameters: p)
        let frames = Array(repeating: uniform(128, 100), count: 501)
        let events = run(model, frames, times: (0..<501).map { Int64($0) * 10_000 })  // 5 s at 100 Hz
        XCTAssertTrue(events.allSatisfy(\.polarity), "leak makes ON events")
        XCTAssertEqual(Double(events.count) / 100 / 5, 2, accuracy: 0.25)
    }

    func testShotNoiseRateAndSeededReproducibility() throws {
        var p = DVSParameters.ideal
        p.shotNoiseRateHz = 5
        p.seed = 11
        let model = try DVSModel(width: 20, height: 20, parameters: p)
        let frames = Array(repeating: uniform(0, 400), count: 201)  // black: the full rate
        let times = (0..<201).map { Int64($0) * 10_000 }  // 2 s
        let events = run(model, frames, times: times)
        let rate = Double(events.count) / 400 / 2
        XCTAssertEqual(rate, 5 * (1 - 0.75 * 20 / 275), accuracy: 0.6)
        let on = events.filter(\.polarity).count
        XCTAssertEqual(Double(on) / Double(events.count), 0.5, accuracy: 0.1)
        XCTAssertEqual(run(model, frames, times: times), events, "same seed, same noise")
        p.seed = 12
        XCTAssertNotEqual(run(try DVSModel(width: 20, height: 20, parameters: p), frames, times: times), events)
        for (a, b) in zip(events, events.dropFirst()) { XCTAssertLessThanOrEqual(a.timestamp, b.timestamp) }
    }

    /// DAVIS346-sized frames of a moving texture.
    func movingTexture(frames: Int) -> [[UInt8]] {
        let width = 346, height = 260
        return (0..<frames).map { k in
            (0..<(width * height)).map { i -> UInt8 in
                let x = i % width + 3 * k, y = i / width
                return UInt8(128 + 100 * sin(Double(x) * 0.2) * cos(Double(y) * 0.13))
            }
        }
    }

    func testNoHeapAllocationPerFrameInSteadyState() throws {
        // Both pixel paths: the default sensor (time-invariant) and one with every non-ideality on.
        var noisy = DVSParameters()
        noisy.cutoffHz = 300
        noisy.leakRateHz = 0.1
        noisy.shotNoiseRateHz = 1
        let frames = movingTexture(frames: 8)
        for p in [DVSParameters(), noisy] {
            let model = try DVSModel(width: 346, height: 260, parameters: p)
            let state = DVSState(model)
            var t: Int64 = 0
            for frame in frames + frames {  // warm up: buffers grow to the busiest frame (incl. the wrap-around)
                t += 2000
                frame.withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: t) }
            }
            var produced = 0
            var perFrame = [Int](repeating: 0, count: frames.count)
            for (k, frame) in frames.enumerated() {
                t += 2000
                perFrame[k] = countAllocations {
                    frame.withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: t) }
                    produced += state.events.count
                }
            }
            XCTAssertGreaterThan(produced, 1000, "the frames must actually produce events")
            XCTAssertEqual(perFrame, [Int](repeating: 0, count: frames.count), "cut-off \(p.cutoffHz) Hz")
        }
    }

    func testFastPathMatchesTheFullPixelModel() throws {
        // A leak far below float resolution changes nothing but forces the per-pixel float path;
        // the default sensor takes the 8-bit firing-limit path. Events must be identical.
        var p = DVSParameters()
        p.seed = 5
        var full = p
        full.leakRateHz = 1e-15
        full.leakRateSpreadDecades = 0
        var seed: UInt64 = 77
        let width = 97, height = 31  // not a multiple of 16: the tail loop too
        let frames = (0..<30).map { k -> [UInt8] in
            (0..<(width * height)).map { i -> UInt8 in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let wave = 60 * sin(Double(i % width + 2 * k) * 0.3) + 40 * sin(Double(i / width) * 0.5 + Double(k))
                return UInt8(140 + wave + Double(seed >> 62))  // 30...255, with ±2 of noise
            }
        }
        let times = (0..<30).map { Int64($0) * 1500 }
        let fast = run(try DVSModel(width: width, height: height, parameters: p), frames, times: times)
        let slow = run(try DVSModel(width: width, height: height, parameters: full), frames, times: times)
        XCTAssertGreaterThan(fast.count, 1000)
        XCTAssertEqual(fast, slow)
    }

    func testImageOverloadMatchesTheBufferPath() throws {
        let model = try DVSModel(width: 4, height: 2, parameters: .ideal)
        let state = DVSState(model)
        emulateDVS(model, state, frame: try Image(width: 4, height: 2, channels: 1, bitDepth: 8, pixels: uniform(50, 8)), timestamp: 0)
        emulateDVS(model, state, frame: try Image(width: 4, height: 2, channels: 1, bitDepth: 8, pixels: uniform(100, 8)), timestamp: 100)
        XCTAssertEqual(state.events.count, 3 * 8)
        XCTAssertEqual(state.onEventCount, 24)
        XCTAssertEqual(state.lastFrameTime, 100)
    }
}

/// The emulator against the numpy reference (tools/events/dvs_reference.py) on the committed
/// synthetic video: per-pixel counts, totals and the digest of the whole event stream agree exactly.
final class EmulateDVSReferenceTests: XCTestCase {
    func testMatchesTheNumpyReferenceExactly() throws {
        let fixture = try Fixtures.json("dvs_reference/counts.json")
        let width = fixture["width"] as! Int, height = fixture["height"] as! Int
        let frames = fixture["frames"] as! Int, fps = fixture["fps"] as! Int
        var p = DVSParameters()
        p.thresholdSigma = 0
        p.thresholdOn = Float(fixture["threshold"] as! Double)
        p.thresholdOff = p.thresholdOn
        p.refractoryPeriod = Int64(fixture["refractory_us"] as! Int)
        let model = try DVSModel(width: width, height: height, parameters: p)
        let state = DVSState(model)
        var events: [PolarityEvent] = []
        for k in 0..<frames {
            // The committed PGM frames, decoded by OpenCV through Imaging.
            let frame = try readImage(at: Fixtures.path(String(format: "dvs_reference/frames/%04d.pgm", k)))
            emulateDVS(model, state, frame: frame, timestamp: Int64(k) * 1_000_000 / Int64(fps))
            events += state.events
        }
        var on = [[Int]](repeating: [Int](repeating: 0, count: width), count: height)
        var off = on
        for e in events {
            if e.polarity { on[Int(e.y)][Int(e.x)] += 1 } else { off[Int(e.y)][Int(e.x)] += 1 }
        }
        XCTAssertEqual(on, fixture["on_counts"] as! [[Int]])
        XCTAssertEqual(off, fixture["off_counts"] as! [[Int]])
        XCTAssertEqual(events.count, fixture["total_events"] as! Int)
        XCTAssertEqual(state.onEventCount, fixture["total_on"] as! Int)
        XCTAssertEqual(fnv1a(events), fixture["fnv1a64"] as! String, "same events, same times, same order")
    }
}
