import Foundation
import Tensors
import XCTest
@testable import Demonstrations

/// DAgger recording with the shipped VLA as the learner, on one short reach episode.
final class DatasetLearnerTests: XCTestCase {
    static let model = DatasetGeneratorTests.root.appendingPathComponent("models/so101-vla").path

    func settings(_ folder: String, learner: DatasetLearner?) throws -> DatasetSettings {
        var s = DatasetGeneratorTests.settings(folder, episodes: 1)
        s.seed = 7  // a reach
        s.timeLimit = 8
        s.learner = learner
        return s
    }

    func testTheLearnerDrivesItsWindowsWhileTheExpertLabelsEveryRow() throws {
        let learner = try DatasetLearner(directory: Self.model, probability: 1)
        let run = try generateDataset(try settings("learner", learner: learner))
        let expertOnly = try generateDataset(try settings("expert", learner: nil))
        let f = try SafetensorsFile(path: run.files[0]), e = try SafetensorsFile(path: expertOnly.files[0])
        let perturbed = try f.uint8s("perturbed")
        let takeover = LearnerTakeover(seed: 7, probability: 1, limit: 8)
        for row in 0..<perturbed.count {
            XCTAssertEqual(perturbed[row] == 1, takeover.drives(at: Int64(row) * 100_000_000), "row \(row)")
        }
        XCTAssertEqual(run.episodes[0].learnerSteps, perturbed.filter { $0 == 1 }.count)
        XCTAssertNil(expertOnly.episodes[0].learnerSteps)

        // Same layout and start; then the learner, not the expert, moved the arm. Generation is
        // deterministic, so the expert alone retraces its path exactly; a good learner stays close
        // to it (v11 stayed within 4 mm on this reach), hence a 1 mm bound.
        let tool = try f.floats("tool"), expertTool = try e.floats("tool")
        XCTAssertEqual(Array(tool[0..<4]), Array(expertTool[0..<4]))
        let rows = min(tool.count, expertTool.count) / 4
        let apart = (0..<rows).map { r in (0..<3).map { k in abs(tool[4 * r + k] - expertTool[4 * r + k]) }.max()! }.max()!
        XCTAssertGreaterThan(apart, 0.001, "the learner's path differs from the expert's")
        XCTAssertTrue(try f.floats("target").allSatisfy(\.isFinite))

        let metadata = f.metadata
        XCTAssertEqual(metadata["learner"], #"{"model":"\#(Self.model)","probability":1}"#)
        let manifest = try String(contentsOfFile: run.manifest, encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"learner_steps\" : \(perturbed.filter { $0 == 1 }.count)"), manifest)
    }

    func testABadShareIsBadInput() throws {
        let learner = try DatasetLearner(directory: Self.model, probability: 1.5)
        XCTAssertThrowsError(try generateDataset(try settings("bad-share", learner: learner))) { error in
            XCTAssertTrue((error as! DatasetError).description.hasPrefix("--learner-share"), "\(error)")
        }
    }
}
