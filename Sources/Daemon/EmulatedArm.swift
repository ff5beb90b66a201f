import Demonstrations
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hardware
import Physics
import RobotModel
import Runtime

/// An emulated serial arm for one episode (`emulate = "SCENE"` in daemon.toml): a servo-chain
/// emulator on a fresh pseudo-terminal linked at `link`, on a thread of its own, with the
/// episode's laid-out scene as its plant. The daemon reaches the arm only through the port, by the
/// same `ServoBus` code as a real arm; the objects' poses come back through the plant observer
/// into an ``ObjectPoseFeed`` (the side channel of `embody run --emulate`), and with `cameras`
/// (planner = "vla") the plant's states go to a ``WorldCameraMirror``, which the planner thread
/// renders (`embody run --emulate … --planner vla` renders on the plant's thread instead). The chain's thread runs at SCHED_FIFO
/// ``priority``, as `embody run`'s: real servos answer from their own microcontrollers, so the
/// emulated ones must not wait behind the planner's inference (or anything else on a shared
/// machine), or the controller's bus exchange stalls and the supervisor stops the arm for a
/// missed tick.
final class EmulatedArm: @unchecked Sendable {  // set up and stopped by the episode thread; the flag is locked
    /// Below the controller's 80; normal scheduling if refused.
    static let priority: Int32 = 70
    let feed: ObjectPoseFeed
    let servoStiffness: [Double]
    /// The emulated unit's own calibration (unit seed 0, as `embody run --emulate` by default).
    let calibration: Calibration
    private let emulator: ServoChainEmulator
    private let stopLock = NSLock()
    private var stopRequested = false
    private let finished = DispatchSemaphore(value: 0)

    init(configuration: RobotConfiguration, scene: SceneDescription, link: String, cameras: WorldCameraMirror? = nil) throws {
        let world = try Scene(scene)
        emulator = try ServoChainEmulator(configuration: configuration, scene: world)
        calibration = try emulator.matchingCalibration()
        feed = try ObjectPoseFeed(scene: scene)
        let feed = feed
        emulator.plantObserver = { world in
            feed.publish(world)
            cameras?.record(world)
        }
        servoStiffness = world.model.joints.map { $0.actuator.kind == .positionServo ? $0.actuator.kp : 0 }
        try emulator.open(link: link)
        let thread = Thread { [self, emulator] in
            var parameters = sched_param(sched_priority: Self.priority)
            _ = pthread_setschedparam(pthread_self(), Int32(SCHED_FIFO), &parameters)
            emulator.run { [self] in stopLock.withLock { !stopRequested } }
            finished.signal()
        }
        thread.name = "servo-chain-emulator"
        thread.start()
    }

    /// Stops the chain, waits for its thread, and closes (and unlinks) its port.
    func stop() {
        stopLock.withLock { stopRequested = true }
        finished.wait()
        emulator.stop()
    }
}
