import Atomics
import Control
import Physics
import Spatial

/// The planner thread's side of an episode: turns each snapshot into an `Observation` for the
/// episode's planner and its answer into the chunk the executive publishes. Touched only by the
/// planner thread while the executive runs; read by the caller after it has stopped.
final class EpisodePlanning: @unchecked Sendable {
    let planner: any EpisodePlanner
    private let instruction: String
    /// The simulated world, handed to the planner in lockstep runs (where the planner runs
    /// between controller ticks on the same thread); nil otherwise.
    private let world: WorldData?
    /// Names and sizes of the tracked objects, in snapshot order.
    private let objects: [ObjectState]
    /// Simulator step at which the expert declared the task done, or −1; read by the controller.
    let doneAtStep = ManagedAtomic<Int64>(-1)
    private(set) var plannerCalls: Int64 = 0

    init(planner: any EpisodePlanner, instruction: String, objects: [ObjectState], world: WorldData?) {
        self.planner = planner
        self.instruction = instruction
        self.objects = objects
        self.world = world
    }

    func plan(_ snapshot: EpisodeSnapshot) -> ActionChunk? {
        plannerCalls += 1
        var observed = objects
        for k in 0..<snapshot.objectCount {
            observed[k].position = snapshot.objectPositions[k]
            observed[k].yaw = snapshot.objectYaws[k]
        }
        var joints: [Double] = []
        joints.reserveCapacity(snapshot.jointCount)
        for i in 0..<snapshot.jointCount { joints.append(snapshot.joints[i]) }
        let observation = Observation(time: snapshot.time, jointPositions: joints, toolPosition: snapshot.tool,
                                      instruction: instruction, objects: observed)
        let chunk = planner.plan(observation, world: world)
        if planner.isDone, doneAtStep.load(ordering: .relaxed) < 0 {
            doneAtStep.store(snapshot.step, ordering: .releasing)
        }
        return chunk
    }
}
