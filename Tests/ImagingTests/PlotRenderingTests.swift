import Foundation
import XCTest

@testable import Imaging

final class PlotRenderingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embody-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: helpers

    private func pixel(_ image: Image, _ x: Int, _ y: Int) -> PlotColor {
        let i = (y * image.width + x) * 3
        return PlotColor(red: image.pixels[i], green: image.pixels[i + 1], blue: image.pixels[i + 2])
    }

    private func count(_ image: Image, _ color: PlotColor, xs: Range<Int>? = nil, ys: Range<Int>? = nil) -> Int {
        var n = 0
        for y in ys ?? 0..<image.height {
            for x in xs ?? 0..<image.width where pixel(image, x, y) == color { n += 1 }
        }
        return n
    }

    /// Bounding box of pixels darker than the background in a region.
    private func ink(_ image: Image, xs: Range<Int>, ys: Range<Int>) -> (minX: Int, maxX: Int, minY: Int, maxY: Int)? {
        var box: (Int, Int, Int, Int)?
        for y in ys {
            for x in xs {
                let p = pixel(image, x, y)
                guard Int(p.red) + Int(p.green) + Int(p.blue) < 3 * 200 else { continue }
                box = box.map { (min($0.0, x), max($0.1, x), min($0.2, y), max($0.3, y)) } ?? (x, x, y, y)
            }
        }
        return box.map { (minX: $0.0, maxX: $0.1, minY: $0.2, maxY: $0.3) }
    }

    private func trackingPlot(title: String = "Joint 1 tracking", yLabel: String = "position") throws -> LinePlot {
        let t = (0...400).map { Double($0) * 0.005 }
        let reference = t.map { 0.8 * sin(2 * Double.pi * 0.5 * $0) }
        let measured = t.map { 0.8 * sin(2 * Double.pi * 0.5 * ($0 - 0.05)) }
        return LinePlot(
            title: title, xAxis: PlotAxis("time", unit: "s"), yAxis: PlotAxis(yLabel, unit: "rad"),
            series: [
                try PlotSeries(name: "measured", color: PlotColor(hex: 0x0072B2), x: t, y: measured, lineWidth: 3),
                try PlotSeries(name: "reference", color: PlotColor(hex: 0xD55E00), x: t, y: reference,
                               style: .dashed, lineWidth: 3),
            ])
    }

    // MARK: tests

    func testRenderedPlotWritesAPNGThatReadsBackWithTheRightSize() throws {
        let image = try trackingPlot().render(width: 800, height: 500)
        XCTAssertEqual(image.width, 800)
        XCTAssertEqual(image.height, 500)
        XCTAssertEqual(image.channels, 3)
        let file = directory.appendingPathComponent("tracking.png").path
        try writePNG(image, to: file)
        let back = try readImage(at: file)
        XCTAssertEqual(back, image)
        XCTAssertEqual(try LinePlot(title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y")).render().width, 1000)
    }

    func testSeriesColoursAppearInThePixels() throws {
        let image = try trackingPlot().render()
        XCTAssertGreaterThan(count(image, PlotColor(hex: 0x0072B2)), 500, "measured line")
        XCTAssertGreaterThan(count(image, PlotColor(hex: 0xD55E00)), 300, "dashed reference line")
        // Palette colours when none is given.
        let plot = LinePlot(title: "", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"), series: [
            PlotSeries(name: "a", points: [(0, 0), (1, 1)], lineWidth: 3),
            PlotSeries(name: "b", points: [(0, 1), (1, 0)], lineWidth: 3),
        ])
        let defaults = try plot.render(width: 600, height: 400)
        XCTAssertGreaterThan(count(defaults, PlotColor.palette(0)), 200)
        XCTAssertGreaterThan(count(defaults, PlotColor.palette(1)), 200)
        XCTAssertNotEqual(PlotColor.palette(0), PlotColor.palette(1))
        XCTAssertEqual(Set(PlotColor.palette).count, PlotColor.palette.count)
    }

    func testTitleTickAndAxisLabelsAreDrawn() throws {
        let width = 1000, height = 600
        let image = try trackingPlot().render(width: width, height: height)
        // Blank (but non-empty) texts keep the layout identical, so any difference is the text's ink.
        let blank = try LinePlot(title: " ", xAxis: PlotAxis(" "), yAxis: PlotAxis(" "), series: trackingPlot().series)
            .render(width: width, height: height)
        // Title band: ink in the top rows, centred; none without a title.
        let title = try XCTUnwrap(ink(image, xs: 300..<700, ys: 0..<30))
        XCTAssertLessThan(abs((title.minX + title.maxX) / 2 - width / 2), 10, "title is centred")
        XCTAssertNil(ink(blank, xs: 300..<700, ys: 0..<30))
        // x caption at the bottom, y caption at the left edge.
        XCTAssertNotNil(ink(image, xs: 400..<600, ys: (height - 30)..<height))
        XCTAssertNil(ink(blank, xs: 400..<600, ys: (height - 30)..<height))
        XCTAssertNotNil(ink(image, xs: 0..<30, ys: 200..<400))
        XCTAssertNil(ink(blank, xs: 0..<30, ys: 200..<400))
        // Tick labels under the data area.
        XCTAssertNotNil(ink(image, xs: 100..<900, ys: (height - 55)..<(height - 35)))
    }

    func testYAxisLabelIsRotated() throws {
        let image = try trackingPlot(yLabel: "joint position").render()
        let box = try XCTUnwrap(ink(image, xs: 0..<30, ys: 0..<image.height))
        let inkWidth = box.maxX - box.minX + 1, inkHeight = box.maxY - box.minY + 1
        XCTAssertGreaterThan(inkHeight, 4 * inkWidth, "the y caption reads bottom to top")
    }

    func testVerticalTextIsTheHorizontalBoxTurned() throws {
        let canvas = try Canvas(width: 200, height: 200)
        let size = try canvas.measure("speed [µs]", PlotTheme.axisLabel)
        XCTAssertGreaterThan(size.width, size.height)
        try canvas.text("speed [µs]", x: 20, y: 10, PlotTheme.axisLabel, color: .black, vertical: true)
        let image = try canvas.image()
        let box = try XCTUnwrap(ink(image, xs: 0..<200, ys: 0..<200))
        XCTAssertGreaterThanOrEqual(box.minX, 20)
        XCTAssertLessThan(box.maxX, 20 + Int(size.height))
        XCTAssertGreaterThanOrEqual(box.minY, 10)
        XCTAssertLessThan(box.maxY, 10 + Int(size.width))
        XCTAssertGreaterThan(box.maxY - box.minY, 3 * (box.maxX - box.minX))
    }

    func testNaNSamplesLeaveAGapAndEmptySeriesAreSkipped() throws {
        let blue = PlotColor(hex: 0x0072B2)
        let plot = LinePlot(
            title: "gaps", xAxis: PlotAxis("x", range: 0...4), yAxis: PlotAxis("y", range: -1...1),
            series: [
                PlotSeries(name: "with gap", color: blue, points: [(0, 0), (1, 0), (2, .nan), (3, 0), (4, 0)], lineWidth: 3),
                PlotSeries(name: "empty", points: []),
                PlotSeries(name: "all NaN", points: [(.nan, 1), (2, .infinity)]),
            ])
        let image = try plot.render(width: 600, height: 400)
        // Locate the line's row, then check the columns around x = 2 are free of it.
        let row = try XCTUnwrap((0..<image.height).max { count(image, blue, ys: $0..<($0 + 1)) < count(image, blue, ys: $1..<($1 + 1)) })
        let columns = (0..<image.width).filter { pixel(image, $0, row) == blue }
        let left = try XCTUnwrap(columns.min()), right = try XCTUnwrap(columns.max())
        let middle = (left + right) / 2
        XCTAssertEqual(count(image, blue, xs: (middle - 20)..<(middle + 20), ys: (row - 3)..<(row + 4)), 0)

        // Nothing finite at all: the axes and a "no data" note, no crash.
        let nothing = LinePlot(title: "none", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"),
                               series: [PlotSeries(name: "nan", points: [(.nan, .nan)])])
        XCTAssertNoThrow(try nothing.render(width: 400, height: 300))
        XCTAssertNoThrow(try LinePlot(title: "no series", xAxis: PlotAxis("x"), yAxis: PlotAxis("y")).render())
        XCTAssertNoThrow(try HistogramPlot(title: "h", xAxis: PlotAxis("t", unit: "µs"), samples: [.nan]).render())
        XCTAssertNoThrow(try HistogramPlot(title: "h", xAxis: PlotAxis("t", unit: "µs"), samples: []).render())
    }

    func testBadInputIsAClearError() throws {
        XCTAssertThrowsError(try PlotSeries(name: "q1", x: [0, 1], y: [0])) { error in
            guard case .invalidArgument(let message) = error as? ImagingError else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("q1"), message)
        }
        XCTAssertThrowsError(try HistogramPlot(title: "h", xAxis: PlotAxis("t"), edges: [0, 1], counts: [1, 2]))
        XCTAssertThrowsError(try HistogramPlot(title: "h", xAxis: PlotAxis("t"), edges: [0, .nan, 2], counts: [1, 2]))
        XCTAssertThrowsError(try PlotGrid(title: "g", panels: []).render())
        let canvas = try Canvas(width: 10, height: 10)
        XCTAssertThrowsError(try canvas.polyline([0, 0, .nan, 1], color: .black, thickness: 1)) { error in
            guard case .invalidArgument = error as? ImagingError else { return XCTFail("got \(error)") }
        }
    }

    func testRenderingIsDeterministic() throws {
        let plot = try trackingPlot()
        XCTAssertEqual(try plot.render(), try plot.render())
        let grid = PlotGrid(title: "Joints", columns: 2, panels: [.line(plot), .line(plot), .line(plot)])
        XCTAssertEqual(try grid.render(), try grid.render())
    }

    func testHistogramBarsShowOnALogScaleDownToACountOfOne() throws {
        let color = PlotColor(hex: 0x009E73)
        let histogram = try HistogramPlot(
            title: "Controller tick", xAxis: PlotAxis("duration", unit: "µs"),
            yAxis: PlotAxis("ticks", logarithmic: true), edges: [0, 100, 200, 300, 400], counts: [5000, 30, 0, 1],
            color: color, markerLines: [PlotMarkerLine(name: "budget 1000 µs", x: 350, color: .black)])
        let image = try histogram.render(width: 800, height: 500)
        // Outline colour for every non-empty bar; the count-1 bar is a visible column, not a hairline.
        let right = count(image, color, xs: 500..<800)
        XCTAssertGreaterThan(right, 20)
        XCTAssertGreaterThan(count(image, color.lightened(0.35)), 1000, "bar fill")
        let binned = try HistogramPlot(title: "t", xAxis: PlotAxis("d", unit: "µs"), samples: [1, 2, 2, 3, 3, 3, 10],
                                       binCount: 9)
        XCTAssertEqual(binned.counts.reduce(0, +), 7)
        XCTAssertEqual(binned.edges.first, 1)
        XCTAssertEqual(binned.edges.last, 10)
    }

    func testCanvasClipsDashesAndMeasures() throws {
        let canvas = try Canvas(width: 100, height: 50)
        try canvas.clip(to: PixelRect(x: 0, y: 0, width: 49, height: 49))
        try canvas.line(0, 10, 99, 10, color: .black, thickness: 1)
        try canvas.clip(to: nil)
        try canvas.polyline([0, 30, 99, 30], color: .black, thickness: 1, style: .dashed)
        let image = try canvas.image()
        XCTAssertEqual(pixel(image, 20, 10), .black)
        XCTAssertEqual(pixel(image, 80, 10), .white, "clipped")
        let dashed = (0..<100).map { pixel(image, $0, 30) }
        XCTAssertGreaterThan(dashed.filter { $0 == .white }.count, 20, "dashes have gaps")
        XCTAssertGreaterThan(dashed.filter { $0.red < 128 }.count, 40, "dashes")
        XCTAssertLessThan(try canvas.measure("1", PlotTheme.tickLabel).width, try canvas.measure("1000", PlotTheme.tickLabel).width)
    }

    /// Renders the report examples; set EMBODY_PLOT_EXAMPLE=/tmp/plot_example.png to keep them.
    func testReportExamplesRender() throws {
        let examples = try PlotExamples.all()
        XCTAssertEqual(examples["joints"]?.width, 1500)
        guard let target = ProcessInfo.processInfo.environment["EMBODY_PLOT_EXAMPLE"] else { return }
        let base = (target as NSString).deletingPathExtension
        for (name, image) in examples {
            try writePNG(image, to: name == "joints" ? target : "\(base)_\(name).png")
        }
    }
}

/// Plots shaped like `embody sim --plots` output, from synthetic data.
enum PlotExamples {
    static func all() throws -> [String: Image] {
        let t = (0...3000).map { Double($0) * 0.001 }
        var panels: [PlotPanel] = []
        for joint in 0..<6 {
            let amplitude = [0.9, 0.6, 1.2, 0.3, 0.05, 2.4][joint]
            let offset = [0.0, -0.8, 0.4, 1.5, 0.0, 0.0][joint]
            let reference = t.map { offset + amplitude * (1 - cos(Double.pi * min($0, 2) / 2)) / 2 }
            let measured = zip(t, reference).map { time, r in
                r - amplitude * 0.06 * exp(-3 * time) * sin(9 * time) - 0.01 * amplitude
            }
            panels.append(.line(LinePlot(
                title: "joint \(joint + 1)", xAxis: PlotAxis("time", unit: "s"), yAxis: PlotAxis("position", unit: "rad"),
                series: [
                    try PlotSeries(name: "measured", color: PlotColor.palette(0), x: t, y: measured),
                    try PlotSeries(name: "reference", color: PlotColor.palette(1), x: t, y: reference, style: .dashed),
                ])))
        }
        let joints = try PlotGrid(title: "Joint positions vs. references (pick_cube, seed 1)", panels: panels).render()

        let s = t.map { min($0, 2.5) / 2.5 }
        let x = s.map { 0.30 + 0.15 * sin(Double.pi * $0) }
        let y = s.map { -0.10 + 0.25 * $0 }
        let z = s.map { 0.25 - 0.18 * $0 + 0.05 * sin(2 * Double.pi * $0) }
        let targetX = [0.30, 0.45, 0.30], targetY = [-0.10, 0.025, 0.15], targetZ = [0.25, 0.16, 0.07]
        let path = try PlotGrid(title: "End-effector path", columns: 2, panels: [
            .line(LinePlot(title: "top view (x-y)", xAxis: PlotAxis("x", unit: "m"), yAxis: PlotAxis("y", unit: "m"),
                           series: [try PlotSeries(name: "path", x: x, y: y),
                                    try PlotSeries(name: "waypoints", x: targetX, y: targetY, style: .dashed)],
                           equalAspect: true)),
            .line(LinePlot(title: "side view (x-z)", xAxis: PlotAxis("x", unit: "m"), yAxis: PlotAxis("z", unit: "m"),
                           series: [try PlotSeries(name: "path", x: x, y: z),
                                    try PlotSeries(name: "waypoints", x: targetX, y: targetZ, style: .dashed)],
                           equalAspect: true)),
        ]).render(width: 1200, height: 560)

        var state: UInt64 = 42
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        let ticks = (0..<20000).map { _ -> Double in
            let base = 180 + 40 * (uniform() + uniform() + uniform() - 1.5)
            return uniform() < 0.003 ? base + 500 * uniform() : base
        }
        let sorted = ticks.sorted()
        let p99 = sorted[Int(Double(sorted.count) * 0.99)]
        let timing = try PlotGrid(title: "Timing", columns: 2, panels: [
            .histogram(try HistogramPlot(
                title: "controller tick duration", xAxis: PlotAxis("duration", unit: "µs"),
                yAxis: PlotAxis("ticks", logarithmic: true), samples: ticks, binCount: 60, name: "20000 ticks",
                markerLines: [PlotMarkerLine(name: String(format: "p99 %.0f µs", p99), x: p99, color: PlotColor.palette(1))])),
            .histogram(try HistogramPlot(
                title: "planner latency", xAxis: PlotAxis("latency", unit: "ms"),
                samples: (0..<300).map { _ in 35 + 20 * uniform() + 10 * uniform() }, binCount: 30, name: "300 chunks",
                markerLines: [PlotMarkerLine(name: "budget 100 ms", x: 100, color: PlotColor.palette(1))])),
        ]).render(width: 1200, height: 480)
        // Data in every corner: the legend moves to a row above the data area.
        let noisy = (0..<600).map { i in sin(Double(i) * 0.37) * cos(Double(i) * 0.011) * 0.4 }
        let single = try LinePlot(
            title: "Joint 2 torque", xAxis: PlotAxis("time", unit: "s"), yAxis: PlotAxis("torque", unit: "N m"),
            series: [
                try PlotSeries(name: "commanded", x: (0..<600).map { Double($0) / 200 }, y: noisy, lineWidth: 1.5),
                try PlotSeries(name: "limit", x: [0, 3], y: [0.35, 0.35], style: .dashed),
            ]).render()
        return ["joints": joints, "path": path, "timing": timing, "single": single]
    }
}
