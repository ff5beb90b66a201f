import Imaging

extension ReplayLog {
    /// Writes `joints.png` to `directory`: one panel per joint, measured position against the
    /// commanded one over time (the same layout as `embody sim --plots`). Returns the files written;
    /// none when the recording has no joint states.
    public func writePlots(to directory: String) throws -> [String] {
        guard !states.names.isEmpty || !commands.names.isEmpty else { return [] }
        let names = states.names.isEmpty ? commands.names : states.names
        var panels: [PlotPanel] = []
        for (j, name) in names.enumerated() {
            var series: [PlotSeries] = []
            if j < states.positions.count, !states.times.isEmpty {
                series.append(try PlotSeries(name: "measured", x: states.times, y: states.positions[j]))
            }
            if let c = commands.names.firstIndex(of: name), !commands.times.isEmpty {
                series.append(try PlotSeries(name: "command", x: commands.times, y: commands.positions[c], style: .dashed))
            }
            panels.append(.line(LinePlot(title: name, xAxis: PlotAxis("time", unit: "s"), yAxis: PlotAxis("position", unit: "rad"),
                                         series: series)))
        }
        let path = directory + "/joints.png"
        try writePNG(try PlotGrid(title: "Joint positions and commands (\(self.path.split(separator: "/").last ?? ""))",
                                  columns: min(3, panels.count), panels: panels).render(), to: path)
        return [path]
    }
}
