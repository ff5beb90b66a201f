import Foundation
import Tensors
import VLA
import XCTest

/// Parity for a trained model on real dataset rows (training/evaluate_parity.py writes
/// MODEL/parity.safetensors). Skipped unless VLA_PARITY_DIR names the model folder.
final class TrainedModelParityTests: XCTestCase {
    func testTrainedModelMatchesPyTorch() throws {
        guard let directory = ProcessInfo.processInfo.environment["VLA_PARITY_DIR"] else {
            throw XCTSkip("set VLA_PARITY_DIR to a model folder with parity.safetensors")
        }
        let reference = try SafetensorsFile(path: directory + "/parity.safetensors")
        let cases = Int(reference.metadata["cases"] ?? "0") ?? 0
        for int8 in [false, true] {
            let model = try VLAModel.load(directory: directory, int8: int8)
            let ws = VLAWorkspace(config: model.config)
            let prefix = int8 ? "int8_" : ""
            var worst: Float = 0, sameTokens = 0
            for k in 0..<cases {
                try predict(model, try Fixtures.input(k, reference), workspace: ws)
                let tokens = try reference.int32s("case\(k).\(prefix)tokens")
                sameTokens += zip(ws.tokens, tokens).filter { $0 == $1 }.count
                worst = max(worst, zip(ws.logits, try reference.floats("case\(k).\(prefix)logits")).map { abs($0 - $1) }.max()!)
            }
            print("trained model parity (\(int8 ? "int8" : "F32")): \(sameTokens)/\(cases * model.config.actionTokens) tokens equal, max |logit difference| \(worst)")
            XCTAssertEqual(sameTokens, cases * model.config.actionTokens)
            XCTAssertLessThan(worst, 1e-3)
        }
    }
}
