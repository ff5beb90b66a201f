/// One named line in a `LinePlot`.
public struct PlotSeries: Sendable {
    public var name: String
    /// nil takes the palette colour for the series' position in the plot.
    public var color: PlotColor?
    public var x: [Double]
    public var y: [Double]
    /// `.dashed` for references, so measured and commanded values are told apart without colour.
    public var style: LineStyle
    /// Stroke width in pixels.
    public var lineWidth: Double

    /// A series from points. Points with NaN or infinite coordinates are not drawn and break the line
    /// there (a gap), so a dropped sample does not become a spike.
    public init(name: String, color: PlotColor? = nil, points: [(x: Double, y: Double)], style: LineStyle = .solid,
                lineWidth: Double = 2)
    {
        self.name = name
        self.color = color
        self.x = points.map(\.x)
        self.y = points.map(\.y)
        self.style = style
        self.lineWidth = lineWidth
    }

    /// A series from matching arrays of x and y values (e.g. time stamps and one joint's positions).
    public init(name: String, color: PlotColor? = nil, x: [Double], y: [Double], style: LineStyle = .solid,
                lineWidth: Double = 2) throws(ImagingError)
    {
        guard x.count == y.count else {
            throw .invalidArgument("series '\(name)' has \(x.count) x values but \(y.count) y values")
        }
        self.name = name
        self.color = color
        self.x = x
        self.y = y
        self.style = style
        self.lineWidth = lineWidth
    }

    /// Runs of consecutive drawable points (finite, and positive on log axes).
    func runs(logX: Bool, logY: Bool) -> [[(Double, Double)]] {
        var runs: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for (px, py) in zip(x, y) {
            if px.isFinite && py.isFinite && (!logX || px > 0) && (!logY || py > 0) {
                current.append((px, py))
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }
}

/// Lines over a shared x axis (joint positions against references over time) or in a plane (the
/// end-effector path, with `equalAspect` so a circle stays round).
public struct LinePlot: Sendable {
    public var title: String
    public var xAxis: PlotAxis
    public var yAxis: PlotAxis
    public var series: [PlotSeries]
    /// Same scale on both axes (metres per pixel), for paths in space.
    public var equalAspect: Bool
    public var legend: LegendPlacement
    /// Vertical lines across the plot (events such as a fault or a new action chunk).
    public var markerLines: [PlotMarkerLine]

    public init(title: String, xAxis: PlotAxis, yAxis: PlotAxis, series: [PlotSeries] = [], equalAspect: Bool = false,
                legend: LegendPlacement = .automatic, markerLines: [PlotMarkerLine] = [])
    {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.equalAspect = equalAspect
        self.legend = legend
        self.markerLines = markerLines
    }

    /// The plot as an RGB image (1000 x 600 suits a report page).
    public func render(width: Int = 1000, height: Int = 600) throws(ImagingError) -> Image {
        let canvas = try Canvas(width: width, height: height)
        try draw(on: canvas, in: PixelRect(x: 0, y: 0, width: Double(width), height: Double(height)))
        return try canvas.image()
    }

    func color(of index: Int) -> PlotColor { series[index].color ?? PlotColor.palette(index) }

    func draw(on canvas: Canvas, in rect: PixelRect) throws(ImagingError) {
        for s in series where !(s.lineWidth.isFinite && s.lineWidth >= 0.5 && s.lineWidth <= 50) {
            throw .invalidArgument("series '\(s.name)' has line width \(s.lineWidth); expected 0.5...50 pixels")
        }
        let runs = series.map { $0.runs(logX: xAxis.logarithmic, logY: yAxis.logarithmic) }
        var xs: ClosedRange<Double>?, ys: ClosedRange<Double>?
        for run in runs.joined() {
            for (x, y) in run {
                xs = xs.map { min($0.lowerBound, x)...max($0.upperBound, x) } ?? x...x
                ys = ys.map { min($0.lowerBound, y)...max($0.upperBound, y) } ?? y...y
            }
        }
        var legend: [LegendEntry] = series.indices.map { i in
            LegendEntry(name: runs[i].isEmpty ? "\(series[i].name) (no data)" : series[i].name, color: color(of: i),
                        swatch: .line(series[i].style))
        }
        legend += markerLines.map { LegendEntry(name: $0.name, color: $0.color, swatch: .line($0.style)) }
        let content = PanelContent(
            title: title, xAxis: xAxis, yAxis: yAxis, xData: xs, yData: ys, equalAspect: equalAspect,
            legend: legend, legendPlacement: legend.isEmpty ? .hidden : self.legend)

        try PanelLayout.draw(content, in: rect, on: canvas, dataPixels: { frame in
            var pixels: [(Double, Double)] = []
            for run in runs.joined() {
                var previous: (Double, Double)?
                for (x, y) in run {
                    let p = (frame.px(x), frame.py(y))
                    if let q = previous {
                        // Long segments are sampled too, so a legend does not sit across a straight line.
                        let steps = Int(min(1000, (abs(p.0 - q.0) + abs(p.1 - q.1)) / 6))
                        for k in stride(from: 1, through: steps, by: 1) {
                            let t = Double(k) / Double(steps + 1)
                            pixels.append((q.0 + t * (p.0 - q.0), q.1 + t * (p.1 - q.1)))
                        }
                    }
                    pixels.append(p)
                    previous = p
                }
            }
            return pixels
        }, drawData: { frame throws(ImagingError) in
            for marker in markerLines where marker.x.isFinite {
                let x = frame.px(marker.x)
                try canvas.polyline([x, frame.area.y, x, frame.area.maxY], color: marker.color, thickness: 1.5,
                                    style: marker.style)
            }
            // References (dashed) first, so the measured lines stay on top where they coincide.
            let order = series.indices.sorted { (series[$0].style == .dashed ? 0 : 1, $0) < (series[$1].style == .dashed ? 0 : 1, $1) }
            for i in order {
                for run in runs[i] {
                    var xy: [Double] = []
                    xy.reserveCapacity(run.count * 2)
                    for (x, y) in run {
                        xy.append(frame.px(x))
                        xy.append(frame.py(y))
                    }
                    try canvas.polyline(xy, color: color(of: i), thickness: series[i].lineWidth, style: series[i].style)
                }
            }
        })
    }
}
