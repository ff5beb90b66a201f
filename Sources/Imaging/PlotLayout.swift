import Foundation

/// The shared frame of every panel: title, axes with ticks, labels and grid, legend. Line plots and
/// histograms describe their content with `PanelContent` and draw their data into the `AxesFrame`.

/// Fonts and colours of the plot furniture (Hershey Simplex; scale 1 is about 22 px cap height).
enum PlotTheme {
    static let title = TextStyle(scale: 0.62, thickness: 2)
    static let axisLabel = TextStyle(scale: 0.5, thickness: 1)
    static let tickLabel = TextStyle(scale: 0.45, thickness: 1)
    static let legend = TextStyle(scale: 0.45, thickness: 1)
    static let text = PlotColor(hex: 0x222222)
    static let frame = PlotColor(hex: 0x444444)
    static let grid = PlotColor(hex: 0xE3E3E3)
    static let legendBorder = PlotColor(hex: 0xBBBBBB)
    static let padding = 10.0
    static let tickLength = 5.0
}

/// One legend row: a line sample (series, marker lines) or a filled box (histogram bars).
struct LegendEntry {
    enum Swatch { case line(LineStyle), box }
    var name: String
    var color: PlotColor
    var swatch: Swatch
}

/// What a panel shows, independent of pixels.
struct PanelContent {
    var title: String
    var xAxis: PlotAxis
    var yAxis: PlotAxis
    /// Extent of the finite data (positive part only on log axes); nil when there is none.
    var xData: ClosedRange<Double>?
    var yData: ClosedRange<Double>?
    var equalAspect = false
    var legend: [LegendEntry] = []
    var legendPlacement = LegendPlacement.automatic
    var hasData: Bool { xData != nil && yData != nil }
}

/// Pixel geometry of a laid-out panel and the data-to-pixel mapping.
struct AxesFrame {
    var area: PixelRect
    var x: AxisTicks
    var y: AxisTicks
    var legendRow: Bool

    func px(_ value: Double) -> Double {
        area.x + fraction(value, x) * area.width
    }
    func py(_ value: Double) -> Double {
        area.maxY - fraction(value, y) * area.height
    }
    private func fraction(_ value: Double, _ ticks: AxisTicks) -> Double {
        if ticks.logarithmic {
            return (log10(value) - log10(ticks.lower)) / (log10(ticks.upper) - log10(ticks.lower))
        }
        return (value - ticks.lower) / (ticks.upper - ticks.lower)
    }
}

enum PanelLayout {
    /// Places title, axes and labels inside `rect`. Tick counts follow the available pixels, and are
    /// reduced until labels cannot overlap.
    static func layout(_ content: PanelContent, in rect: PixelRect, on canvas: Canvas, legendRow: Bool)
        throws(ImagingError) -> AxesFrame
    {
        let pad = PlotTheme.padding
        let titleHeight = content.title.isEmpty ? 0 : try canvas.measure(content.title, PlotTheme.title).height + 4
        let legendHeight = legendRow ? try canvas.measure("Ag", PlotTheme.legend).height + 8 : 0
        let tickHeight = try canvas.measure("0", PlotTheme.tickLabel).height
        let xCaptionHeight = try canvas.measure(content.xAxis.caption, PlotTheme.axisLabel).height
        let yCaptionWidth = try canvas.measure(content.yAxis.caption, PlotTheme.axisLabel).height  // turned
        let top = rect.y + pad + titleHeight + legendHeight + tickHeight / 2
        let bottom = rect.maxY - pad - xCaptionHeight - 2 - tickHeight - PlotTheme.tickLength
        let areaHeight = max(20, bottom - top)

        var yTickWidth = 0.0
        var frame: AxesFrame?
        // Twice at most: the y tick labels' width sets the data area's width, which (with an equal aspect
        // ratio) can change the y ticks again.
        for _ in 0..<3 {
            let left = rect.x + pad + yCaptionWidth + 4 + yTickWidth + PlotTheme.tickLength + 2
            let right = rect.maxX - pad - 14  // room for half of the last x tick label
            let area = PixelRect(x: left.rounded(), y: top.rounded(), width: max(20, right - left).rounded(),
                                 height: areaHeight.rounded())
            var yTicks = try ticks(for: content.yAxis, data: content.yData, pixels: area.height, canvas: canvas,
                                   vertical: true)
            var xTicks = try ticks(for: content.xAxis, data: content.xData, pixels: area.width, canvas: canvas,
                                   vertical: false)
            if content.equalAspect && !content.xAxis.logarithmic && !content.yAxis.logarithmic {
                let ux = (xTicks.upper - xTicks.lower) / area.width, uy = (yTicks.upper - yTicks.lower) / area.height
                if ux > uy {
                    let mid = (yTicks.upper + yTicks.lower) / 2, half = ux * area.height / 2
                    yTicks = try fitted(lower: mid - half, upper: mid + half, pixels: area.height, canvas: canvas,
                                        vertical: true)
                } else {
                    let mid = (xTicks.upper + xTicks.lower) / 2, half = uy * area.width / 2
                    xTicks = try fitted(lower: mid - half, upper: mid + half, pixels: area.width, canvas: canvas,
                                        vertical: false)
                }
            }
            frame = AxesFrame(area: area, x: xTicks, y: yTicks, legendRow: legendRow)
            var widest = 0.0
            for label in yTicks.labels { widest = max(widest, try canvas.measure(label, PlotTheme.tickLabel).width) }
            if widest == yTickWidth { break }
            yTickWidth = widest
        }
        return frame!
    }

    /// Ticks for an axis over `pixels`: a fixed range if the axis has one, else a nice range around the data.
    private static func ticks(for axis: PlotAxis, data: ClosedRange<Double>?, pixels: Double, canvas: Canvas,
                              vertical: Bool) throws(ImagingError) -> AxisTicks
    {
        if axis.logarithmic {
            let range = axis.range.flatMap { $0.lowerBound > 0 ? $0 : nil } ?? data ?? 1...10
            return AxisTicks.logarithmic(lower: range.lowerBound, upper: range.upperBound)
        }
        if let fixed = axis.range {
            return try fitted(lower: fixed.lowerBound, upper: fixed.upperBound, pixels: pixels, canvas: canvas,
                              vertical: vertical)
        }
        let range = data ?? 0...1
        return try fitted(lower: range.lowerBound, upper: range.upperBound, pixels: pixels, canvas: canvas,
                          vertical: vertical, expand: true)
    }

    /// The densest 1-2-5 ticks whose labels keep clear of each other.
    private static func fitted(lower: Double, upper: Double, pixels: Double, canvas: Canvas, vertical: Bool,
                               expand: Bool = false) throws(ImagingError) -> AxisTicks
    {
        var intervals = max(2, Int(pixels / (vertical ? 45 : 70)))
        while true {
            let ticks = AxisTicks.linear(lower: lower, upper: upper, maxIntervals: intervals, expand: expand)
            if intervals <= 1 || ticks.values.count < 2 { return ticks }
            let spacing = pixels * (ticks.values[1] - ticks.values[0]) / (ticks.upper - ticks.lower)
            var needed = 0.0
            for label in ticks.labels {
                let size = try canvas.measure(label, PlotTheme.tickLabel)
                needed = max(needed, vertical ? size.height + 4 : size.width + 14)
            }
            if spacing >= needed { return ticks }
            intervals -= 1
        }
    }

    /// Title, grid, ticks, tick labels and axis captions (everything under the data).
    static func drawBackground(_ content: PanelContent, frame: AxesFrame, in rect: PixelRect, on canvas: Canvas)
        throws(ImagingError)
    {
        let area = frame.area
        let pad = PlotTheme.padding
        if !content.title.isEmpty {
            try canvas.text(content.title, at: rect.midX, rect.y + pad, PlotTheme.title, color: PlotTheme.text,
                            horizontal: .center, vertical: .leading)
        }
        for (value, label) in zip(frame.x.values, frame.x.labels) {
            let x = frame.px(value).rounded()
            guard x >= area.x - 0.5 && x <= area.maxX + 0.5 else { continue }
            try canvas.line(x, area.y, x, area.maxY, color: PlotTheme.grid)
            try canvas.line(x, area.maxY, x, area.maxY + PlotTheme.tickLength, color: PlotTheme.frame)
            try canvas.text(label, at: x, area.maxY + PlotTheme.tickLength + 1, PlotTheme.tickLabel,
                            color: PlotTheme.text, horizontal: .center, vertical: .leading)
        }
        for (value, label) in zip(frame.y.values, frame.y.labels) {
            let y = frame.py(value).rounded()
            guard y >= area.y - 0.5 && y <= area.maxY + 0.5 else { continue }
            try canvas.line(area.x, y, area.maxX, y, color: PlotTheme.grid)
            try canvas.line(area.x - PlotTheme.tickLength, y, area.x, y, color: PlotTheme.frame)
            try canvas.text(label, at: area.x - PlotTheme.tickLength - 2, y, PlotTheme.tickLabel,
                            color: PlotTheme.text, horizontal: .trailing, vertical: .center)
        }
        // Axis captions: x centred under the tick labels, y turned and centred beside the area.
        try canvas.text(content.xAxis.caption, at: area.midX, rect.maxY - pad, PlotTheme.axisLabel,
                        color: PlotTheme.text, horizontal: .center, vertical: .trailing)
        let caption = try canvas.measure(content.yAxis.caption, PlotTheme.axisLabel)
        try canvas.text(content.yAxis.caption, x: rect.x + pad, y: (area.midY - caption.width / 2).rounded(),
                        PlotTheme.axisLabel, color: PlotTheme.text, vertical: true)
        if !content.hasData {
            try canvas.text("no data", at: area.midX, area.midY, PlotTheme.axisLabel, color: PlotTheme.frame,
                            horizontal: .center, vertical: .center)
        }
    }

    /// The frame around the data area and the legend (everything over the data).
    static func drawForeground(_ content: PanelContent, frame: AxesFrame, legendBox: PixelRect?, on canvas: Canvas)
        throws(ImagingError)
    {
        try canvas.stroke(frame.area, color: PlotTheme.frame)
        guard let legendBox, !content.legend.isEmpty else { return }
        let rowHeight = try canvas.measure("Ag", PlotTheme.legend).height
        if frame.legendRow {
            var x = legendBox.x
            for entry in content.legend {
                x = try drawEntry(entry, x: x, y: legendBox.y, rowHeight: rowHeight, on: canvas) + 16
            }
        } else {
            try canvas.fill(legendBox, color: .white)
            try canvas.stroke(legendBox, color: PlotTheme.legendBorder)
            var y = legendBox.y + 4
            for entry in content.legend {
                _ = try drawEntry(entry, x: legendBox.x + 6, y: y, rowHeight: rowHeight, on: canvas)
                y += rowHeight
            }
        }
    }

    private static let swatchWidth = 26.0

    /// Draws one entry with its top-left at (x, y); returns the x where it ends.
    private static func drawEntry(_ entry: LegendEntry, x: Double, y: Double, rowHeight: Double, on canvas: Canvas)
        throws(ImagingError) -> Double
    {
        let mid = (y + rowHeight / 2).rounded()
        switch entry.swatch {
        case .line(let style):
            try canvas.polyline([x, mid, x + swatchWidth, mid], color: entry.color, thickness: 2, style: style)
        case .box:
            try canvas.fill(PixelRect(x: x + 4, y: mid - 5, width: swatchWidth - 8, height: 10),
                            color: entry.color.lightened(0.35))
            try canvas.stroke(PixelRect(x: x + 4, y: mid - 5, width: swatchWidth - 8, height: 10), color: entry.color)
        }
        let box = try canvas.text(entry.name, at: x + swatchWidth + 6, y, PlotTheme.legend, color: PlotTheme.text,
                                  horizontal: .leading, vertical: .leading)
        return box.maxX
    }

    /// Size of the legend drawn as a box (stacked) or as a row.
    static func legendSize(_ content: PanelContent, row: Bool, on canvas: Canvas) throws(ImagingError)
        -> (width: Double, height: Double)
    {
        let rowHeight = try canvas.measure("Ag", PlotTheme.legend).height
        var widths: [Double] = []
        for entry in content.legend {
            widths.append(swatchWidth + 6 + (try canvas.measure(entry.name, PlotTheme.legend).width))
        }
        if row { return (widths.reduce(0, +) + 16 * Double(max(0, widths.count - 1)), rowHeight) }
        return ((widths.max() ?? 0) + 12, rowHeight * Double(widths.count) + 8)
    }

    /// Lays out and draws a whole panel: background, then `drawData` clipped to the data area, then the
    /// frame and legend. `dataPixels` gives the pixel positions the data covers, so the legend can avoid them.
    static func draw(_ content: PanelContent, in rect: PixelRect, on canvas: Canvas,
                     dataPixels: (AxesFrame) -> [(Double, Double)],
                     drawData: (AxesFrame) throws(ImagingError) -> Void) throws(ImagingError)
    {
        var frame = try layout(content, in: rect, on: canvas, legendRow: content.legendPlacement == .above)
        var legendBox: PixelRect?
        if !content.legend.isEmpty && content.legendPlacement != .hidden {
            if content.legendPlacement == .automatic {
                let size = try legendSize(content, row: false, on: canvas)
                let pixels = dataPixels(frame)
                let inset = 8.0, area = frame.area
                let corners = [
                    PixelRect(x: area.maxX - inset - size.width, y: area.y + inset, width: size.width, height: size.height),
                    PixelRect(x: area.x + inset, y: area.y + inset, width: size.width, height: size.height),
                    PixelRect(x: area.maxX - inset - size.width, y: area.maxY - inset - size.height, width: size.width,
                              height: size.height),
                    PixelRect(x: area.x + inset, y: area.maxY - inset - size.height, width: size.width, height: size.height),
                ]
                let fits = size.width + 2 * inset < area.width && size.height + 2 * inset < area.height
                if fits, let free = corners.first(where: { corner in
                    let margin = PixelRect(x: corner.x - 4, y: corner.y - 4, width: corner.width + 8, height: corner.height + 8)
                    return !pixels.contains { margin.contains(x: $0.0, y: $0.1) }
                }) {
                    legendBox = free
                } else {
                    frame = try layout(content, in: rect, on: canvas, legendRow: true)
                }
            }
            if frame.legendRow {
                let size = try legendSize(content, row: true, on: canvas)
                legendBox = PixelRect(x: (frame.area.midX - size.width / 2).rounded(),
                                      y: frame.area.y - size.height - 8 - 4, width: size.width, height: size.height)
            }
        }
        try drawBackground(content, frame: frame, in: rect, on: canvas)
        try canvas.clip(to: frame.area)
        do {
            try drawData(frame)
        } catch {
            try? canvas.clip(to: nil)
            throw error
        }
        try canvas.clip(to: nil)
        try drawForeground(content, frame: frame, legendBox: legendBox, on: canvas)
    }
}
