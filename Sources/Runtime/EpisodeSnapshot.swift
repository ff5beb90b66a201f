import Control
import Spatial

/// What the controller thread publishes for the planner each tick: measured joints, tool and the
/// tracked objects' poses. Fixed-size (inline storage), so publishing it through a ``Mailbox``
/// never allocates; names and sizes of the objects stay with the planner, which knows them.
struct EpisodeSnapshot: Sendable {
    static let capacity = 8
    /// Simulator steps taken.
    var step: Int64 = 0
    /// Simulated time of the measurement, ns.
    var time: Int64 = 0
    var jointCount = 0
    var joints = InlineArray<8, Double>(repeating: 0)
    var tool = Vec3.zero
    var objectCount = 0
    var objectPositions = InlineArray<8, Vec3>(repeating: .zero)
    var objectYaws = InlineArray<8, Double>(repeating: 0)
}
