import Events
import Foundation
import Physics
import Runtime
import Safety
import XCTest

/// The reflex in the loop, on the real renderer, DVS emulator and supervisor: a gloved hand
/// crosses into the protected zone while the arm works. Behaviour only (no timing): neither
/// detector acts before the true crossing, the event reflex slows and then stops the arm, the
/// 30 fps baseline reacts too, and never before its first frame after the crossing.
final class IntrusionReflexTrialTests: XCTestCase {
    static let scenePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sim/scenes/so101_intrusion.toml").path

    func testTheHandEnteringTheZoneSlowsThenStopsTheArmAndNotBefore() throws {
        var settings = IntrusionTrialSettings(scene: try SceneDescription.load(contentsOf: Self.scenePath), speed: 2, seed: 3)
        settings.afterCrossing = 0.08
        let r = try runIntrusionTrial(settings)
        let slow = try XCTUnwrap(r.event.slow, "the event reflex slowed the arm")
        let stop = try XCTUnwrap(r.event.stop, "the event reflex stopped the arm")
        XCTAssertGreaterThanOrEqual(slow, r.crossing, "not before the hand is in the zone")
        XCTAssertGreaterThanOrEqual(stop, slow)
        XCTAssertEqual(r.finalFault?.reason, .intrusion)
        XCTAssertTrue(r.finalMode == .stopping(.two) || r.finalMode == .stopped(.two), "category-2 stop, drives on")
        let frameSlow = try XCTUnwrap(r.frame.slow, "the frame detector reacted")
        XCTAssertGreaterThanOrEqual(frameSlow, r.crossing)
        XCTAssertGreaterThan(frameSlow, slow, "the event reflex acts first")
        XCTAssertFalse(r.eventRender.isEmpty)
        XCTAssertGreaterThan(r.eventRender.count, 10 * r.frameRender.count, "the event camera runs at ≥ 500 Hz, the frames at 30")
    }

    func testTheZoneCoversTheTableBandOnly() throws {
        let description = try SceneDescription.load(contentsOf: Self.scenePath)
        let scene = try Scene(description)
        let camera = CameraSensor(description.cameras.first { $0.name == "workspace" }!, world: scene.model)
        let settings = IntrusionTrialSettings(scene: description, speed: 2)
        let zone = try XCTUnwrap(intrusionZone("z", covering: settings.zoneRegion, camera: camera, slowActivity: 1, stopActivity: 1))
        // The robot's base (world origin) projects outside the zone, on the image's centre line.
        let base = try XCTUnwrap(camera.renderer.intrinsics.project(camera.worldFromCamera(scene.makeData()).actInverse(point: .zero)))
        XCTAssertFalse(Double(zone.x) - 0.5 <= base.u && base.u <= Double(zone.x + zone.width) - 0.5)
        XCTAssertGreaterThan(zone.width, 10)
        XCTAssertLessThanOrEqual(zone.x + zone.width, camera.description.width)
    }
}
