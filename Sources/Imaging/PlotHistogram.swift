import Foundation

/// Bars over bins, for timing distributions (tick durations, planner latency in µs).
public struct HistogramPlot: Sendable {
    public var title: String
    public var xAxis: PlotAxis
    /// The count axis; `logarithmic` shows rare slow ticks next to thousands of fast ones.
    public var yAxis: PlotAxis
    /// Bin edges, ascending; bin i spans edges[i]..<edges[i+1].
    public private(set) var edges: [Double]
    public private(set) var counts: [Int]
    /// Legend name of the bars.
    public var name: String
    public var color: PlotColor
    /// Vertical lines (budget, percentiles), named in the legend.
    public var markerLines: [PlotMarkerLine]
    public var legend: LegendPlacement

    /// From precomputed bins (e.g. an HDR histogram's buckets).
    public init(title: String, xAxis: PlotAxis, yAxis: PlotAxis = PlotAxis("count"), edges: [Double],
                counts: [Int], name: String = "samples", color: PlotColor = PlotColor.palette(0),
                markerLines: [PlotMarkerLine] = [], legend: LegendPlacement = .automatic) throws(ImagingError)
    {
        guard !counts.isEmpty, edges.count == counts.count + 1 else {
            throw .invalidArgument("histogram '\(title)' has \(counts.count) counts and \(edges.count) edges; expected counts + 1 edges, at least one bin")
        }
        guard edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw .invalidArgument("histogram '\(title)' bin edges must be finite and strictly ascending")
        }
        guard counts.allSatisfy({ $0 >= 0 }) else { throw .invalidArgument("histogram '\(title)' has a negative count") }
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.edges = edges
        self.counts = counts
        self.name = name
        self.color = color
        self.markerLines = markerLines
        self.legend = legend
    }

    /// Bins `samples` into about `binCount` bins of a 1-2-5 width. Non-finite samples are left out
    /// (and counted in the legend name); no finite sample gives an empty plot saying "no data".
    public init(title: String, xAxis: PlotAxis, yAxis: PlotAxis = PlotAxis("count"), samples: [Double],
                binCount: Int = 40, name: String = "samples", color: PlotColor = PlotColor.palette(0),
                markerLines: [PlotMarkerLine] = [], legend: LegendPlacement = .automatic) throws(ImagingError)
    {
        guard binCount >= 1 else { throw .invalidArgument("histogram '\(title)' needs at least one bin, got \(binCount)") }
        let finite = samples.filter(\.isFinite)
        let dropped = samples.count - finite.count
        let label = dropped > 0 ? "\(name) (\(dropped) not finite, left out)" : name
        guard let low = finite.min(), let high = finite.max() else {
            try self.init(title: title, xAxis: xAxis, yAxis: yAxis, edges: [0, 1], counts: [0], name: label,
                          color: color, markerLines: markerLines, legend: legend)
            return
        }
        let grid = AxisTicks.linear(lower: low, upper: high, maxIntervals: binCount)
        var edges = grid.values
        // A sample exactly on the top edge belongs in the last bin.
        if edges.count < 2 { edges = [grid.lower, grid.upper] }
        let width = edges[1] - edges[0]
        var counts = [Int](repeating: 0, count: edges.count - 1)
        for sample in finite {
            let bin = min(counts.count - 1, max(0, Int(((sample - edges[0]) / width).rounded(.down))))
            counts[bin] += 1
        }
        try self.init(title: title, xAxis: xAxis, yAxis: yAxis, edges: edges, counts: counts, name: label,
                      color: color, markerLines: markerLines, legend: legend)
    }

    /// The plot as an RGB image.
    public func render(width: Int = 1000, height: Int = 600) throws(ImagingError) -> Image {
        let canvas = try Canvas(width: width, height: height)
        try draw(on: canvas, in: PixelRect(x: 0, y: 0, width: Double(width), height: Double(height)))
        return try canvas.image()
    }

    func draw(on canvas: Canvas, in rect: PixelRect) throws(ImagingError) {
        let logY = yAxis.logarithmic
        let maxCount = counts.max() ?? 0
        let minPositive = counts.filter { $0 > 0 }.min()
        var xData: ClosedRange<Double>? = edges.first! ... edges.last!
        for marker in markerLines where marker.x.isFinite {
            xData = min(xData!.lowerBound, marker.x)...max(xData!.upperBound, marker.x)
        }
        let yData: ClosedRange<Double>?
        if maxCount == 0 {
            yData = nil
        } else if logY {
            yData = Double(minPositive!)...Double(maxCount)
        } else {
            yData = 0...Double(maxCount)
        }
        var legend = [LegendEntry(name: name, color: color, swatch: .box)]
        legend += markerLines.map { LegendEntry(name: $0.name, color: $0.color, swatch: .line($0.style)) }
        let content = PanelContent(
            title: title, xAxis: xAxis, yAxis: yAxis, xData: yData == nil ? nil : xData, yData: yData,
            legend: legend, legendPlacement: legend.count > 1 || name != "samples" ? self.legend : .hidden)
        let fill = color.lightened(0.35)

        try PanelLayout.draw(content, in: rect, on: canvas, dataPixels: { frame in
            var pixels: [(Double, Double)] = []
            for (i, count) in counts.enumerated() where count > 0 {
                let top = frame.py(Double(count))
                let left = frame.px(edges[i]), right = frame.px(edges[i + 1])
                // The bar's outline is what a legend must not hide.
                for x in stride(from: left, through: right, by: 4) { pixels.append((x, top)) }
                for y in stride(from: top, through: frame.area.maxY, by: 6) {
                    pixels.append((left, y))
                    pixels.append((right, y))
                }
            }
            for marker in markerLines where marker.x.isFinite {
                let x = frame.px(marker.x)
                for y in stride(from: frame.area.y, through: frame.area.maxY, by: 6) { pixels.append((x, y)) }
            }
            return pixels
        }, drawData: { frame throws(ImagingError) in
            let base = frame.area.maxY + 1
            for (i, count) in counts.enumerated() where count > 0 {
                let left = frame.px(edges[i]).rounded(), right = frame.px(edges[i + 1]).rounded()
                let top = frame.py(Double(count)).rounded()
                let bar = PixelRect(x: left, y: top, width: right - left, height: base - top)
                try canvas.fill(bar, color: fill)
                if right - left >= 3 {
                    try canvas.polyline([left, base, left, top, right, top, right, base], color: color, thickness: 1,
                                        antialiased: false)
                } else {
                    try canvas.line(left, top, right, top, color: color)
                }
            }
            for marker in markerLines where marker.x.isFinite {
                let x = frame.px(marker.x)
                try canvas.polyline([x, frame.area.y, x, frame.area.maxY], color: marker.color, thickness: 2,
                                    style: marker.style)
            }
        })
    }
}
