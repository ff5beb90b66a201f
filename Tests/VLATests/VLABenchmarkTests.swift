import Foundation
import Tensors
import VLA
import XCTest

/// Latency of one `predict` for the default architecture (d 128, 4 layers, 4 heads, 16x16 front
/// patches, 16 front and 8 wrist keypoints) with random weights, or of the model in the folder
/// VLA_BENCH_MODEL names. Skipped unless VLA_BENCH is set; meaningful only in a release build
/// (bench/vla/latency.sh runs it beside the PyTorch peer):
///
///     VLA_BENCH=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-vla-rel \
///         --disable-swift-testing --filter VLABenchmarkTests
final class VLABenchmarkTests: XCTestCase {
    func testPredictLatency() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["VLA_BENCH"] != nil, "set VLA_BENCH=1 to time predict")
        let folder = ProcessInfo.processInfo.environment["VLA_BENCH_MODEL"]
        for int8 in [false, true] {
            let model = if let folder { try VLAModel.load(directory: folder, int8: int8) } else {
                try VLAModel(config: try Self.defaultConfig(), weights: try SafetensorsFile(
                    bytes: Self.randomWeights(try Self.defaultConfig(), int8: int8), name: "random"))
            }
            let config = model.config
            let ws = VLAWorkspace(config: config)
            let reference = try Fixtures.reference()
            let input = try Fixtures.input(0, reference)
            for _ in 0..<10 { try predict(model, input, workspace: ws) }
            // Wall time, and this thread's CPU time (on the shared 2-core machine the wall figure
            // includes waiting for a core; the CPU figure is the work itself).
            var wall: [Double] = [], cpu: [Double] = []
            for _ in 0..<300 {
                let start = DispatchTime.now().uptimeNanoseconds, startCPU = Self.threadCPUNanoseconds()
                try predict(model, input, workspace: ws)
                wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                cpu.append(Double(Self.threadCPUNanoseconds() - startCPU) / 1e6)
            }
            wall.sort()
            cpu.sort()
            let line = String(format: "VLA predict (%@, %d params, %d prefix tokens, %d decoded tokens): wall p50 %.2f ms, p99 %.2f ms, max %.2f ms; thread CPU p50 %.2f ms, p99 %.2f ms",
                              int8 ? "int8 file" : "F32", model.parameterCount, ws.prefixLength, config.decodeTokens,
                              wall[150], wall[297], wall[299], cpu[150], cpu[297])
            print(line)
        }
    }

    /// The fixture config resized to train.py's default architecture (no sub-goal tokens, as shipped).
    static func defaultConfig() throws -> VLAConfig {
        var config = try Fixtures.config
        config.goalTokens = 0
        config.goalLow = []
        config.goalHigh = []
        config.dModel = 128
        config.layers = 4
        config.heads = 4
        config.frontPatch = 16
        config.frontKeypoints = 16
        config.wristKeypoints = 8
        config.stemWidths = [16, 32]
        return config
    }

    static func threadCPUNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Weights named and shaped as training/model.py names them, uniform in ±0.05 (deterministic).
    static func randomWeights(_ c: VLAConfig, int8: Bool) throws -> [UInt8] {
        let d = c.dModel, f = c.hiddenSize
        var shapes: [(String, [Int])] = [
            ("front_embed.weight", [d, 5 * c.frontPatch * c.frontPatch]), ("front_embed.bias", [d]),
            ("wrist_embed.weight", [d, 3 * c.wristPatch * c.wristPatch]), ("wrist_embed.bias", [d]),
            ("front_pos", [c.frontTokens, d]), ("wrist_pos", [c.wristTokens, d]),
            ("word_embed.weight", [c.vocabulary.count, d]), ("word_pos", [c.maxWords, d]),
            ("proprio_embed.weight", [d, c.joints + 4]), ("proprio_embed.bias", [d]),
            ("action_bos", [d]), ("action_embed.weight", [c.bins, d]), ("action_pos", [c.decodeTokens, d]),
            ("ln_f.weight", [d]), ("ln_f.bias", [d]), ("head.weight", [c.bins, d]), ("head.bias", [c.bins]),
        ]
        for (camera, channels, k) in [("front", 5, c.frontKeypoints), ("wrist", 3, c.wristKeypoints)] where k > 0 {
            let w1 = c.stemWidths[0], w2 = c.stemWidths[1], p = camera + "_stem."
            shapes += [(p + "conv1.weight", [w1, channels, 3, 3]), (p + "conv1.bias", [w1]),
                       (p + "conv2.weight", [w2, w1, 3, 3]), (p + "conv2.bias", [w2]),
                       (p + "points.weight", [k, w2, 1, 1]), (p + "points.bias", [k]),
                       (camera + "_kp_x", [k, d]), (camera + "_kp_y", [k, d]), (camera + "_kp_pos", [k, d])]
        }
        for l in 0..<c.layers {
            shapes += [("blocks.\(l).ln1.weight", [d]), ("blocks.\(l).ln1.bias", [d]),
                       ("blocks.\(l).qkv.weight", [3 * d, d]), ("blocks.\(l).qkv.bias", [3 * d]),
                       ("blocks.\(l).proj.weight", [d, d]), ("blocks.\(l).proj.bias", [d]),
                       ("blocks.\(l).ln2.weight", [d]), ("blocks.\(l).ln2.bias", [d]),
                       ("blocks.\(l).fc1.weight", [f, d]), ("blocks.\(l).fc1.bias", [f]),
                       ("blocks.\(l).fc2.weight", [d, f]), ("blocks.\(l).fc2.bias", [d])]
        }
        var state: UInt64 = 42
        var writer = SafetensorsWriter()
        for (name, shape) in shapes {
            let count = shape.reduce(1, *)
            // Linear weights (what export.py quantises): 2-D ".weight"s except the lookup tables.
            let linear = shape.count == 2 && name.hasSuffix(".weight") && name != "word_embed.weight" && name != "action_embed.weight"
            if int8 && linear {
                var q = [Int8](repeating: 0, count: count)
                for k in 0..<count {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    q[k] = Int8(truncatingIfNeeded: Int(state >> 56) - 128)
                }
                try writer.add(name, shape: shape, values: q)
                try writer.add(name + "_scale", shape: [shape[0]], values: [Float](repeating: 0.05 / 127, count: shape[0]))
            } else {
                var values = [Float](repeating: 0, count: count)
                for k in 0..<count {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    values[k] = (Float(state >> 40) / Float(1 << 24) - 0.5) * 0.1
                }
                try writer.add(name, shape: shape, values: values)
            }
        }
        return writer.serialized()
    }
}
