import Spatial

/// A straight-line Cartesian reference toward the latest target with bounded speed and
/// acceleration, re-planned from its current position and velocity when the target changes.
final class CartesianReference {
    private(set) var position: Vec3
    private(set) var velocity: Vec3 = .zero
    private var target: Vec3
    let speed: Double
    let acceleration: Double

    init(start: Vec3, speed: Double, acceleration: Double) {
        position = start
        target = start
        self.speed = speed
        self.acceleration = acceleration
    }

    func retarget(_ goal: Vec3) { target = goal }

    /// Moves along the line to the target: accelerate to `speed`, brake to arrive at rest.
    func advance(dt: Double) -> Vec3 {
        let offset = target - position
        let distance = offset.norm
        guard distance > 1e-9 else {
            velocity = .zero
            position = target
            return position
        }
        let direction = (1 / distance) * offset
        // Speed allowed now: the braking curve v = √(2 a d), capped at the cruise speed.
        let allowed = min(speed, (2 * acceleration * distance).squareRoot())
        let current = velocity.dot(direction)
        let next = min(allowed, current + acceleration * dt)
        velocity = max(0, next) * direction
        let advance = min(distance, velocity.norm * dt)
        position = position + advance * direction
        return position
    }
}
