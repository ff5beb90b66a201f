import Foundation
import Tensors
import VLA
import XCTest

/// Loading checks: every way the weights can disagree with config.json is one line naming the
/// file, the tensor and what was expected.
final class VLAModelTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vla-model-\(getpid())-\(name.hashValue)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.directory + "/config.json", toPath: directory + "/config.json")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func loadError(_ tensors: [(String, TensorDType, [Int], [UInt8])]) throws -> String {
        try Fixtures.writeFile(tensors, to: directory + "/model.safetensors")
        do {
            _ = try VLAModel.load(directory: directory)
            return "no error"
        } catch {
            let error = "\(error)"
            XCTAssertFalse(error.contains("\n"))
            return error.replacingOccurrences(of: directory + "/", with: "")
        }
    }

    func testLoadsFixture() throws {
        let model = try Fixtures.model()
        XCTAssertEqual(model.config.dModel, 64)
        XCTAssertEqual(model.parameterCount, try Fixtures.tensors().reduce(0) { $0 + $1.2.reduce(1, *) })
    }

    func testTruncatedWeights() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.directory + "/model.safetensors"))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: directory + "/model.safetensors"))
        XCTAssertThrowsError(try VLAModel.load(directory: directory)) {
            let line = "\($0)".replacingOccurrences(of: directory + "/", with: "")
            XCTAssertTrue(line.hasPrefix("model.safetensors: tensor \"") && line.contains("exceed the"), line)
        }
    }

    func testMissingTensor() throws {
        let tensors = try Fixtures.tensors().filter { $0.0 != "blocks.1.fc2.bias" }
        XCTAssertEqual(try loadError(tensors), "model.safetensors: no tensor \"blocks.1.fc2.bias\" (config.json expects shape [64])")
    }

    func testShapeMismatch() throws {
        let tensors = try Fixtures.tensors().map { t in
            t.0 == "blocks.0.qkv.weight" ? (t.0, t.1, [96, 128], t.3) : t
        }
        XCTAssertEqual(try loadError(tensors),
                       "model.safetensors: tensor \"blocks.0.qkv.weight\" has shape [96, 128], but config.json expects [192, 64]")
    }

    func testWrongDType() throws {
        let tensors = try Fixtures.tensors().map { t in
            t.0 == "head.bias" ? (t.0, TensorDType.i32, t.2, t.3) : t
        }
        XCTAssertEqual(try loadError(tensors), "model.safetensors: tensor \"head.bias\" is I32, expected F32, F16 or BF16")
    }

    func testInt8WithoutScale() throws {
        let tensors = try Fixtures.tensors(int8: true).filter { $0.0 != "head.weight_scale" }
        XCTAssertEqual(try loadError(tensors),
                       "model.safetensors: tensor \"head.weight\" is I8 but \"head.weight_scale\" (F32 [256]) is missing")
    }

    func testExtraTensorMeansConfigMismatch() throws {
        var tensors = try Fixtures.tensors()
        tensors.append(("blocks.2.ln1.bias", .f32, [64], [UInt8](repeating: 0, count: 256)))
        XCTAssertEqual(try loadError(tensors),
                       "model.safetensors: tensor \"blocks.2.ln1.bias\" [64] is not part of the model config.json describes")
    }

    func testHalfPrecisionWeightsLoad() throws {
        // F16 weights are accepted (widened at load): convert one tensor and check it loads.
        let tensors = try Fixtures.tensors().map { t -> (String, TensorDType, [Int], [UInt8]) in
            guard t.0 == "ln_f.bias" else { return t }
            return (t.0, .f16, t.2, [UInt8](repeating: 0, count: t.3.count / 2))
        }
        XCTAssertEqual(try loadError(tensors), "no error")
    }
}
