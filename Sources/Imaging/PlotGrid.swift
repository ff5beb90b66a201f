/// One panel of a `PlotGrid`.
public enum PlotPanel: Sendable {
    case line(LinePlot)
    case histogram(HistogramPlot)
}

/// Several panels in rows and columns under one title (e.g. six joints as 2 x 3), rendered to one image.
public struct PlotGrid: Sendable {
    public var title: String
    public var columns: Int
    /// Filled row by row.
    public var panels: [PlotPanel]

    public init(title: String, columns: Int = 3, panels: [PlotPanel]) {
        self.title = title
        self.columns = columns
        self.panels = panels
    }

    public var rows: Int { columns > 0 ? (panels.count + columns - 1) / columns : 0 }

    /// 500 x 380 pixels per panel plus the title band: readable 11-pixel tick labels at 2 x 3.
    public var defaultSize: (width: Int, height: Int) {
        (max(1, min(columns, panels.count)) * 500, max(1, rows) * 380 + (title.isEmpty ? 0 : 44))
    }

    public func render(width: Int? = nil, height: Int? = nil) throws(ImagingError) -> Image {
        guard columns >= 1 else { throw .invalidArgument("a plot grid needs at least one column, got \(columns)") }
        guard !panels.isEmpty else { throw .invalidArgument("plot grid '\(title)' has no panels") }
        let width = width ?? defaultSize.width, height = height ?? defaultSize.height
        let canvas = try Canvas(width: width, height: height)
        var top = 0.0
        if !title.isEmpty {
            let style = TextStyle(scale: 0.75, thickness: 2)
            let box = try canvas.text(title, at: Double(width) / 2, PlotTheme.padding + 2, style, color: PlotTheme.text,
                                      horizontal: .center, vertical: .leading)
            top = box.maxY + 4
        }
        let used = min(columns, panels.count)
        let cellWidth = Double(width) / Double(used), cellHeight = (Double(height) - top) / Double(rows)
        guard cellWidth >= 120, cellHeight >= 100 else {
            throw .invalidArgument("\(width) x \(height) pixels leave panels of \(Int(cellWidth)) x \(Int(cellHeight)); at least 120 x 100 are needed")
        }
        for (index, panel) in panels.enumerated() {
            let cell = PixelRect(x: (Double(index % columns) * cellWidth).rounded(),
                                 y: (top + Double(index / columns) * cellHeight).rounded(),
                                 width: cellWidth.rounded(.down), height: cellHeight.rounded(.down))
            switch panel {
            case .line(let plot): try plot.draw(on: canvas, in: cell)
            case .histogram(let plot): try plot.draw(on: canvas, in: cell)
            }
        }
        return try canvas.image()
    }
}
