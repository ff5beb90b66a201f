import Foundation
import Tensors
import VLA

/// Paths and readers for the parity fixtures `training/make_fixtures.py` writes.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let cases = 3

    static func model(int8: Bool = false) throws -> VLAModel { try VLAModel.load(directory: directory, int8: int8) }

    static func reference() throws -> SafetensorsFile { try SafetensorsFile(path: directory + "/reference.safetensors") }

    static func input(_ k: Int, _ reference: SafetensorsFile) throws -> VLAInput {
        VLAInput(front: try reference.uint8s("case\(k).front"), wrist: try reference.uint8s("case\(k).wrist"),
                 events: try reference.uint8s("case\(k).events"), joints: try reference.floats("case\(k).joints"),
                 tool: try reference.floats("case\(k).tool"), words: try reference.int32s("case\(k).words"))
    }

    /// The fixture weights as (name, dtype, shape, bytes), to rewrite with one thing broken.
    static func tensors(int8: Bool = false) throws -> [(String, TensorDType, [Int], [UInt8])] {
        let file = try SafetensorsFile(path: directory + (int8 ? "/model-int8.safetensors" : "/model.safetensors"))
        return try file.tensors.map { ($0.name, $0.dtype, $0.shape, Array(try file.rawBytes($0.name))) }
    }

    static func writeFile(_ tensors: [(String, TensorDType, [Int], [UInt8])], to path: String) throws {
        var writer = SafetensorsWriter()
        for (name, dtype, shape, bytes) in tensors { try writer.add(name, dtype: dtype, shape: shape, bytes: bytes) }
        try writer.write(to: path)
    }

    static var config: VLAConfig { get throws { try VLAConfig.load(path: directory + "/config.json") } }
}
