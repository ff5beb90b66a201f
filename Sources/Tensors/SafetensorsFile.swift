import Foundation

/// One tensor's entry in a safetensors header.
public struct TensorInfo: Sendable, Equatable {
    public var name: String
    public var dtype: TensorDType
    public var shape: [Int]
    /// Byte range within the data section (after the 8-byte length and the header).
    public var dataOffsets: Range<Int>

    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file read whole and checked the way the reference implementation checks it (header
/// length within the file, known dtypes, byte counts matching shapes, tensors packed back to back
/// with no gap, overlap or trailing bytes, no duplicate names), so a later accessor cannot read out
/// of bounds. Every failure is one `TensorFileError` line naming the file and the tensor.
public struct SafetensorsFile: Sendable {
    /// The name errors use (the path it was read from).
    public let name: String
    /// The header's `__metadata__` string pairs (empty when absent).
    public let metadata: [String: String]
    /// Entries in data order.
    public let tensors: [TensorInfo]
    private let index: [String: Int]
    private let bytes: [UInt8]
    private let dataStart: Int

    /// The largest header accepted, as in the reference implementation (guards a corrupt length).
    public static let maximumHeaderBytes = 100_000_000

    public init(path: String) throws(TensorFileError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw TensorFileError("\(path): cannot read (\(error.localizedDescription))")
        }
        try self.init(bytes: [UInt8](data), name: path)
    }

    public init(bytes: [UInt8], name: String) throws(TensorFileError) {
        func fail(_ reason: String) -> TensorFileError { TensorFileError("\(name): \(reason)") }
        guard bytes.count >= 8 else { throw fail("\(bytes.count) bytes is too short for the 8-byte header length") }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard length <= UInt64(Self.maximumHeaderBytes) else {
            throw fail("header length \(length) exceeds the \(Self.maximumHeaderBytes)-byte limit (corrupt file?)")
        }
        guard Int(length) <= bytes.count - 8 else {
            throw fail("header length \(length) exceeds the \(bytes.count - 8) bytes after the length (truncated file?)")
        }
        let headerEnd = 8 + Int(length)
        let json: HeaderJSON
        switch HeaderJSON.parse(bytes[8..<headerEnd]) {
        case .success(let value): json = value
        case .failure(let failure): throw fail("header is not valid JSON: \(failure.reason)")
        }
        guard case .object(let members) = json else { throw fail("header is not a JSON object") }

        let dataBytes = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var tensors: [TensorInfo] = []
        var index: [String: Int] = [:]
        var sawMetadata = false
        for (key, value) in members {
            if key == "__metadata__" {
                guard !sawMetadata else { throw fail("__metadata__ appears twice") }
                sawMetadata = true
                guard case .object(let pairs) = value else { throw fail("__metadata__ is not an object of strings") }
                for (k, v) in pairs {
                    guard case .string(let text) = v else { throw fail("__metadata__ \"\(k)\" is not a string") }
                    guard metadata[k] == nil else { throw fail("__metadata__ key \"\(k)\" appears twice") }
                    metadata[k] = text
                }
                continue
            }
            guard index[key] == nil else { throw fail("tensor \"\(key)\" appears twice in the header") }
            let info = try Self.entry(key, value, dataBytes: dataBytes, fail: fail)
            index[key] = tensors.count
            tensors.append(info)
        }

        // Packed back to back from 0 to the end of the file, as the format requires.
        let ordered = tensors.sorted { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound) }
        var end = 0
        for info in ordered {
            guard info.dataOffsets.lowerBound == end else {
                let what = info.dataOffsets.lowerBound < end ? "overlaps the previous tensor" : "leaves a gap after the previous tensor"
                throw fail("tensor \"\(info.name)\": data_offsets [\(info.dataOffsets.lowerBound), \(info.dataOffsets.upperBound)] \(what), which ends at \(end)")
            }
            end = info.dataOffsets.upperBound
        }
        guard end == dataBytes else {
            throw fail("tensors cover \(end) data bytes but the file holds \(dataBytes) after the header")
        }
        self.name = name
        self.metadata = metadata
        self.tensors = ordered
        self.index = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.name, $0) })
        self.bytes = bytes
        self.dataStart = headerEnd
    }

    private static func entry(
        _ key: String, _ value: HeaderJSON, dataBytes: Int, fail: (String) -> TensorFileError
    ) throws(TensorFileError) -> TensorInfo {
        func bad(_ reason: String) -> TensorFileError { fail("tensor \"\(key)\": \(reason)") }
        guard case .object(let fields) = value else { throw bad("entry is not an object") }
        var dtypeText: String?, shapeJSON: [HeaderJSON]?, offsetsJSON: [HeaderJSON]?
        for (field, v) in fields {
            switch (field, v) {
            case ("dtype", .string(let s)): dtypeText = s
            case ("shape", .array(let a)): shapeJSON = a
            case ("data_offsets", .array(let a)): offsetsJSON = a
            case ("dtype", _), ("shape", _), ("data_offsets", _): throw bad("\"\(field)\" has the wrong JSON type")
            default: break
            }
        }
        guard let dtypeText else { throw bad("no \"dtype\"") }
        guard let dtype = TensorDType(rawValue: dtypeText) else {
            throw bad("dtype \"\(dtypeText)\" is not one of \(TensorDType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let shapeJSON else { throw bad("no \"shape\"") }
        guard let offsetsJSON else { throw bad("no \"data_offsets\"") }
        var shape: [Int] = []
        for dim in shapeJSON {
            guard case .number(let text) = dim, let n = Int(text), n >= 0 else { throw bad("shape \(Self.render(shapeJSON)) is not a list of non-negative integers") }
            shape.append(n)
        }
        guard offsetsJSON.count == 2, case .number(let b) = offsetsJSON[0], case .number(let e) = offsetsJSON[1],
              let begin = Int(b), let end = Int(e), begin >= 0, end >= begin
        else { throw bad("data_offsets \(Self.render(offsetsJSON)) is not [begin, end] with 0 <= begin <= end") }
        guard end <= dataBytes else { throw bad("data_offsets [\(begin), \(end)] exceed the \(dataBytes) data bytes") }
        var count = 1
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw bad("shape \(shape) is too large") }
            count = product
        }
        guard count * dtype.size == end - begin else {
            throw bad("shape \(shape) of \(dtype.rawValue) needs \(count * dtype.size) bytes but data_offsets [\(begin), \(end)] hold \(end - begin)")
        }
        return TensorInfo(name: key, dtype: dtype, shape: shape, dataOffsets: begin..<end)
    }

    private static func render(_ items: [HeaderJSON]) -> String {
        "[" + items.map { item in
            switch item {
            case .number(let s): s
            case .string(let s): "\"\(s)\""
            default: "…"
            }
        }.joined(separator: ", ") + "]"
    }

    // MARK: Access

    /// The entry for `tensor`, or an error naming it.
    public func info(_ tensor: String) throws(TensorFileError) -> TensorInfo {
        guard let k = index[tensor] else { throw TensorFileError("\(name): no tensor \"\(tensor)\"") }
        return tensors[k]
    }

    public func contains(_ tensor: String) -> Bool { index[tensor] != nil }

    /// The raw little-endian bytes of a tensor, whatever its dtype.
    public func rawBytes(_ tensor: String) throws(TensorFileError) -> ArraySlice<UInt8> {
        let info = try info(tensor)
        return bytes[(dataStart + info.dataOffsets.lowerBound)..<(dataStart + info.dataOffsets.upperBound)]
    }

    /// A floating-point tensor as Float, converting F16 and BF16 exactly (both widen losslessly).
    public func floats(_ tensor: String) throws(TensorFileError) -> [Float] {
        let info = try info(tensor)
        let raw = try rawBytes(tensor)
        switch info.dtype {
        case .f32: return Self.words(raw, UInt32.self).map { Float(bitPattern: $0) }
        case .bf16: return Self.words(raw, UInt16.self).map { Float(bitPattern: UInt32($0) << 16) }
        case .f16: return Self.words(raw, UInt16.self).map(Self.halfToFloat)
        default: throw wrongType(info, "F32, F16 or BF16")
        }
    }

    public func int8s(_ tensor: String) throws(TensorFileError) -> [Int8] {
        let info = try info(tensor)
        guard info.dtype == .i8 else { throw wrongType(info, "I8") }
        return try rawBytes(tensor).map { Int8(bitPattern: $0) }
    }

    public func uint8s(_ tensor: String) throws(TensorFileError) -> [UInt8] {
        let info = try info(tensor)
        guard info.dtype == .u8 else { throw wrongType(info, "U8") }
        return Array(try rawBytes(tensor))
    }

    public func int32s(_ tensor: String) throws(TensorFileError) -> [Int32] {
        let info = try info(tensor)
        guard info.dtype == .i32 else { throw wrongType(info, "I32") }
        return Self.words(try rawBytes(tensor), UInt32.self).map { Int32(bitPattern: $0) }
    }

    public func int64s(_ tensor: String) throws(TensorFileError) -> [Int64] {
        let info = try info(tensor)
        guard info.dtype == .i64 else { throw wrongType(info, "I64") }
        return Self.words(try rawBytes(tensor), UInt64.self).map { Int64(bitPattern: $0) }
    }

    private func wrongType(_ info: TensorInfo, _ expected: String) -> TensorFileError {
        TensorFileError("\(name): tensor \"\(info.name)\" is \(info.dtype.rawValue), expected \(expected)")
    }

    /// Little-endian words from unaligned bytes.
    private static func words<T: FixedWidthInteger & UnsignedInteger>(_ raw: ArraySlice<UInt8>, _: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: raw.count / size) { buffer, initialized in
            raw.withUnsafeBytes { source in
                for k in 0..<buffer.count {
                    buffer[k] = T(littleEndian: source.loadUnaligned(fromByteOffset: k * size, as: T.self))
                }
            }
            initialized = raw.count / size
        }
    }

    /// IEEE half → single, including subnormals, infinities and NaN.
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int(h >> 10) & 0x1F
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0:
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 31:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
