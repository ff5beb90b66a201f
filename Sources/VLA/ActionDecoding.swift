import Control
import Spatial

/// The value at the centre of `token`'s bin for action dim `dim`, before adding the tool pose for
/// relative dims (the inverse of the training labels' binning).
public func binCentre(_ token: Int32, dim: Int, config c: VLAConfig) -> Double {
    c.actionLow[dim] + (Double(token) + 0.5) * (c.actionHigh[dim] - c.actionLow[dim]) / Double(c.bins)
}

/// The decoded tokens (the sub-goal's skipped) → the chunk the controller tracks: waypoint k at
/// k·spacing after `stamp`, tool position (relative dims offset from `tool`), yaw wrapped to
/// (-π, π], gripper clamped to 0...1.
public func actionChunk(tokens: UnsafeBufferPointer<Int32>, tool: [Float], config c: VLAConfig, stamp: Int64) -> ActionChunk {
    precondition(tokens.count >= c.decodeTokens && tool.count == 4, "actionChunk: \(tokens.count) tokens, \(tool.count) tool values")
    var chunk = ActionChunk(stamp: stamp)
    let dims = c.actionDims.count
    for h in 0..<c.horizon {
        var v = (0.0, 0.0, 0.0, 0.0, 0.0)
        func value(_ k: Int) -> Double {
            let centre = binCentre(tokens[c.goalTokens + h * dims + k], dim: k, config: c)
            return k < 4 && c.actionRelative[k] ? centre + Double(tool[k]) : centre
        }
        v = (value(0), value(1), value(2), value(3), value(4))
        let yaw = v.3 > .pi ? v.3 - 2 * .pi : (v.3 <= -.pi ? v.3 + 2 * .pi : v.3)
        chunk.append(Waypoint(time: Int64(h) * Int64(c.waypointSpacingMs) * 1_000_000,
                              position: Vec3(v.0, v.1, v.2), gripper: min(max(v.4, 0), 1), yaw: yaw))
    }
    return chunk
}
