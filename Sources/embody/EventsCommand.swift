import AllocationCounter
import ArgumentParser
import Events
import Foundation
import Imaging
import Control
import Physics
import Runtime

/// `embody events …`: DVS emulation from video, cameras and the simulator; event-file statistics,
/// rendering and the emulator's throughput benchmark.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Event-camera emulation and event files (AEDAT4, EVT 2.0).",
        subcommands: [EventsEncode.self, EventsStats.self, EventsRender.self, EventsBench.self])
}

// MARK: - encode

/// `embody events encode`: frames in, DVS events out.
struct EventsEncode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Emulate a DVS on a video, an image sequence, a camera or a simulator scene and write its events.")

    @Option(help: "Video file, or an image-sequence pattern such as frames/%04d.png (timed by --fps).")
    var input: String?

    @Option(help: "Camera index (/dev/videoINDEX), timed by the capture clock.")
    var camera: Int?

    @Option(help: "Simulator scene (sim/scenes/*.toml): renders its camera at --fps.")
    var scene: String?

    @Option(help: "Events file to write: .aedat4 (AEDAT 4.0) or .raw (Prophesee EVT 2.0).")
    var output: String

    @Option(help: "Frames per second (default: the video's own rate; 500 for --scene; required for image sequences).")
    var fps: Double?

    @Option(name: .customLong("threshold-on"), help: "ON contrast threshold, log units.")
    var thresholdOn: Float = DVSParameters().thresholdOn

    @Option(name: .customLong("threshold-off"), help: "OFF contrast threshold, log units.")
    var thresholdOff: Float = DVSParameters().thresholdOff

    @Option(help: "Standard deviation of the per-pixel threshold mismatch, log units (0 = none).")
    var sigma: Float = DVSParameters().thresholdSigma

    @Option(name: .customLong("refractory-us"), help: "Refractory period, µs.")
    var refractoryUs: Int64 = DVSParameters().refractoryPeriod

    @Option(name: .customLong("cutoff-hz"), help: "Photoreceptor low-pass cut-off for white, Hz (0 = off).")
    var cutoffHz: Double = 0

    @Option(name: .customLong("leak-hz"), help: "Leak events per pixel per second (0 = off).")
    var leakHz: Double = 0

    @Option(name: .customLong("shot-noise-hz"), help: "Shot-noise events per pixel per second in the dark (0 = off).")
    var shotNoiseHz: Double = 0

    @Option(help: "Seed of the threshold mismatch and the noise.")
    var seed: UInt64 = 0

    @Option(help: "Stop after this many frames.")
    var frames: Int?

    @Option(help: "Seconds to record (--scene without --task: default 2; --camera: default 10).")
    var duration: Double?

    @Option(help: "With --scene: run a scripted episode of this task instead of holding the initial pose.")
    var task: String?

    @Option(name: .customLong("scene-camera"), help: "With --scene: the scene camera to use (default: its first).")
    var sceneCamera: String?

    /// Option combinations, checked in `run` so that a mistake is one line like any bad input.
    func checkOptions() throws(CommandError) {
        let sources = [input != nil, camera != nil, scene != nil].filter { $0 }.count
        guard sources == 1 else { throw .badInput("give exactly one of --input, --camera and --scene") }
        if let fps { guard fps > 0, fps <= 1_000_000, fps.isFinite else { throw .badInput("--fps must be in (0, 1000000]") } }
        if let frames { guard frames > 0 else { throw .badInput("--frames must be positive") } }
        if let duration { guard duration > 0, duration.isFinite else { throw .badInput("--duration must be a positive number of seconds") } }
        if task != nil, scene == nil { throw .badInput("--task needs --scene") }
        guard output.hasSuffix(".aedat4") || output.hasSuffix(".raw") else {
            throw .badInput("--output \(output): must end in .aedat4 (AEDAT 4.0) or .raw (EVT 2.0)")
        }
        if let problem = parameters.problem { throw .badInput(problem) }
    }

    var parameters: DVSParameters {
        var p = DVSParameters()
        p.thresholdOn = thresholdOn
        p.thresholdOff = thresholdOff
        p.thresholdSigma = sigma
        p.refractoryPeriod = refractoryUs
        p.cutoffHz = cutoffHz
        p.leakRateHz = leakHz
        p.shotNoiseRateHz = shotNoiseHz
        p.seed = seed
        return p
    }

    func run() throws {
        try checkOptions()
        var sink: EncodeSink?
        var frameCount = 0
        var firstTime: Int64?
        var lastTime: Int64 = 0
        let consume: (UnsafeBufferPointer<UInt8>, Int, Int, Int64) throws(CommandError) -> Bool = { gray, width, height, time in
            if sink == nil { sink = try EncodeSink(width: width, height: height, parameters: parameters, output: output) }
            try sink!.add(gray, width: width, height: height, time: time, frame: frameCount)
            frameCount += 1
            firstTime = firstTime ?? time
            lastTime = time
            return frames.map { frameCount < $0 } ?? true
        }
        if let input {
            try readFrames(input: input, fps: fps, consume)
        } else if let camera {
            try readCamera(index: camera, seconds: duration ?? 10, consume)
        } else if let scene {
            try renderScene(scene, consume)
        }
        guard let sink, frameCount >= 2 else { throw CommandError.badInput("\(input ?? scene ?? "camera"): need at least 2 frames, found \(frameCount)") }
        try sink.close()
        let seconds = Double(lastTime - (firstTime ?? 0)) * 1e-6
        let rawBytes = frameCount * sink.width * sink.height
        let eventBytes = sink.byteCount
        print("\(frameCount) frames \(sink.width)x\(sink.height) over \(String(format: "%.3f", seconds)) s → \(sink.onCount + sink.offCount) events "
              + "(\(sink.onCount) ON, \(sink.offCount) OFF) in \(output)")
        print("bandwidth: \(eventBytes) bytes of events vs \(rawBytes) bytes of 8-bit gray frames (\(rawBytes * 3) RGB): "
              + String(format: "%.2f%% of gray", 100 * Double(eventBytes) / Double(max(rawBytes, 1))))
    }

    /// A video file or an image-sequence pattern, decoded by OpenCV.
    func readFrames(input: String, fps: Double?, _ consume: (UnsafeBufferPointer<UInt8>, Int, Int, Int64) throws(CommandError) -> Bool) throws {
        var gray: [UInt8] = []
        func feed(_ image: Image, index: Int, rate: Double) throws -> Bool {
            let time = Int64((Double(index) * 1e6 / rate).rounded())
            if image.channels == 1, image.bitDepth == 8 {
                return try image.pixels.withUnsafeBufferPointer { try consume($0, image.width, image.height, time) }
            }
            guard image.bitDepth == 8 else { throw CommandError.badInput("\(input): frame \(index) is \(image.bitDepth)-bit; the emulator takes 8-bit frames") }
            if gray.count != image.width * image.height { gray = [UInt8](repeating: 0, count: image.width * image.height) }
            if image.channels == 3 {
                image.pixels.withUnsafeBufferPointer { rgb in gray.withUnsafeMutableBufferPointer { lumaFromRGB(rgb, into: $0) } }
            } else {
                gray = try image.grayscale().pixels
            }
            return try gray.withUnsafeBufferPointer { try consume($0, image.width, image.height, time) }
        }
        if input.contains("%") {
            // Exactly one integer field (%d, %4d, %04d): the pattern becomes a format string.
            guard input.split(separator: "%", omittingEmptySubsequences: false).count == 2,
                  input.firstMatch(of: /%0?[0-9]*d/) != nil else {
                throw CommandError.badInput("--input \(input): an image-sequence pattern needs exactly one %d field, e.g. frames/%04d.png")
            }
            guard let rate = fps else { throw CommandError.badInput("--input \(input): an image sequence needs --fps") }
            let first = [0, 1].first { FileManager.default.fileExists(atPath: String(format: input, $0)) }
            guard let first else { throw CommandError.badInput("--input \(input): no file matches the pattern (tried index 0 and 1)") }
            var index = first
            while FileManager.default.fileExists(atPath: String(format: input, index)) {
                let path = String(format: input, index)
                let image: Image
                do { image = try readImage(at: path) } catch { throw CommandError.badInput("\(path): \(error)") }
                guard try feed(image, index: index - first, rate: rate) else { return }
                index += 1
            }
            return
        }
        let reader: VideoReader
        do { reader = try VideoReader(path: input) } catch { throw CommandError.badInput("--input \(input): \(error)") }
        guard let rate = fps ?? (reader.fps > 0 ? reader.fps : nil) else {
            throw CommandError.badInput("--input \(input): the video stores no frame rate; give --fps")
        }
        var index = 0
        while true {
            let frame: Image?
            do { frame = try reader.nextFrame() } catch { throw CommandError.badInput("\(input): frame \(index): \(error)") }
            guard let frame, try feed(frame, index: index, rate: rate) else { return }
            index += 1
        }
    }

    /// A V4L2 camera through OpenCV, stamped with the monotonic clock at each capture.
    func readCamera(index: Int, seconds: Double, _ consume: (UnsafeBufferPointer<UInt8>, Int, Int, Int64) throws(CommandError) -> Bool) throws {
        let device = "/dev/video\(index)"
        let reader: VideoReader
        do { reader = try VideoReader(path: device) } catch { throw CommandError.badInput("--camera \(index): \(error)") }
        var gray = [UInt8](repeating: 0, count: reader.width * reader.height)
        let start = DispatchTime.now().uptimeNanoseconds
        var previous: Int64 = -1
        while true {
            let frame: Image?
            do { frame = try reader.nextFrame() } catch { throw CommandError.runtime("--camera \(index): \(error)") }
            guard let frame else { return }
            let time = max(previous + 1, Int64((DispatchTime.now().uptimeNanoseconds - start) / 1000))
            previous = time
            frame.pixels.withUnsafeBufferPointer { rgb in gray.withUnsafeMutableBufferPointer { lumaFromRGB(rgb, into: $0) } }
            guard try gray.withUnsafeBufferPointer({ try consume($0, frame.width, frame.height, time) }), Double(time) * 1e-6 < seconds else { return }
        }
    }

    /// The simulator's camera at --fps: the scene held still, or a scripted episode of --task.
    func renderScene(_ path: String, _ consume: @escaping (UnsafeBufferPointer<UInt8>, Int, Int, Int64) throws(CommandError) -> Bool) throws {
        let description: SceneDescription
        let world: Scene
        do {
            description = try SceneDescription.load(contentsOf: path)
            world = try Scene(description)
        } catch { throw CommandError.badInput(error.description) }
        let camera: CameraDescription
        if let sceneCamera {
            guard let named = description.cameras.first(where: { $0.name == sceneCamera }) else {
                throw CommandError.badInput("--scene-camera \(sceneCamera): no camera of that name in \(path)")
            }
            camera = named
        } else {
            guard let first = description.cameras.first else { throw CommandError.badInput("\(path) has no camera to render") }
            camera = first
        }
        let sensor = CameraSensor(camera, world: world.model)
        let rate = fps ?? 500
        let every = Int64((1e9 / rate).rounded())  // ns between frames
        var gray = [UInt8](repeating: 0, count: camera.width * camera.height)
        var nextFrame: Int64 = 0
        var keepGoing = true
        var failure: CommandError?
        let observe: (WorldData) -> Void = { data in
            guard keepGoing, data.timeNanoseconds >= nextFrame else { return }
            nextFrame += every
            sensor.capture(data)
            gray.withUnsafeMutableBufferPointer { lumaFromRGB(sensor.renderer.rgb, into: $0) }
            do {
                keepGoing = try gray.withUnsafeBufferPointer { try consume($0, camera.width, camera.height, data.timeNanoseconds / 1000) }
            } catch {
                failure = (error as? CommandError) ?? .runtime("\(error)")
                keepGoing = false
            }
        }
        if let task {
            guard Control.Task(instruction: task) != nil else {
                throw CommandError.badInput("--task \"\(task)\": not an instruction template (sim/tasks/README.md)")
            }
            var settings = EpisodeSettings(scene: description, instruction: task, seed: seed)
            settings.timeLimit = duration ?? 25
            let result: EpisodeResult
            do { result = try runEpisode(settings, observe: observe) } catch let error as SimulationError {
                throw CommandError.runtime("--scene \(path): \(error)")
            }
            if let failure { throw failure }
            print("episode: \(result.success ? "success" : "failure") after \(String(format: "%.2f", result.duration)) s — \(result.outcome)")
        } else {
            let data = world.makeData(seed: seed)
            let steps = Int(((duration ?? 2) / world.model.timestep).rounded())
            observe(data)
            do {
                var k = 0
                while k < steps, keepGoing {
                    try step(data)
                    observe(data)
                    k += 1
                }
            } catch { throw CommandError.runtime("--scene \(path): \(error)") }
            if let failure { throw failure }
        }
    }
}

/// Emulator plus writer for `encode`, created at the first frame (when the size is known).
final class EncodeSink {
    let width: Int
    let height: Int
    let model: DVSModel
    let state: DVSState
    let aedat: AEDAT4Writer?
    let evt: EVT2Writer?
    let output: String

    init(width: Int, height: Int, parameters: DVSParameters, output: String) throws(CommandError) {
        self.width = width
        self.height = height
        self.output = output
        do { model = try DVSModel(width: width, height: height, parameters: parameters) } catch { throw .badInput(error.description) }
        state = DVSState(model)
        do {
            if output.hasSuffix(".raw") {
                evt = try EVT2Writer(path: output, width: width, height: height)
                aedat = nil
            } else {
                aedat = try AEDAT4Writer(path: output, width: width, height: height)
                evt = nil
            }
        } catch { throw .badInput("--output \(error)") }
    }

    func add(_ gray: UnsafeBufferPointer<UInt8>, width: Int, height: Int, time: Int64, frame: Int) throws(CommandError) {
        guard width == self.width, height == self.height else {
            throw .badInput("frame \(frame) is \(width)x\(height); the first frame was \(self.width)x\(self.height)")
        }
        emulateDVS(model, state, frame: gray, timestamp: time)
        do {
            try aedat?.write(state.events)
            try evt?.write(state.events)
        } catch { throw .runtime(error.description) }
    }

    var onCount: Int { state.onEventCount }
    var offCount: Int { state.offEventCount }
    var byteCount: Int { aedat?.byteCount ?? evt?.byteCount ?? 0 }

    func close() throws(CommandError) {
        do {
            try aedat?.close()
            try evt?.close()
        } catch { throw .runtime(error.description) }
    }
}

/// Reads an event file by its extension (.aedat4 or .raw), as bad input when it is not one.
func readEventFile(_ path: String) throws(CommandError) -> EventRecording {
    do {
        if path.hasSuffix(".raw") { return try readEVT2(path: path) }
        if path.hasSuffix(".aedat4") { return try readAEDAT4(path: path) }
    } catch { throw .badInput(error.description) }
    throw .badInput("\(path): expected an .aedat4 (AEDAT 4.0) or .raw (EVT 2.0) file")
}

// MARK: - stats

/// `embody events stats FILE`: how many events, how fast, which polarity, over what time.
struct EventsStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts, rate, ON/OFF ratio and time span of an event file.")

    @Argument(help: "An .aedat4 or .raw (EVT 2.0) file.")
    var file: String

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let recording = try readEventFile(file)
        let events = recording.events
        let on = events.reduce(0) { $0 + ($1.polarity ? 1 : 0) }
        let off = events.count - on
        let first = events.map(\.timestamp).min() ?? 0, last = events.map(\.timestamp).max() ?? 0
        let span = Double(last - first) * 1e-6
        let rate = span > 0 ? Double(events.count) / span : 0
        let ratio = off > 0 ? Double(on) / Double(off) : (on > 0 ? Double.infinity : 0)
        if json {
            print("{\"width\":\(recording.width),\"height\":\(recording.height),\"events\":\(events.count),\"on\":\(on),\"off\":\(off),"
                  + "\"on_off_ratio\":\(ratio.isFinite ? String(format: "%.4f", ratio) : "null"),\"first_us\":\(first),\"last_us\":\(last),"
                  + "\"span_s\":\(String(format: "%.6f", span)),\"rate_per_s\":\(String(format: "%.1f", rate))}")
        } else {
            print("\(file): \(recording.width)x\(recording.height) sensor, \(events.count) events (\(on) ON, \(off) OFF, ON/OFF \(String(format: "%.3f", ratio)))")
            print("time \(first)…\(last) µs (\(String(format: "%.6f", span)) s), \(String(format: "%.1f", rate / 1000)) k events/s, "
                  + String(format: "%.2f", rate / Double(recording.width * recording.height)) + " events/pixel/s")
        }
    }
}

// MARK: - render

/// `embody events render FILE --output FILE.mp4`: accumulated event frames for people.
struct EventsRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Render an event file as a video of accumulated event frames (ON green, OFF red).")

    @Argument(help: "An .aedat4 or .raw (EVT 2.0) file.")
    var file: String

    @Option(help: "Video to write (.mp4; Motion JPEG .avi if MPEG-4 is unavailable).")
    var output: String

    @Option(help: "Video frames per second (each accumulates 1/fps of events unless --window-us).")
    var fps: Double = 30

    @Option(name: .customLong("window-us"), help: "Accumulation window per video frame, µs (default 1/fps).")
    var windowUs: Int64?

    @Option(name: .customLong("full-scale"), help: "Events per pixel that saturate the colour.")
    var fullScale: Int = 2

    @Option(help: "Integer upscaling of the sensor (default: at least 240 rows).")
    var scale: Int?

    func run() throws {
        guard fps > 0, fps <= 10_000 else { throw CommandError.badInput("--fps must be in (0, 10000]") }
        if let windowUs { guard windowUs > 0 else { throw CommandError.badInput("--window-us must be positive") } }
        guard fullScale > 0 else { throw CommandError.badInput("--full-scale must be positive") }
        if let scale { guard scale > 0, scale <= 16 else { throw CommandError.badInput("--scale must be in 1...16") } }
        let recording = try readEventFile(file)
        let events = recording.events.sorted { $0.timestamp < $1.timestamp }
        guard let first = events.first?.timestamp, let last = events.last?.timestamp else {
            throw CommandError.badInput("\(file): no events to render")
        }
        let w = recording.width, h = recording.height
        let k = scale ?? max(1, (240 + h - 1) / h)
        let step = Int64((1e6 / fps).rounded())
        let window = windowUs ?? step
        let histogram = EventHistogram(width: w, height: h)
        var small = [UInt8](repeating: 0, count: w * h * 3)
        var big = [UInt8](repeating: 0, count: w * k * h * k * 3)
        let writer: VideoWriter
        do { writer = try VideoWriter(path: output, width: w * k, height: h * k, fps: fps) } catch {
            throw CommandError.badInput("--output \(output): \(error)")
        }
        var frames = 0
        var start = 0
        var end = first + step
        while end - step <= last {
            while start < events.count && events[start].timestamp < end - window { start += 1 }
            histogram.clear()
            events[start...].withUnsafeBufferPointer { histogram.add($0, window: (end - window)..<end) }
            small.withUnsafeMutableBufferPointer { histogram.writeRGB(into: $0, fullScale: fullScale) }
            for y in 0..<(h * k) {
                for x in 0..<(w * k) {
                    let s = 3 * ((y / k) * w + x / k), d = 3 * (y * w * k + x)
                    big[d] = small[s]; big[d + 1] = small[s + 1]; big[d + 2] = small[s + 2]
                }
            }
            do { try writer.append(pixels: big) } catch { throw CommandError.runtime("\(output): \(error)") }
            frames += 1
            end += step
        }
        do { try writer.close() } catch { throw CommandError.runtime("\(output): \(error)") }
        print("\(frames) frames \(w * k)x\(h * k) at \(fps) fps (\(window) µs windows) → \(writer.path)")
    }
}

// MARK: - bench

/// `embody events bench`: emulator throughput on one core, and heap allocations per frame.
struct EventsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time the DVS emulator on synthetic moving frames (default DAVIS346 size).")

    @Option(help: "Sensor width.")
    var width = 346

    @Option(help: "Sensor height.")
    var height = 260

    @Option(help: "Distinct frames of the synthetic scene (a batch).")
    var frames = 240

    @Option(help: "Frame rate of the synthetic scene (sets the motion per frame and the interval).")
    var fps: Double = 1000

    @Option(help: "Timed batches; the median batch is reported.")
    var batches = 9

    @Flag(help: "Add ±1 level of per-pixel noise to every frame, like a real camera (no pixel is ever unchanged).")
    var dither = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    /// A moving scene: a textured background, a textured disc sweeping across it and a bar
    /// crossing vertically, at about 1 pixel of motion per frame at 1000 fps.
    static func scene(width: Int, height: Int, frames: Int, fps: Double, dither: Bool) -> [[UInt8]] {
        let speed = 1000 / fps
        var noise: UInt64 = 0x2545_F491_4F6C_DD1D
        return (0..<frames).map { k in
            var frame = [UInt8](repeating: 0, count: width * height)
            let t = Double(k) * speed
            let cx = Double(width) * 0.2 + t.truncatingRemainder(dividingBy: Double(width) * 0.6)
            let cy = Double(height) / 2 + Double(height) * 0.2 * sin(t / 40)
            let r = Double(min(width, height)) * 0.25
            let barY = t.truncatingRemainder(dividingBy: Double(height))
            for y in 0..<height {
                for x in 0..<width {
                    let fx = Double(x), fy = Double(y)
                    var v = 90 + 50 * sin(fx * 0.11) * sin(fy * 0.07)
                    let dx = fx - cx, dy = fy - cy
                    if dx * dx + dy * dy < r * r { v = 160 + 60 * sin((dx + dy) * 0.3) }
                    if abs(fy - barY) < 6 && x > width / 3 { v = 20 }
                    if dither {
                        noise ^= noise << 13; noise ^= noise >> 7; noise ^= noise << 17
                        v += Double(Int(noise % 3) - 1)
                    }
                    frame[y * width + x] = UInt8(max(0, min(255, v.rounded())))
                }
            }
            return frame
        }
    }

    func run() throws {
        guard width > 0, height > 0, frames > 1, batches > 0, fps > 0, fps <= 1_000_000 else {
            throw CommandError.badInput("sizes, --batches and --fps must be positive and --frames at least 2")
        }
        let model: DVSModel
        do { model = try DVSModel(width: width, height: height) } catch { throw CommandError.badInput(error.description) }
        let state = DVSState(model)
        let scene = Self.scene(width: width, height: height, frames: frames, fps: fps, dither: dither)
        let interval = Int64((1e6 / fps).rounded())
        var time: Int64 = 0
        // Index loops: in debug builds, for-in over an array of arrays can allocate per element.
        func threadSeconds() -> Double {
            var now = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
            return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
        }
        func batch() -> (seconds: Double, cpuSeconds: Double, events: Int) {
            var events = 0
            let cpuStart = threadSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            var k = 0
            while k < scene.count {
                time += interval
                scene[k].withUnsafeBufferPointer { emulateDVS(model, state, frame: $0, timestamp: time) }
                events += state.events.count
                k += 1
            }
            return (Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9, threadSeconds() - cpuStart, events)
        }
        _ = batch()  // warm-up: buffers grow to the busiest frame
        var results = (0..<batches).map { _ in batch() }
        results.sort { $0.seconds < $1.seconds }
        let median = results[results.count / 2]
        let allocations = countAllocations { _ = batch() }
        let pixels = Double(width * height * frames)
        let megapixels = pixels / median.seconds / 1e6
        // CPU time of this thread: the same figure without the time other processes took the core.
        let cpuMegapixels = pixels / results.map(\.cpuSeconds).sorted()[results.count / 2] / 1e6
        let nsPerFrame = median.seconds / Double(frames) * 1e9
        let eventsPerFrame = Double(median.events) / Double(frames)
        let perFrameAllocations = Double(allocations) / Double(frames)
        if json {
            print("{\"width\":\(width),\"height\":\(height),\"megapixels_per_s\":\(String(format: "%.1f", megapixels)),"
                  + "\"megapixels_per_cpu_s\":\(String(format: "%.1f", cpuMegapixels)),"
                  + "\"frame_us\":\(String(format: "%.2f", nsPerFrame / 1000)),\"events_per_frame\":\(String(format: "%.0f", eventsPerFrame)),"
                  + "\"allocations_per_frame\":\(String(format: "%g", perFrameAllocations))}")
        } else {
            print("DVS emulator, \(width)x\(height) frames at \(fps) fps\(dither ? " with ±1 noise" : ""), default sensor (mismatch σ 0.03, refractory 500 µs), one core")
            print("  \(String(format: "%.1f", megapixels)) megapixels/s  (\(String(format: "%.1f", nsPerFrame / 1000)) µs per frame, "
                  + "\(String(format: "%.2f", median.seconds * 1e9 / pixels)) ns per pixel); \(String(format: "%.1f", cpuMegapixels)) per CPU-second")
            print("  \(String(format: "%.0f", eventsPerFrame)) events per frame (\(String(format: "%.1f", 100 * eventsPerFrame / Double(width * height)))% of pixels)")
            print("  heap allocations per frame: \(String(format: "%g", perFrameAllocations))")
        }
    }
}
