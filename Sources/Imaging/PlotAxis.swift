/// One axis of a plot: what it shows, in which unit, and how it is scaled.
public struct PlotAxis: Sendable, Equatable {
    /// The quantity, e.g. "time" or "joint 1 position".
    public var label: String
    /// The unit, shown in brackets after the label ("time [s]"); nil for pure numbers such as counts.
    public var unit: String?
    /// A fixed range; nil picks a "nice" range around the data (outermost ticks at 1-2-5 steps).
    public var range: ClosedRange<Double>?
    /// Log₁₀ scale with decade ticks; non-positive values are left out.
    public var logarithmic: Bool

    public init(_ label: String, unit: String? = nil, range: ClosedRange<Double>? = nil, logarithmic: Bool = false) {
        self.label = label
        self.unit = unit
        self.range = range
        self.logarithmic = logarithmic
    }

    /// The axis caption as drawn.
    public var caption: String {
        guard let unit, !unit.isEmpty else { return label }
        return "\(label) [\(unit)]"
    }
}

/// Where a plot's legend goes.
public enum LegendPlacement: Sendable, Equatable {
    /// Inside the corner of the data area that covers no data; if every corner would cover data, in a row
    /// between the title and the data area.
    case automatic
    /// Always in a row above the data area.
    case above
    /// No legend.
    case hidden
}

/// A vertical line across a plot at `x`, named in the legend (a timing budget, a percentile, an event).
public struct PlotMarkerLine: Sendable, Equatable {
    public var name: String
    public var x: Double
    public var color: PlotColor
    public var style: LineStyle

    public init(name: String, x: Double, color: PlotColor = .black, style: LineStyle = .dashed) {
        self.name = name
        self.x = x
        self.color = color
        self.style = style
    }
}
