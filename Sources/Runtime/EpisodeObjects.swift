import Control
import Physics
import Spatial

/// Where an episode learns the tracked objects' poses: the planner needs them every tick and the
/// judge needs the final ones. A robot interface reports joints only, so the scene comes through
/// this separate source: the simulator's world when the loop steps it, or an ``ObjectPoseFeed``
/// published by an emulator's plant.
protocol EpisodeObjects: AnyObject {
    /// Copies the newest object poses (robot base frame) into the planner's snapshot. Controller
    /// thread, every tick: allocation-free.
    func fill(_ snapshot: inout EpisodeSnapshot)
    /// Names, sizes and newest poses, for the planner's first observation and the judge.
    func states() -> [ObjectState]
}

/// Object poses read straight from the world the loop steps (lockstep or paced simulation).
final class SimulatedObjects: EpisodeObjects {
    private let data: WorldData
    private let objects: [TrackedObject]
    private let base: Transform

    init(data: WorldData, objects: [TrackedObject], base: Transform) {
        self.data = data
        self.objects = objects
        self.base = base
    }

    func fill(_ snapshot: inout EpisodeSnapshot) {
        snapshot.objectCount = min(objects.count, EpisodeSnapshot.capacity)
        for k in 0..<snapshot.objectCount {
            let pose = objects[k].pose(data, base: base)
            snapshot.objectPositions[k] = pose.position
            snapshot.objectYaws[k] = pose.yaw
        }
    }

    func states() -> [ObjectState] { objects.map { $0.state(data, base: base) } }
}
