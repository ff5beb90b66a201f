import Foundation

/// Builds a safetensors file (Hugging Face's format: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw little-endian data), so
/// Python reads what Swift writes with `safetensors.numpy.load_file` and nothing else.
public struct SafetensorsWriter {
    private struct Entry {
        var name: String
        var dtype: TensorDType
        var shape: [Int]
        var bytes: [UInt8]
    }

    private var entries: [Entry] = []
    /// Free-form string pairs, stored under the header's `__metadata__` key.
    public var metadata: [String: String] = [:]

    public init() {}

    /// A tensor whose bytes are already in little-endian `dtype` layout.
    public mutating func add(_ name: String, dtype: TensorDType, shape: [Int], bytes: [UInt8]) throws(TensorFileError) {
        guard !name.isEmpty, name != "__metadata__" else { throw TensorFileError("tensor name \"\(name)\" is reserved or empty") }
        guard !entries.contains(where: { $0.name == name }) else { throw TensorFileError("tensor \"\(name)\" is added twice") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw TensorFileError("tensor \"\(name)\": negative dimension in \(shape)") }
        let count = shape.reduce(1, *)
        guard count * dtype.size == bytes.count else {
            throw TensorFileError("tensor \"\(name)\": shape \(shape) of \(dtype.rawValue) needs \(count * dtype.size) bytes, got \(bytes.count)")
        }
        entries.append(Entry(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    public mutating func add(_ name: String, shape: [Int], values: [Float]) throws(TensorFileError) {
        try add(name, dtype: .f32, shape: shape, bytes: Self.littleEndianBytes(values.map(\.bitPattern)))
    }

    public mutating func add(_ name: String, shape: [Int], values: [UInt8]) throws(TensorFileError) {
        try add(name, dtype: .u8, shape: shape, bytes: values)
    }

    public mutating func add(_ name: String, shape: [Int], values: [Int8]) throws(TensorFileError) {
        try add(name, dtype: .i8, shape: shape, bytes: values.map { UInt8(bitPattern: $0) })
    }

    public mutating func add(_ name: String, shape: [Int], values: [Int32]) throws(TensorFileError) {
        try add(name, dtype: .i32, shape: shape, bytes: Self.littleEndianBytes(values.map { UInt32(bitPattern: $0) }))
    }

    /// The whole file. Tensors are laid out in the order added; the header is padded with spaces
    /// to a multiple of 8 bytes so every tensor starts aligned.
    public func serialized() -> [UInt8] {
        var header = "{"
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))" }
            header += "\"__metadata__\":{\(pairs.joined(separator: ","))}"
        }
        var offset = 0
        for (k, entry) in entries.enumerated() {
            if k > 0 || !metadata.isEmpty { header += "," }
            let shape = entry.shape.map(String.init).joined(separator: ",")
            header += "\(Self.jsonString(entry.name)):{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + entry.bytes.count)]}"
            offset += entry.bytes.count
        }
        header += "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var file = Self.littleEndianBytes([UInt64(headerBytes.count)])
        file.reserveCapacity(8 + headerBytes.count + offset)
        file += headerBytes
        for entry in entries { file += entry.bytes }
        return file
    }

    /// Writes the file atomically (a temporary beside it, then a rename), so a reader never sees
    /// half a shard.
    public func write(to path: String) throws(TensorFileError) {
        do {
            try Data(serialized()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TensorFileError("\(path): \(error.localizedDescription)")
        }
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * MemoryLayout<T>.size)
        for value in values {
            var v = value.littleEndian
            withUnsafeBytes(of: &v) { bytes += $0 }
        }
        return bytes
    }

    /// A JSON string literal (quotes, backslashes and control characters escaped).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
