import Demonstrations
import Events
import Foundation
import Runtime
import VLA

/// The VLA planner's eyes on a real arm: the `[cameras]` of daemon.toml, the counterpart of the
/// simulated worlds' ``WorldCameraMirror``. The front and wrist cameras stream on threads of their own
/// (``CameraStream``); each front frame also goes through the DVS emulator, as the rendered front
/// camera did in the demonstrations, so the model gets its event counts too (at the camera's frame
/// rate rather than the demonstrations' 100 Hz: fewer, larger steps of brightness change).
///
/// A planner tick takes the newest pair only while both are fresh (younger than
/// ``staleAfter``): a camera that stalls or fails makes the planner send no chunk, and the
/// controller and supervisor then hold the arm (the stale-chunk hold), rather than acting on an
/// old picture. Neither side is the control thread, so a lock guards the hand-over.
final class ArmCameraFeed: VLACameraFeed, @unchecked Sendable {
    let front: CameraStream
    let wrist: CameraStream
    /// Frames older than this are not handed to the planner, ns.
    static let staleAfter: Int64 = 500_000_000

    private let lock = NSLock()
    private var frontImage: [UInt8]
    private var wristImage: [UInt8]
    private var frontTime: Int64 = -1, wristTime: Int64 = -1
    private let dvs: DVSModel
    private var dvsState: DVSState
    private let histogram: EventHistogram
    private var gray: [UInt8]

    /// Opens both cameras at `size`×`size` (the model's input); bad input names the key and path.
    init(_ cameras: DaemonConfiguration.Cameras, size: Int) throws(DaemonError) {
        front = try CameraStream(key: "front", camera: cameras.front, size: size)
        wrist = try CameraStream(key: "wrist", camera: cameras.wrist, size: size)
        frontImage = Array(repeating: 0, count: size * size * 3)
        wristImage = frontImage
        gray = Array(repeating: 0, count: size * size)
        do { dvs = try DVSModel(width: size, height: size) } catch { throw .badInput("[cameras]: event camera: \(error.description)") }
        dvsState = DVSState(dvs)
        histogram = EventHistogram(width: size, height: size)
    }

    /// Starts streaming for an episode: a fresh event sensor, and no frame until new ones arrive.
    func start() {
        lock.withLock {
            dvsState = DVSState(dvs)
            histogram.clear()
            frontTime = -1
            wristTime = -1
        }
        front.start { [self] rgb, time in
            lock.withLock {
                for i in 0..<frontImage.count { frontImage[i] = rgb[i] }
                gray.withUnsafeMutableBufferPointer { lumaFromRGB(rgb, into: $0) }
                gray.withUnsafeBufferPointer { emulateDVS(dvs, dvsState, frame: $0, timestamp: time / 1000) }
                histogram.add(dvsState.events)
                frontTime = time
            }
        }
        wrist.start { [self] rgb, time in
            lock.withLock {
                for i in 0..<wristImage.count { wristImage[i] = rgb[i] }
                wristTime = time
            }
        }
    }

    /// Stops both streams; returns why one failed during the episode, if one did.
    func stop() -> String? {
        front.stop()
        wrist.stop()
        return front.failure ?? wrist.failure
    }

    func take(into input: inout VLAInput) -> Bool {
        let now = MonotonicClock.now()
        lock.lock()
        defer { lock.unlock() }
        guard frontTime >= 0, wristTime >= 0, now - frontTime < Self.staleAfter, now - wristTime < Self.staleAfter else { return false }
        for i in 0..<frontImage.count { input.front[i] = frontImage[i] }
        for i in 0..<wristImage.count { input.wrist[i] = wristImage[i] }
        input.events.removeAll(keepingCapacity: true)
        let width = histogram.width, height = histogram.height
        for y in 0..<height { for x in 0..<width { input.events.append(UInt8(clamping: histogram.onCount(x: x, y: y))) } }
        for y in 0..<height { for x in 0..<width { input.events.append(UInt8(clamping: histogram.offCount(x: x, y: y))) } }
        histogram.clear()
        return true
    }
}
