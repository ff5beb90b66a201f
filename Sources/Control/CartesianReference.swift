import Spatial

/// The tool's Cartesian reference: a jerk-limited trajectory per axis (x, y, z) toward the latest
/// target, phase-synchronised so that a move from rest is a straight line, and re-planned from
/// the current position, velocity and acceleration whenever the target changes (Ruckig-like).
final class CartesianReference {
    private let generator: TrajectoryGenerator
    private var target: [Double]

    /// `speed` (m/s), `acceleration` (m/s²) and `jerk` (m/s³) bound every axis.
    init(start: Vec3, speed: Double, acceleration: Double, jerk: Double) {
        let limits = JerkLimits(velocity: speed, acceleration: acceleration, jerk: jerk)
        generator = TrajectoryGenerator(dof: 3, limits: [limits, limits, limits],
                                        initialPositions: [start.x, start.y, start.z], synchronization: .phase)
        target = [start.x, start.y, start.z]
    }

    /// A new goal: the trajectory continues smoothly from where it is (allocation-free).
    func retarget(_ goal: Vec3) {
        target[0] = goal.x
        target[1] = goal.y
        target[2] = goal.z
        target.withUnsafeBufferPointer { generator.setTarget($0) }
    }

    /// Holds `position` at rest, whatever the trajectory was doing (allocation-free).
    func reset(_ position: Vec3) {
        target[0] = position.x
        target[1] = position.y
        target[2] = position.z
        generator.reset(to: target)
    }

    /// The reference one period later.
    func advance(dt: Double) -> Vec3 {
        generator.step(dt: dt)
        let p = generator.position
        return Vec3(p[0], p[1], p[2])
    }
}
