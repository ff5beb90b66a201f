import Foundation
import Hardware
import Physics
import RobotModel
import Runtime

/// An emulated serial arm for one episode (`emulate = "SCENE"` in daemon.toml): a servo-chain
/// emulator on a fresh pseudo-terminal linked at `link`, on a thread of its own, with the
/// episode's laid-out scene as its plant. The daemon reaches the arm only through the port, by the
/// same `ServoBus` code as a real arm; the objects' poses come back through the plant observer
/// into an ``ObjectPoseFeed`` (the side channel of `embody run --emulate`).
final class EmulatedArm {
    let feed: ObjectPoseFeed
    let servoStiffness: [Double]
    /// The emulated unit's own calibration (unit seed 0, as `embody run --emulate` by default).
    let calibration: Calibration
    private let emulator: ServoChainEmulator

    init(configuration: RobotConfiguration, scene: SceneDescription, link: String) throws {
        let world = try Scene(scene)
        emulator = try ServoChainEmulator(configuration: configuration, scene: world)
        calibration = try emulator.matchingCalibration()
        feed = try ObjectPoseFeed(scene: scene)
        let feed = feed
        emulator.plantObserver = { feed.publish($0) }
        servoStiffness = world.model.joints.map { $0.actuator.kind == .positionServo ? $0.actuator.kp : 0 }
        try emulator.open(link: link)
        emulator.start()
    }

    /// Stops the chain and closes (and unlinks) its port.
    func stop() {
        emulator.stop()
    }
}
