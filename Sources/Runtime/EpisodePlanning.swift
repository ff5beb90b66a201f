import Atomics
import Control
import Spatial

/// The planner thread's side of an episode: turns each snapshot into an `Observation` for the
/// scripted expert and its answer into the chunk the executive publishes. Touched only by the
/// planner thread while the executive runs; read by the caller after it has stopped.
final class EpisodePlanning: @unchecked Sendable {
    private var expert: ScriptedExpert
    private let instruction: String
    /// Names and sizes of the tracked objects, in snapshot order.
    private let objects: [ObjectState]
    /// Simulator step at which the expert declared the task done, or −1; read by the controller.
    let doneAtStep = ManagedAtomic<Int64>(-1)
    private(set) var plannerCalls: Int64 = 0

    init(expert: ScriptedExpert, instruction: String, objects: [ObjectState]) {
        self.expert = expert
        self.instruction = instruction
        self.objects = objects
    }

    var finalExpert: ScriptedExpert { expert }

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
        let chunk = expert.plan(observation)
        if expert.isDone, doneAtStep.load(ordering: .relaxed) < 0 {
            doneAtStep.store(snapshot.step, ordering: .releasing)
        }
        return chunk
    }
}
