import Control
import Physics
import Spatial

/// Off-nominal states for the demonstrations (DART, Laskey et al. 2017): for a while, the chunk
/// the controller executes is not the expert's: its target is offset by a few centimetres and/or
/// the gripper command drops to open, or the arm is held where it is. The recorded label stays
/// the expert's clean target, so the data shows how to get back from states the expert alone
/// never visits, which a learned planner's own errors lead to.
public struct Perturbation: Sendable, Equatable {
    /// Start and end in episode time, ns.
    public var start: Int64
    public var end: Int64
    /// Added to every waypoint's target, robot base frame, m (zero for a pure gripper drop).
    public var offset: Vec3
    /// Whether the gripper command is forced open.
    public var dropsGripper: Bool
    /// Whether the arm is held where it is (every waypoint becomes the tool's pose). In expert
    /// data an arm at rest has arrived, and a policy that reads its own motion in the event
    /// frames learns to stop when it slows; a hold shows an arm at rest that has not arrived.
    public var holdsStill = false

    public func contains(_ time: Int64) -> Bool { time >= start && time < end }
}

/// The perturbations of one episode, drawn from its seed (on a generator of their own, so the
/// layout and the expert the seed draws are the same with and without perturbations).
public struct PerturbationSchedule: Sendable, Equatable {
    public let perturbations: [Perturbation]

    public static let none = PerturbationSchedule(perturbations: [])

    public init(perturbations: [Perturbation]) { self.perturbations = perturbations }

    /// With probability `probability`, 1–3 perturbations of 0.3–0.8 s: the first starting 0.3–2 s
    /// into the episode (so even a 1.5 s reach gets one), each next one 0.3–3 s after the previous
    /// ends (so those of a 6 s pick and place reach the carry and the placing). Each is an offset
    /// of 1–3 cm (pointing anywhere from 20° below to 60° above the horizontal, so it rarely drives
    /// the tool into the table), a gripper drop, or both (60 / 20 / 20 %).
    ///
    /// With probability `holdProbability`, drawn on a generator of its own (so the other
    /// perturbations are the same with and without holds), a hold of 0.3–1 s starting 0–0.8 s in:
    /// in the ready pose or on the way to the first object, where a policy that cannot find the
    /// named cube in the images stalls. Perturbations it overlaps are dropped.
    public init(seed: UInt64, probability: Double, holdProbability: Double = 0) {
        var drawn = Self.offsetsAndDrops(seed: seed, probability: probability)
        var rng = SeededGenerator(seed: seed ^ 0xD1A7_5EED_0F0F_0002)
        if holdProbability > 0, Double.random(in: 0..<1, using: &rng) < holdProbability {
            let start = Double.random(in: 0...0.8, using: &rng)
            let length = Double.random(in: 0.3...1.0, using: &rng)
            let hold = Perturbation(start: Int64((start * 1e9).rounded()), end: Int64(((start + length) * 1e9).rounded()),
                                    offset: .zero, dropsGripper: false, holdsStill: true)
            drawn = (drawn.filter { $0.end <= hold.start || $0.start >= hold.end } + [hold]).sorted { $0.start < $1.start }
        }
        self.init(perturbations: drawn)
    }

    private static func offsetsAndDrops(seed: UInt64, probability: Double) -> [Perturbation] {
        var rng = SeededGenerator(seed: seed ^ 0xD1A7_5EED_0F0F_0001)
        guard Double.random(in: 0..<1, using: &rng) < probability else { return [] }
        let count = Int.random(in: 1...3, using: &rng)
        var drawn: [Perturbation] = []
        var earliest = 0.3, latest = 2.0
        for _ in 0..<count {
            let start = Double.random(in: earliest...latest, using: &rng)
            let length = Double.random(in: 0.3...0.8, using: &rng)
            let heading = Double.random(in: -Double.pi...Double.pi, using: &rng)
            let elevation = Double.random(in: -0.35...1.05, using: &rng)
            let distance = Double.random(in: 0.01...0.03, using: &rng)
            let kind = Double.random(in: 0..<1, using: &rng)
            let direction = Vec3(cos(elevation) * cos(heading), cos(elevation) * sin(heading), sin(elevation))
            drawn.append(Perturbation(start: Int64((start * 1e9).rounded()), end: Int64(((start + length) * 1e9).rounded()),
                                      offset: kind < 0.8 ? distance * direction : .zero,
                                      dropsGripper: kind >= 0.6))
            (earliest, latest) = (start + length + 0.3, start + length + 3)
        }
        return drawn
    }

    /// The perturbation in force at `time`, if any.
    public func active(at time: Int64) -> Perturbation? { perturbations.first { $0.contains(time) } }

    /// The chunk to execute: the expert's, perturbed if a perturbation is in force at its stamp
    /// (a hold keeps the tool at `tool`, heading `toolYaw`).
    public func apply(to chunk: ActionChunk, tool: Vec3, toolYaw: Double) -> (chunk: ActionChunk, perturbed: Bool) {
        guard let p = active(at: chunk.stamp) else { return (chunk, false) }
        var executed = ActionChunk(stamp: chunk.stamp)
        for k in 0..<chunk.count {
            var waypoint = chunk[k]
            if p.holdsStill {
                waypoint.position = tool
                waypoint.yaw = toolYaw
            } else {
                waypoint.position = waypoint.position + p.offset
            }
            if p.dropsGripper { waypoint.gripper = 0 }
            executed.append(waypoint)
        }
        return (executed, true)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
