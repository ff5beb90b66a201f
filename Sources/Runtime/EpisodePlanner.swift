import Control
import Physics

/// The 10 Hz slot of an episode: the scripted expert, a recorder wrapping it (demonstrations), or a
/// learned planner. Called on the planner's thread only.
public protocol EpisodePlanner: AnyObject {
    /// One planner tick. `world` is the simulated world at the observation's instant in lockstep
    /// episodes, for rendering cameras (read it, never step or change it); nil on a servo bus and in
    /// wall-clock runs, where the controller thread owns the world.
    func plan(_ observation: Observation, world: WorldData?) -> ActionChunk?
    /// True once the planner considers the task done: the episode ends after the objects settle.
    var isDone: Bool { get }
    /// Where it is, for failure messages (the expert's phase).
    var status: String { get }
}

/// What an episode's planner is made from: the task and what the episode's seed drew for it.
public struct EpisodePlannerContext: Sendable {
    public var task: Task
    public var instruction: String
    public var seed: UInt64
    /// The expert's approach height, drawn from the seed, m.
    public var approachHeight: Double
    /// The tracked objects (cubes, pads) where the episode starts.
    public var objects: [ObjectState]
    /// The arm's jaw joint, for planners that judge a grasp by it.
    public var jaw: JawGauge? = nil
}

/// Makes the planner of one episode; nil in the settings means the scripted expert.
public typealias EpisodePlannerFactory = @Sendable (EpisodePlannerContext) throws -> any EpisodePlanner

/// The scripted expert (privileged object states) in the planner slot.
public final class ScriptedPlanner: EpisodePlanner {
    public private(set) var expert: ScriptedExpert

    public init(_ expert: ScriptedExpert) { self.expert = expert }

    public convenience init(_ context: EpisodePlannerContext) {
        self.init(ScriptedExpert(task: context.task, approachHeight: context.approachHeight, jaw: context.jaw))
    }

    public func plan(_ observation: Observation, world: WorldData?) -> ActionChunk? { expert.plan(observation) }
    public var isDone: Bool { expert.isDone }
    public var status: String { "phase \(expert.phase.rawValue)" }
}
