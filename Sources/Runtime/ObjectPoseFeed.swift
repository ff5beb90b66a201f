import Control
import Physics
import Spatial

/// The side channel of an emulated rig: the emulator's plant publishes where the scene's objects
/// are, and the episode (the scripted planner, then the judge) reads them, while the arm itself is
/// reached only through the serial port. A real arm has no such feed (nothing senses the objects
/// yet), which is why the scripted planner runs only against an emulator.
///
/// One writer (the plant's thread, after its steps) and one reader (the controller thread, or the
/// caller before and after the run) meet in a wait-free ``Mailbox`` of fixed-size poses, so
/// neither side allocates or waits.
public final class ObjectPoseFeed: EpisodeObjects, @unchecked Sendable {
    /// Newest poses in the robot base frame, inline so publishing never allocates.
    struct Poses: Sendable {
        var count = 0
        var positions = InlineArray<8, Vec3>(repeating: .zero)
        var yaws = InlineArray<8, Double>(repeating: 0)
    }

    private let objects: [TrackedObject]
    private let base: Transform
    private let mailbox = Mailbox(initial: Poses())
    /// The reader's copy of the newest publication.
    private var latest = Poses()

    /// A feed for `scene`'s tracked objects (cubes and pads, not the table or floor): the scene
    /// whose world the publisher steps.
    public init(scene: SceneDescription) throws {
        objects = trackedObjects(scene)
        guard objects.count <= EpisodeSnapshot.capacity else {
            throw ControllerError("an episode tracks at most \(EpisodeSnapshot.capacity) objects, the scene has \(objects.count)")
        }
        base = scene.robot?.pose ?? .identity
    }

    /// A feed with no objects, for a real arm nothing senses the scene for: it counts as published
    /// (there is nothing to wait for), and the judge finds no object, so a planner with its own
    /// perception (the VLA's cameras) runs until the time limit or an operator's stop.
    public init() {
        objects = []
        base = .identity
        mailbox.publish(time: 0) { $0.count = 0 }
    }

    /// Publishes the objects' poses in `data` (the plant's thread; allocation-free).
    public func publish(_ data: WorldData) {
        mailbox.publish(time: data.timeNanoseconds) { poses in
            poses.count = objects.count
            for k in 0..<objects.count {
                let pose = objects[k].pose(data, base: base)
                poses.positions[k] = pose.position
                poses.yaws[k] = pose.yaw
            }
        }
    }

    /// True once the plant has published at least once.
    public var hasPublished: Bool { mailbox.latestSequence > 0 }

    private func refresh() {
        let read = mailbox.read()
        if read.isNew { latest = read.value }
    }

    func fill(_ snapshot: inout EpisodeSnapshot) {
        refresh()
        snapshot.objectCount = latest.count
        for k in 0..<latest.count {
            snapshot.objectPositions[k] = latest.positions[k]
            snapshot.objectYaws[k] = latest.yaws[k]
        }
    }

    func states() -> [ObjectState] {
        refresh()
        return objects.indices.map { k in
            ObjectState(name: objects[k].name, position: latest.positions[k], halfExtents: objects[k].halfExtents, yaw: latest.yaws[k])
        }
    }
}
