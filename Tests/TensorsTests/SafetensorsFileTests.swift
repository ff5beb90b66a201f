import Foundation
import XCTest

@testable import Tensors

final class SafetensorsFileTests: XCTestCase {
    /// Written by Python's reference implementation (456 bytes, base64):
    /// python3 -c 'import numpy as np; from safetensors.numpy import save_file; save_file({"f32": np.array([[1.5, -2.0, 3.25]], dtype=np.float32), "f16": np.array([0.5, -65504, 6e-8], dtype=np.float16), "i8": np.array([-128, 0, 127], dtype=np.int8), "u8": np.array([0, 200, 255], dtype=np.uint8), "i32": np.array([-7, 2**31-1], dtype=np.int32), "i64": np.array([-1, 2**40], dtype=np.int64)}, "t.safetensors", metadata={"format": "test", "note": "made by numpy"})'
    static let numpyFile = Array(Data(base64Encoded:
        "kAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJ0ZXN0Iiwibm90ZSI6Im1hZGUgYnkgbnVtcHkifSwiaTY0Ijp7ImR0eXBlIjoiSTY0Iiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbMCwxNl19LCJmMzIiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzEsM10sImRhdGFfb2Zmc2V0cyI6WzE2LDI4XX0sImkzMiI6eyJkdHlwZSI6IkkzMiIsInNoYXBlIjpbMl0sImRhdGFfb2Zmc2V0cyI6WzI4LDM2XX0sImYxNiI6eyJkdHlwZSI6IkYxNiIsInNoYXBlIjpbM10sImRhdGFfb2Zmc2V0cyI6WzM2LDQyXX0sImk4Ijp7ImR0eXBlIjoiSTgiLCJzaGFwZSI6WzNdLCJkYXRhX29mZnNldHMiOls0Miw0NV19LCJ1OCI6eyJkdHlwZSI6IlU4Iiwic2hhcGUiOlszXSwiZGF0YV9vZmZzZXRzIjpbNDUsNDhdfX0gICAg//////////8AAAAAAAEAAAAAwD8AAADAAABQQPn///////9/ADj/+wEAgAB/AMj/"
    )!)

    func testReadsFileWrittenByPython() throws {
        let file = try SafetensorsFile(bytes: Self.numpyFile, name: "numpy.safetensors")
        XCTAssertEqual(file.metadata, ["format": "test", "note": "made by numpy"])
        XCTAssertEqual(try file.info("f32").shape, [1, 3])
        XCTAssertEqual(try file.floats("f32"), [1.5, -2.0, 3.25])
        XCTAssertEqual(try file.floats("f16"), [0.5, -65504, 0x1p-24])
        XCTAssertEqual(try file.int8s("i8"), [-128, 0, 127])
        XCTAssertEqual(try file.uint8s("u8"), [0, 200, 255])
        XCTAssertEqual(try file.int32s("i32"), [-7, Int32.max])
        XCTAssertEqual(try file.int64s("i64"), [-1, 1 << 40])
        XCTAssertEqual(file.tensors.map(\.name), ["i64", "f32", "i32", "f16", "i8", "u8"])
    }

    func testRoundTripWithWriter() throws {
        var writer = SafetensorsWriter()
        writer.metadata = ["format": "embody-test/1", "quote": "a \"b\"\n"]
        try writer.add("weights", shape: [2, 2], values: [Float](arrayLiteral: 1, -2, 3.5, .infinity))
        try writer.add("empty", shape: [0, 4], values: [Float]())
        try writer.add("bytes", shape: [3], values: [UInt8](arrayLiteral: 1, 2, 3))
        try writer.add("ids", shape: [2], values: [Int32](arrayLiteral: -5, 9))
        try writer.add("q", shape: [2], values: [Int8](arrayLiteral: -1, 1))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("roundtrip-\(getpid()).safetensors").path
        try writer.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SafetensorsFile(path: path)
        XCTAssertEqual(file.metadata, writer.metadata)
        XCTAssertEqual(try file.floats("weights"), [1, -2, 3.5, .infinity])
        XCTAssertEqual(try file.floats("empty"), [])
        XCTAssertEqual(try file.info("empty").shape, [0, 4])
        XCTAssertEqual(try file.uint8s("bytes"), [1, 2, 3])
        XCTAssertEqual(try file.int32s("ids"), [-5, 9])
        XCTAssertEqual(try file.int8s("q"), [-1, 1])
    }

    func testHalfAndBFloatConversion() throws {
        var writer = SafetensorsWriter()
        // F16: 1, -2, 65504 (max), smallest subnormal, +inf, NaN.
        let half: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x7E00]
        try writer.add("h", dtype: .f16, shape: [6], bytes: SafetensorsWriter.littleEndianBytes(half))
        // BF16 is the top half of an F32.
        let brain: [UInt16] = [0x3F80, 0xC0A0, 0x3E20]
        try writer.add("b", dtype: .bf16, shape: [3], bytes: SafetensorsWriter.littleEndianBytes(brain))
        let file = try SafetensorsFile(bytes: writer.serialized(), name: "half.safetensors")
        let h = try file.floats("h")
        XCTAssertEqual(Array(h[0..<5]), [1, -2, 65504, 0x1p-24, .infinity])
        XCTAssertTrue(h[5].isNaN)
        XCTAssertEqual(try file.floats("b"), [1, -5, 0.15625])
    }

    // MARK: Errors, each one line naming the file and tensor

    private func error(_ bytes: [UInt8], name: String = "model.safetensors") -> String {
        do {
            _ = try SafetensorsFile(bytes: bytes, name: name)
            return "no error"
        } catch {
            XCTAssertFalse(error.description.contains("\n"))
            return error.description
        }
    }

    /// A file with `header` (padded) and `dataBytes` zero bytes of data.
    private func file(header: String, dataBytes: Int) -> [UInt8] {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(0x20) }
        return SafetensorsWriter.littleEndianBytes([UInt64(h.count)]) + h + [UInt8](repeating: 0, count: dataBytes)
    }

    func testTruncatedFile() throws {
        var writer = SafetensorsWriter()
        try writer.add("w", shape: [4], values: [Float](repeating: 1, count: 4))
        let bytes = writer.serialized()
        XCTAssertEqual(error(Array(bytes.prefix(5))), "model.safetensors: 5 bytes is too short for the 8-byte header length")
        XCTAssertTrue(error(Array(bytes.prefix(20))).hasPrefix("model.safetensors: header length"), error(Array(bytes.prefix(20))))
        XCTAssertEqual(error(Array(bytes.dropLast(4))),
                       "model.safetensors: tensor \"w\": data_offsets [0, 16] exceed the 12 data bytes")
    }

    func testMalformedHeaders() {
        XCTAssertTrue(error(file(header: "{\"w\":{\"dtype\":\"F32\"", dataBytes: 0)).contains("header is not valid JSON"))
        XCTAssertTrue(error(file(header: "[1,2]", dataBytes: 0)).contains("header is not a JSON object"))
        XCTAssertEqual(error(SafetensorsWriter.littleEndianBytes([UInt64(1) << 40])),
                       "model.safetensors: header length 1099511627776 exceeds the 100000000-byte limit (corrupt file?)")
        XCTAssertEqual(error(file(header: #"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, dataBytes: 8)),
                       "model.safetensors: tensor \"w\": dtype \"F64\" is not one of F32, F16, BF16, I8, U8, I32, I64")
        XCTAssertEqual(error(file(header: #"{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, dataBytes: 4)),
                       "model.safetensors: tensor \"w\": shape [-1] is not a list of non-negative integers")
        XCTAssertEqual(error(file(header: #"{"w":{"dtype":"F32","shape":[1]}}"#, dataBytes: 4)),
                       "model.safetensors: tensor \"w\": no \"data_offsets\"")
        XCTAssertEqual(error(file(header: #"{"__metadata__":{"a":1}}"#, dataBytes: 0)),
                       "model.safetensors: __metadata__ \"a\" is not a string")
    }

    func testOffsetsAndSizes() {
        XCTAssertEqual(error(file(header: #"{"blocks.0.attn.qkv.weight":{"dtype":"F32","shape":[1024],"data_offsets":[0,4096]}}"#, dataBytes: 2048)),
                       "model.safetensors: tensor \"blocks.0.attn.qkv.weight\": data_offsets [0, 4096] exceed the 2048 data bytes")
        XCTAssertEqual(error(file(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataBytes: 8)),
                       "model.safetensors: tensor \"w\": shape [3] of F32 needs 12 bytes but data_offsets [0, 8] hold 8")
        XCTAssertEqual(error(file(header: #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}"#, dataBytes: 6)),
                       "model.safetensors: tensor \"b\": data_offsets [2, 6] overlaps the previous tensor, which ends at 4")
        XCTAssertEqual(error(file(header: #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}"#, dataBytes: 6)),
                       "model.safetensors: tensor \"a\": data_offsets [2, 6] leaves a gap after the previous tensor, which ends at 0")
        XCTAssertEqual(error(file(header: #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}}"#, dataBytes: 8)),
                       "model.safetensors: tensors cover 4 data bytes but the file holds 8 after the header")
        XCTAssertEqual(error(file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, dataBytes: 2)),
                       "model.safetensors: tensor \"a\" appears twice in the header")
    }

    func testAccessorErrors() throws {
        let file = try SafetensorsFile(bytes: Self.numpyFile, name: "numpy.safetensors")
        XCTAssertThrowsError(try file.floats("missing")) {
            XCTAssertEqual(($0 as? TensorFileError)?.description, "numpy.safetensors: no tensor \"missing\"")
        }
        XCTAssertThrowsError(try file.floats("i8")) {
            XCTAssertEqual(($0 as? TensorFileError)?.description, "numpy.safetensors: tensor \"i8\" is I8, expected F32, F16 or BF16")
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try SafetensorsFile(path: "/nonexistent/model.safetensors")) {
            XCTAssertTrue(($0 as? TensorFileError)?.description.hasPrefix("/nonexistent/model.safetensors: cannot read") ?? false)
        }
    }
}
