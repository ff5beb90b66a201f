import Control
import Physics

/// What an episode's seed decides before it starts: the object layout and the scripted expert's
/// speed and approach height, drawn in that order from one generator. Simulated and hardware
/// episodes share it, so episode k of `embody run` against an emulator sees the same layout and
/// expert as episode k of `embody sim` with the same seed.
struct EpisodeDraw {
    var scene: SceneDescription
    var speed: Double
    var approachHeight: Double
    /// What an unrandomised episode uses (and a real arm's, which has no scene to draw from).
    static let defaultSpeed = 0.2, defaultApproachHeight = 0.055

    init(_ scene: SceneDescription, task: Task, seed: UInt64, randomise: Bool = true) {
        var rng = SeededGenerator(seed: seed)
        var description = scene
        if randomise { randomiseObjects(&description, task: task, rng: &rng) }
        self.scene = description
        speed = randomise ? Double.random(in: 0.15...0.3, using: &rng) : Self.defaultSpeed
        approachHeight = randomise ? Double.random(in: 0.045...0.065, using: &rng) : Self.defaultApproachHeight
    }
}

/// The scene of a seeded episode with its objects placed as `embody sim` places them: what an
/// emulator loads as its plant for that episode (the documented side channel of `embody run`).
public func seededEpisodeScene(_ scene: SceneDescription, instruction: String, seed: UInt64) throws -> SceneDescription {
    guard let task = Task(instruction: instruction) else {
        throw ControllerError("cannot parse the instruction \"\(instruction)\" (templates: sim/tasks/README.md)")
    }
    return EpisodeDraw(scene, task: task, seed: seed).scene
}
