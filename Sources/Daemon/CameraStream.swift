import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Imaging
import Runtime

/// One camera of a real arm (`[cameras] front` or `wrist` in daemon.toml), opened once at daemon
/// start through Imaging's ``FrameSource``: a ``V4L2Camera`` for a device node, or a
/// ``VideoFileSource`` replayed at its frame rate and looped (a bench without the camera, and the
/// tests). Frames come out undistorted (with the optional calibration) and resized to the model's
/// input size by OpenCV, straight into a buffer allocated once.
///
/// During an episode a thread of its own grabs frame after frame (a V4L2 grab blocks until the
/// driver hands one over, so the thread runs at the camera's rate) and hands each to `onFrame`;
/// between episodes nothing grabs, so a device's stale buffered frames are simply the first ones
/// overwritten. A source that fails (unplugged) ends the thread and says why in ``failure``.
final class CameraStream: @unchecked Sendable {  // the thread owns `source` and `pixels`; the flags are locked
    /// `front` or `wrist`, for messages.
    let key: String
    let camera: DaemonConfiguration.Camera
    let size: Int
    private var source: any FrameSource
    private let pixels: UnsafeMutableBufferPointer<UInt8>
    private let lock = NSLock()
    private var stopRequested = false
    private var failed: String?
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    /// Opens the camera and reads one frame; a camera that cannot is bad input, named by its key.
    init(key: String, camera: DaemonConfiguration.Camera, size: Int) throws(DaemonError) {
        self.key = key
        self.camera = camera
        self.size = size
        source = try Self.open(key: key, camera, size: size)
        pixels = .allocate(capacity: size * size * 3)
        pixels.initialize(repeating: 0)
        do {
            guard try source.grab(into: pixels) != nil else {
                throw DaemonError.badInput("[cameras] \(key) = \"\(camera.source)\": no frames")
            }
        } catch let error as CameraError {
            throw DaemonError.badInput("[cameras] \(key) = \"\(camera.source)\": \(error.description)")
        } catch let error as DaemonError {
            throw error
        } catch {
            throw DaemonError.badInput("[cameras] \(key) = \"\(camera.source)\": \(error)")
        }
    }

    deinit { pixels.deallocate() }

    private static func open(key: String, _ camera: DaemonConfiguration.Camera, size: Int) throws(DaemonError) -> any FrameSource {
        var output = FrameOutput(width: size, height: size)
        if let path = camera.calibration {
            do { output.calibration = try CameraCalibration(contentsOf: path) } catch {
                throw .badInput("[cameras] \(key)_calibration = \"\(path)\": \(error.description)")
            }
        }
        do {
            return camera.isDevice ? try V4L2Camera(device: camera.source, output: output)
                                   : try VideoFileSource(path: camera.source, output: output)
        } catch {
            throw .badInput("[cameras] \(key) = \"\(camera.source)\": \(error.description)")
        }
    }

    /// Why the last run's thread stopped early (nil: it did not).
    var failure: String? { lock.withLock { failed } }

    /// Grabs on a thread of its own until ``stop()``, handing each frame (the model's size, RGB) and
    /// the monotonic time it arrived to `onFrame`, on that thread.
    func start(_ onFrame: @escaping @Sendable (UnsafeBufferPointer<UInt8>, Int64) -> Void) {
        lock.withLock {
            stopRequested = false
            failed = nil
        }
        let thread = Thread { [self] in
            // Below everything else that is not real-time (nice 10), the kernel's workers among
            // them, which carry the servo bus's bytes: a late frame only makes the planner hold.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)  // 0: this thread (Linux)
            run(onFrame)
            finished.signal()
        }
        thread.name = "camera-\(key)"
        thread.start()
        self.thread = thread
    }

    /// Stops the thread and waits for it (at most one frame period of a device).
    func stop() {
        guard thread != nil else { return }
        lock.withLock { stopRequested = true }
        finished.wait()
        thread = nil
    }

    static let niceness: Int32 = 10

    private var shouldRun: Bool { lock.withLock { !stopRequested } }

    private func run(_ onFrame: @Sendable (UnsafeBufferPointer<UInt8>, Int64) -> Void) {
        // A file is paced to its media time: the first frame of this run (or pass through the
        // file) is shown at once, each next one when its media time has come. A device paces itself.
        var origin: Int64?
        var framesThisPass = 0
        while shouldRun {
            do {
                guard let stamp = try source.grab(into: pixels) else {
                    // The end of a file: play it again from the start (a file with no frames stops).
                    guard framesThisPass > 0 else { throw CameraError(kind: .noFrames, source: camera.source, message: "no frames") }
                    source = try Self.open(key: key, camera, size: size)
                    origin = nil
                    framesThisPass = 0
                    continue
                }
                framesThisPass += 1
                if !camera.isDevice {
                    let start = origin ?? MonotonicClock.now() - stamp
                    origin = start
                    MonotonicClock.sleep(until: start + stamp)
                }
                onFrame(UnsafeBufferPointer(pixels), MonotonicClock.now())
            } catch {
                let line = "[cameras] \(key) = \"\(camera.source)\": \(error)"
                lock.withLock { failed = line }
                return
            }
        }
    }
}
