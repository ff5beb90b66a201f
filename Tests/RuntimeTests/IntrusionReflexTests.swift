import AllocationCounter
import Control
import Events
import Physics
import Runtime
import Safety
import XCTest

/// The reflex's two sides on a scripted detector: frames are taken at the camera's rate, decisions
/// drive the supervisor the next tick, a `.stop` between two ticks is never lost, and the reflex
/// releases only the collaborative mode it set.
final class IntrusionReflexTests: XCTestCase {
    /// Returns the scripted decisions in order, then `.clear`.
    final class Scripted: IntrusionFrameDetector {
        let width = 4, height = 4
        var script: [IntrusionDecision]
        var calls = 0
        init(_ script: [IntrusionDecision]) { self.script = script }
        func assess(frame: UnsafeBufferPointer<UInt8>, time: Int64) -> IntrusionDecision {
            calls += 1
            return script.isEmpty ? .clear : script.removeFirst()
        }
    }

    func supervisor() throws -> Supervisor {
        let scene = try Scene.load(contentsOf: IntrusionReflexTrialTests.scenePath)
        let kinematics = scene.model.robot!
        let s = Supervisor(try SupervisorModel(configuration: scene.robotConfiguration!, kinematics: kinematics, jointNames: kinematics.jointNames,
                                               driveModes: Array(repeating: .position, count: kinematics.dof), period: 1_000_000))
        var state = JointState(joints: kinematics.dof)
        for i in 0..<kinematics.dof { state.position[i] = (s.model.envelopes[i].lower + s.model.envelopes[i].upper) / 2 }
        s.activate(from: state, now: 0)
        return s
    }

    func testFramesAreTakenAtTheRate() {
        let detector = Scripted([])
        let reflex = IntrusionReflex(detector: detector, rate: 500)
        let frame = [UInt8](repeating: 0, count: 16)
        var taken: [Int64] = []
        for k in Int64(0)..<10 {
            if frame.withUnsafeBufferPointer({ reflex.sense(frame: $0, time: k * 1_000_000) }) { taken.append(k) }
        }
        XCTAssertEqual(taken, [0, 2, 4, 6, 8])
        XCTAssertEqual(detector.calls, 5)
    }

    func testSlowThenClearTogglesCollaborativeAndStopLatches() throws {
        let s = try supervisor()
        let reflex = IntrusionReflex(detector: Scripted([.clear, .slow, .clear, .stop]), rate: 1000)
        let frame = [UInt8](repeating: 0, count: 16)
        func frameAndTick(_ k: Int64) -> IntrusionDecision? {
            frame.withUnsafeBufferPointer { _ = reflex.sense(frame: $0, time: k * 1_000_000) }
            return reflex.apply(to: s, now: k * 1_000_000)
        }
        XCTAssertEqual(frameAndTick(0), .clear)
        XCTAssertFalse(s.collaborative)
        XCTAssertEqual(frameAndTick(1), .slow)
        XCTAssertTrue(s.collaborative)
        XCTAssertNil(reflex.apply(to: s, now: 1_500_000), "no new frame: nothing to apply")
        XCTAssertTrue(s.collaborative)
        XCTAssertEqual(frameAndTick(2), .clear)
        XCTAssertFalse(s.collaborative, "released once the zone is clear")
        XCTAssertEqual(frameAndTick(3), .stop)
        XCTAssertEqual(s.fault?.reason, .intrusion)
        XCTAssertEqual(s.fault?.time, 3_000_000)
        XCTAssertEqual(s.mode, .stopping(.two))
    }

    func testAStopBetweenTwoTicksIsNotLost() throws {
        let s = try supervisor()
        let reflex = IntrusionReflex(detector: Scripted([.stop, .clear]), rate: 10_000)
        let frame = [UInt8](repeating: 0, count: 16)
        frame.withUnsafeBufferPointer { f in
            _ = reflex.sense(frame: f, time: 0)
            _ = reflex.sense(frame: f, time: 100_000)  // a clear frame before the supervisor's tick
        }
        XCTAssertEqual(reflex.apply(to: s, now: 1_000_000), .stop)
        XCTAssertEqual(s.fault?.reason, .intrusion)
    }

    func testCollaborativeModeSetByOthersIsLeftAlone() throws {
        let s = try supervisor()
        s.collaborative = true
        let reflex = IntrusionReflex(detector: Scripted([.slow, .clear]), rate: 1000)
        let frame = [UInt8](repeating: 0, count: 16)
        for k in Int64(0)..<2 {
            frame.withUnsafeBufferPointer { _ = reflex.sense(frame: $0, time: k * 1_000_000) }
            reflex.apply(to: s, now: k * 1_000_000)
        }
        XCTAssertTrue(s.collaborative)
    }

    func testCaptureAndApplyAllocateNothingOnceWarm() throws {
        let scene = try Scene.load(contentsOf: IntrusionReflexTrialTests.scenePath)
        let camera = scene.description.cameras.first { $0.name == "workspace" }!
        let zone = IntrusionZone(name: "z", x: 236, y: 24, width: 70, height: 212, slowActivity: 0.3, stopActivity: 1.3)
        let reflex = IntrusionReflex(camera: camera, world: scene.model,
                                     detector: try EventIntrusionDetector(detector: IntrusionDetector(width: camera.width, height: camera.height, zones: [zone])),
                                     rate: 1000)
        let s = try supervisor()
        let data = scene.makeData()
        let hand = scene.model.bodies.firstIndex { $0.name == "hand" }!
        var allocations = 0
        for k in 0..<12 {
            data.bodyPositions[hand].y = -0.6 + 0.002 * Double(k)
            let count = countAllocations {
                reflex.capture(data)
                _ = reflex.apply(to: s, now: Int64(k) * 1_000_000)
            }
            if k >= 4 { allocations += count }
            try step(data)
        }
        XCTAssertEqual(allocations, 0)
    }
}
