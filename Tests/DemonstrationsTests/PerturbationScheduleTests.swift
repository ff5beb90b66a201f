import Control
import Spatial
import XCTest
@testable import Demonstrations

final class PerturbationScheduleTests: XCTestCase {
    func testTheDrawnFractionOfEpisodesIsPerturbedWithinTheStatedRanges() {
        var perturbed = 0
        for seed in UInt64(0)..<1000 {
            let schedule = PerturbationSchedule(seed: seed, probability: 0.5)
            guard !schedule.perturbations.isEmpty else { continue }
            perturbed += 1
            XCTAssertLessThanOrEqual(schedule.perturbations.count, 3)
            for (k, p) in schedule.perturbations.enumerated() {
                XCTAssertTrue((300_000_000...800_000_000).contains(p.end - p.start))
                XCTAssertTrue(k > 0 || (300_000_000...2_000_000_000).contains(p.start), "the first starts early")
                XCTAssertTrue(p.offset == .zero || (0.0099...0.0301).contains(p.offset.norm), "\(p.offset.norm)")
                XCTAssertTrue(p.offset != .zero || p.dropsGripper, "a perturbation changes something")
                if k > 0 { XCTAssertTrue((300_000_000...3_000_000_000).contains(p.start - schedule.perturbations[k - 1].end)) }
            }
        }
        XCTAssertEqual(Double(perturbed) / 1000, 0.5, accuracy: 0.05)
        XCTAssertTrue(PerturbationSchedule(seed: 3, probability: 0).perturbations.isEmpty)
        XCTAssertEqual(PerturbationSchedule(seed: 3, probability: 1), PerturbationSchedule(seed: 3, probability: 1))
    }

    func testOnlyChunksStampedInsideAPerturbationChange() {
        let p = Perturbation(start: 1_000_000_000, end: 1_500_000_000, offset: Vec3(0.02, 0, 0), dropsGripper: true)
        let schedule = PerturbationSchedule(perturbations: [p])
        var chunk = ActionChunk(stamp: 1_200_000_000)
        chunk.append(Waypoint(time: 0, position: Vec3(0.2, 0, 0.05), gripper: 1, yaw: 0.1))
        let (executed, perturbed) = schedule.apply(to: chunk, tool: Vec3(0.1, 0.1, 0.1), toolYaw: 0.3)
        XCTAssertTrue(perturbed)
        XCTAssertEqual(executed[0].position.x, 0.22, accuracy: 1e-12)
        XCTAssertEqual(executed[0].gripper, 0)
        XCTAssertEqual(executed[0].yaw, 0.1)
        XCTAssertEqual(chunk[0].position.x, 0.2, "the expert's chunk, the label, is untouched")
        chunk.stamp = 1_500_000_000
        XCTAssertFalse(schedule.apply(to: chunk, tool: .zero, toolYaw: 0).perturbed)
        XCTAssertEqual(schedule.apply(to: chunk, tool: .zero, toolYaw: 0).chunk[0], chunk[0])
    }

    func testAHoldKeepsTheToolWhereItIsAndLeavesTheGripperToTheExpert() {
        let hold = Perturbation(start: 0, end: 500_000_000, offset: .zero, dropsGripper: false, holdsStill: true)
        var chunk = ActionChunk(stamp: 200_000_000)
        chunk.append(Waypoint(time: 0, position: Vec3(0.2, 0, 0.05), gripper: 1, yaw: 0.1))
        chunk.append(Waypoint(time: 100_000_000, position: Vec3(0.21, 0, 0.04), gripper: 1, yaw: 0.1))
        let (executed, perturbed) = PerturbationSchedule(perturbations: [hold]).apply(to: chunk, tool: Vec3(0.15, 0.02, 0.08), toolYaw: -0.4)
        XCTAssertTrue(perturbed)
        XCTAssertEqual(executed.count, 2)
        for k in 0..<2 {
            XCTAssertEqual(executed[k].position, Vec3(0.15, 0.02, 0.08))
            XCTAssertEqual(executed[k].yaw, -0.4)
            XCTAssertEqual(executed[k].gripper, 1)
            XCTAssertEqual(executed[k].time, chunk[k].time)
        }
    }

    func testHoldsAreDrawnOnTheirOwnAndReplaceWhatTheyOverlap() {
        var held = 0
        for seed in UInt64(0)..<1000 {
            let plain = PerturbationSchedule(seed: seed, probability: 0.5)
            let schedule = PerturbationSchedule(seed: seed, probability: 0.5, holdProbability: 0.3)
            let holds = schedule.perturbations.filter(\.holdsStill)
            XCTAssertLessThanOrEqual(holds.count, 1)
            guard let hold = holds.first else {
                XCTAssertEqual(schedule, plain, "no hold drawn: the other perturbations are unchanged")
                continue
            }
            held += 1
            XCTAssertTrue((0...800_000_000).contains(hold.start))
            XCTAssertTrue((300_000_000...1_000_000_000).contains(hold.end - hold.start))
            XCTAssertEqual(schedule.perturbations.filter { !$0.holdsStill },
                           plain.perturbations.filter { $0.end <= hold.start || $0.start >= hold.end })
            XCTAssertEqual(schedule.perturbations.map(\.start), schedule.perturbations.map(\.start).sorted())
        }
        XCTAssertEqual(Double(held) / 1000, 0.3, accuracy: 0.05)
        XCTAssertEqual(PerturbationSchedule(seed: 7, probability: 0.5, holdProbability: 0), PerturbationSchedule(seed: 7, probability: 0.5))
    }
}
