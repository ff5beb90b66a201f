import Physics

/// When a learned planner, not the expert, drives a recorded episode (DAgger, Ross et al. 2011).
/// Behaviour cloning trains on the expert's states only, but at run time the learner's own small
/// errors take it to states the expert never visits, and they compound. Here the learner drives
/// for stretches of the episode while the expert keeps labelling every tick, so the data covers
/// the learner's mistakes with the expert's answer to each; the expert's stretches in between
/// carry the episode on to the later phases (carrying, placing) the learner alone may never reach.
public struct LearnerTakeover: Sendable, Equatable {
    /// Start and end of each stretch the learner drives, episode time, ns (sorted, disjoint).
    public let windows: [ClosedRange<Int64>]

    public static let none = LearnerTakeover(windows: [])

    public init(windows: [ClosedRange<Int64>]) { self.windows = windows }

    /// With probability `probability`, the learner drives from the start for 1.5–5 s (its own
    /// approach, where localisation errors show), then the expert for 0.5–1.5 s and the learner
    /// for 1–3 s in turn until `limit` s. Drawn on a generator of its own, so the layout, the
    /// expert and the perturbations the seed draws are the same with or without a learner.
    public init(seed: UInt64, probability: Double, limit: Double) {
        var rng = SeededGenerator(seed: seed ^ 0x0DA6_6E55_1EA2_0002)
        guard Double.random(in: 0..<1, using: &rng) < probability else {
            self.init(windows: [])
            return
        }
        var drawn: [ClosedRange<Int64>] = []
        var start = 0.0, length = Double.random(in: 1.5...5, using: &rng)
        while start < limit {
            drawn.append(Int64((start * 1e9).rounded())...Int64(((start + length) * 1e9).rounded()))
            start += length + Double.random(in: 0.5...1.5, using: &rng)
            length = Double.random(in: 1...3, using: &rng)
        }
        self.init(windows: drawn)
    }

    /// Whether the learner drives at episode time `time`, ns.
    public func drives(at time: Int64) -> Bool { windows.contains { $0.contains(time) } }
}
