import Control
import Demonstrations
import Foundation
import Imaging
import Physics
import Runtime
import Spatial
import VLA

/// `embody sim --task`: seeded episodes with the scripted planner; a table, a JSON summary,
/// optionally a video, a trace and plots of the first episode.
func runTaskEpisodes(_ options: Sim, instruction: String) throws {
    let description: SceneDescription
    do { description = try SceneDescription.load(contentsOf: options.scene) } catch { throw CommandError.badInput(error.description) }
    guard Task(instruction: instruction) != nil else {
        throw CommandError.badInput("--task \"\(instruction)\": not an instruction template (sim/tasks/README.md)")
    }
    if options.realtime, let flag = options.record != nil ? "--record" : options.trace != nil ? "--trace" : nil {
        throw CommandError.badInput("\(flag) writes from the control thread, which would miss wall-clock deadlines; use it without --realtime")
    }
    let scene: Scene?  // the episodes' world, built here only for what the first episode writes
    if options.record != nil || options.trace != nil || options.plots != nil {
        do { scene = try Scene(description) } catch { throw CommandError.badInput(error.description) }
    } else {
        scene = nil
    }
    var recorder: (VideoWriter, CameraSensor)?
    if let record = options.record, let scene {
        let camera = try options.chosenCamera(in: description)
        do {
            recorder = (try VideoWriter(path: record, width: camera.width, height: camera.height, fps: 30), CameraSensor(camera, world: scene.model))
        } catch { throw CommandError.badInput("--record \(record): \(error)") }
    }
    var tracer: (writer: TraceWriter, every: Int)?
    if let trace = options.trace, let scene {
        do {
            tracer = (try TraceWriter(path: trace, scene: scene), max(1, Int((1 / (options.traceRate * scene.model.timestep)).rounded())))
        } catch { throw CommandError.badInput("--trace \(trace): \(error)") }
    }
    defer { tracer?.writer.close() }
    var learned: VLAEpisodePlanner?
    if options.planner == "vla", let model = options.model {
        learned = try loadVLAPlanner(model, int8: options.int8, scene: description)
        learned?.blankCameras = options.blankCameras
    }
    var results: [EpisodeResult] = []
    for k in 0..<options.episodes {
        var settings = EpisodeSettings(scene: description, instruction: instruction, seed: options.seed + UInt64(k))
        settings.timeLimit = options.duration ?? 25
        settings.realtime = options.realtime
        settings.keepSamples = k == 0 && options.plots != nil
        var frame = 0
        let video = k == 0 ? recorder : nil
        let trace = k == 0 ? tracer : nil
        if let learned {
            if options.shuffleInstructions {
                learned.instructionOverride = TaskSuite.all.instruction(forSeed: settings.seed &* 0x9E37_79B9_7F4A_7C15 &+ 17)
            }
            settings.planner = { context in try learned.start(context) }
        }
        let observe: ((WorldData) -> Void)? = (video != nil || trace != nil || learned != nil) ? { data in
            learned?.observe(data)
            frame += 1
            if frame % 33 == 0, let (writer, sensor) = video {
                sensor.capture(data)
                try? writer.append(pixels: Array(sensor.renderer.rgb))
            }
            if let trace, frame % trace.every == 0 { trace.writer.write(data) }
        } : nil
        do {
            results.append(try runEpisode(settings, observe: observe))
        } catch let error as SimulationError {
            throw CommandError.runtime("episode \(k) (seed \(settings.seed)): \(error)")
        } catch {
            throw CommandError.badInput("\(error)")
        }
        if k == 0, let (writer, _) = recorder { try? writer.close() }
        let r = results[k]
        let told = learned?.instructionOverride.map { " (model told \"\($0)\")" } ?? ""
        print("episode \(k) seed \(settings.seed): \(r.success ? "success" : "failure") after \(String(format: "%.2f", r.duration)) s — \(r.outcome)\(told)")
    }
    let report = EpisodeReport(results, realtime: options.realtime)
    print(report.table(instruction: instruction))
    if let path = options.summary {
        do { try Data(report.json.utf8).write(to: URL(fileURLWithPath: path)) } catch { throw CommandError.badInput("--summary \(path): \(error.localizedDescription)") }
    }
    if let dir = options.plots, let first = results.first {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try writePlots(first, report: report, jointNames: scene?.model.robot?.jointNames ?? [], to: dir)
        } catch { throw CommandError.runtime("--plots \(dir): \(error)") }
    }
}

/// The VLA planner of `--planner vla --model DIR` (`embody sim` and `embody run`), loaded once for
/// every episode; with `feed`, its images come from an emulated rig's plant.
func loadVLAPlanner(_ directory: String, int8: Bool, scene: SceneDescription, feed: PlantCameraFeed? = nil) throws -> VLAEpisodePlanner {
    do {
        return try VLAEpisodePlanner(model: try VLAModel.load(directory: directory, int8: int8), scene: try Scene(scene), feed: feed)
    } catch { throw CommandError.badInput("--model \(directory): \(error)") }
}

/// joints.png (measured against reference), tool_path.png (top and side views), timing.png.
func writePlots(_ episode: EpisodeResult, report: EpisodeReport, jointNames: [String], to dir: String) throws {
    let t = episode.samples.map(\.time)
    var panels: [PlotPanel] = []
    for (j, name) in jointNames.enumerated() {
        let measured = try PlotSeries(name: "measured", x: t, y: episode.samples.map { $0.jointPositions[j] })
        let reference = try PlotSeries(name: "reference", x: t, y: episode.samples.map { $0.jointReferences[j] }, style: .dashed)
        panels.append(.line(LinePlot(title: name, xAxis: PlotAxis("time", unit: "s"), yAxis: PlotAxis("position", unit: name == "gripper" || name.hasPrefix("joint") == false ? "rad" : "rad"),
                                     series: [measured, reference])))
    }
    try writePNG(try PlotGrid(title: "Joint positions against references (episode 0)", panels: panels).render(), to: dir + "/joints.png")
    func path(_ a: KeyPath<Vec3, Double>, _ b: KeyPath<Vec3, Double>, _ title: String, _ xName: String, _ yName: String) throws -> PlotPanel {
        let tool = try PlotSeries(name: "tool", x: episode.samples.map { $0.tool[keyPath: a] }, y: episode.samples.map { $0.tool[keyPath: b] })
        let reference = try PlotSeries(name: "reference", x: episode.samples.map { $0.toolReference[keyPath: a] },
                                       y: episode.samples.map { $0.toolReference[keyPath: b] }, style: .dashed)
        return .line(LinePlot(title: title, xAxis: PlotAxis(xName, unit: "m"), yAxis: PlotAxis(yName, unit: "m"),
                              series: [tool, reference], equalAspect: true))
    }
    try writePNG(try PlotGrid(title: "Tool path (robot base frame)", columns: 2,
                              panels: [try path(\.x, \.y, "top view", "x", "y"), try path(\.x, \.z, "side view", "x", "z")]).render(),
                 to: dir + "/tool_path.png")
    var timing: [PlotPanel] = [
        .histogram(try HistogramPlot(title: "controller compute per tick", xAxis: PlotAxis("compute", unit: "µs"),
                                     yAxis: PlotAxis("ticks", logarithmic: true),
                                     samples: Histograms.values(episode.controllerCompute, nanosecondsPerUnit: 1e3))),
        .histogram(try HistogramPlot(title: "planner latency", xAxis: PlotAxis("latency", unit: "ms"),
                                     yAxis: PlotAxis("planner ticks"),
                                     samples: Histograms.values(episode.plannerLatency, nanosecondsPerUnit: 1e6))),
    ]
    if report.realtime {
        timing.append(.histogram(try HistogramPlot(title: "controller period error", xAxis: PlotAxis("lateness", unit: "µs"),
                                                   yAxis: PlotAxis("ticks", logarithmic: true),
                                                   samples: Histograms.values(episode.executive.controllerTelemetry.periodError, nanosecondsPerUnit: 1e3))))
    }
    try writePNG(try PlotGrid(title: "Loop timing", columns: timing.count, panels: timing).render(), to: dir + "/timing.png")
}
