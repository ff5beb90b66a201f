import Demonstrations
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hardware
import Physics
import RobotModel
import Runtime

/// The emulated bench behind `embody run --emulate SCENE`: for each episode a servo-chain emulator
/// on a fresh pseudo-terminal linked at the run's port, on a thread of its own, whose plant is the
/// scene with that episode's seeded layout (the one `embody sim` draws). The stack reaches the arm
/// only through the port; the objects' poses, which no servo reports, come back through the
/// emulator's plant observer into an ``ObjectPoseFeed`` (the documented side channel).
final class EmulatedRig: @unchecked Sendable {  // the caller's thread sets up and stops; the flag is locked
    let configuration: RobotConfiguration
    let link: String
    let baud: Int?
    let faults: FaultSpec
    /// Seed of the emulated unit (its servo mounts and sensor noise): the same every episode, so one
    /// calibration fits them all.
    let unitSeed: UInt64
    private var emulator: ServoChainEmulator?
    private var thread: Thread?
    private let stopLock = NSLock()
    private var stopRequested = false
    private let finished = DispatchSemaphore(value: 0)
    /// SCHED_FIFO priority of the emulator's thread, below the controller's 80: real servos answer
    /// from their own microcontrollers, so on a shared two-core machine the emulated ones must not
    /// wait behind ordinary processes (a compiler) either. Falls back to normal scheduling if refused.
    static let priority: Int32 = 70

    init(configuration: RobotConfiguration, link: String, baud: Int?, faults: FaultSpec, unitSeed: UInt64) {
        self.configuration = configuration
        self.link = link
        self.baud = baud
        self.faults = faults
        self.unitSeed = unitSeed
    }

    /// The calibration of the emulated unit, as `embody emulate --seed S --write-calibration` saves it.
    func calibration(scene: SceneDescription) throws -> Calibration {
        try ServoChainEmulator(configuration: configuration, scene: try Scene(scene), baud: baud, seed: unitSeed).matchingCalibration()
    }

    /// Starts the chain with `scene` (already laid out for the episode) as its plant and returns the
    /// feed its plant publishes the objects into, and each joint's servo stiffness.
    /// With `cameras`, the plant also renders them (the VLA's side channel).
    func start(scene: SceneDescription, cameras: PlantCameraFeed? = nil) throws -> (feed: ObjectPoseFeed, servoStiffness: [Double]) {
        let world = try Scene(scene)
        let emulator = try ServoChainEmulator(configuration: configuration, scene: world, baud: baud, faults: faults, seed: unitSeed)
        let feed = try ObjectPoseFeed(scene: scene)
        emulator.plantObserver = { world in
            feed.publish(world)
            cameras?.publish(world)
        }
        try emulator.open(link: link)
        stopRequested = false
        let thread = Thread { [self] in
            var parameters = sched_param(sched_priority: Self.priority)
            _ = pthread_setschedparam(pthread_self(), Int32(SCHED_FIFO), &parameters)
            emulator.run { [self] in
                stopLock.lock()
                defer { stopLock.unlock() }
                return !stopRequested
            }
            finished.signal()
        }
        thread.name = "servo-chain-emulator"
        thread.start()
        self.thread = thread
        self.emulator = emulator
        return (feed, world.model.joints.map { $0.actuator.kind == .positionServo ? $0.actuator.kp : 0 })
    }

    /// When the first silent servo or the vanishing port of `faults` began, monotonic ns, for the
    /// chain that ran last (nil: no such fault). Read after `stop`.
    private(set) var faultOnset: Int64?

    /// Stops the chain and closes its port; returns what it did and why it failed, if it did.
    @discardableResult
    func stop() -> (statistics: ServoChainEmulator.Statistics, failure: String?)? {
        guard let emulator else { return nil }
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
        if thread != nil { finished.wait() }
        thread = nil
        let onsets = faults.silent.map(\.at) + (faults.vanishAt.map { [$0] } ?? [])
        faultOnset = onsets.min().map { Int64(emulator.startTime) + Int64($0 * 1e9) }
        emulator.stop()  // closes the port (its own thread was never started)
        self.emulator = nil
        return (emulator.statistics, emulator.failure)
    }
}
