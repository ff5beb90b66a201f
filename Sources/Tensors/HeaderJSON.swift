/// The small JSON subset a safetensors header uses, parsed by hand so that duplicate keys (which
/// Foundation's parser silently merges) are seen and reported, and errors name the byte offset.
enum HeaderJSON: Equatable {
    case object([(key: String, value: HeaderJSON)])
    case array([HeaderJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (a: HeaderJSON, b: HeaderJSON) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)): x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
        case let (.array(x), .array(y)): x == y
        case let (.string(x), .string(y)), let (.number(x), .number(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    /// Parses one JSON value filling `bytes` (trailing spaces allowed, the header's padding);
    /// failures are a short reason with the byte offset, for the caller to prefix with the file.
    static func parse(_ bytes: ArraySlice<UInt8>) -> Result<HeaderJSON, ParseFailure> {
        var parser = Parser(bytes: bytes, index: bytes.startIndex)
        do throws(ParseFailure) {
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.index == bytes.endIndex else { throw parser.fail("unexpected bytes after the JSON object") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    struct ParseFailure: Error {
        var reason: String
    }

    private struct Parser {
        let bytes: ArraySlice<UInt8>
        var index: Int

        func fail(_ reason: String) -> ParseFailure {
            ParseFailure(reason: "\(reason) at header byte \(index - bytes.startIndex)")
        }

        mutating func skipSpace() {
            while index < bytes.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(ParseFailure) {
            skipSpace()
            guard index < bytes.endIndex, bytes[index] == byte else {
                throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
            }
            index += 1
        }

        mutating func value(depth: Int) throws(ParseFailure) -> HeaderJSON {
            guard depth < 32 else { throw fail("JSON nested too deeply") }
            skipSpace()
            guard index < bytes.endIndex else { throw fail("unexpected end of header") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [(key: String, value: HeaderJSON)] = []
                skipSpace()
                if index < bytes.endIndex, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard index < bytes.endIndex else { throw fail("unterminated object") }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                    try expect(UInt8(ascii: ","))
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [HeaderJSON] = []
                skipSpace()
                if index < bytes.endIndex, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard index < bytes.endIndex else { throw fail("unterminated array") }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                    try expect(UInt8(ascii: ","))
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default:
                let start = index
                while index < bytes.endIndex, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
                guard index > start else { throw fail("unexpected character") }
                return .number(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }

        mutating func literal(_ word: String) throws(ParseFailure) {
            for byte in word.utf8 {
                guard index < bytes.endIndex, bytes[index] == byte else { throw fail("expected \(word)") }
                index += 1
            }
        }

        mutating func string() throws(ParseFailure) -> String {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string") }
            index += 1
            var out: [UInt8] = []
            while index < bytes.endIndex {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw fail("string is not UTF-8") }
                    return text
                case UInt8(ascii: "\\"):
                    guard index < bytes.endIndex else { throw fail("unterminated string") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            try literal("\\u")
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let s = Unicode.Scalar(scalar) else { throw fail("bad \\u escape") }
                        out += Array(String(Character(s)).utf8)
                    default: throw fail("bad escape")
                    }
                default:
                    guard byte >= 0x20 else { throw fail("control character in string") }
                    out.append(byte)
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(ParseFailure) -> UInt32 {
            guard index + 4 <= bytes.endIndex,
                  let v = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw fail("bad \\u escape") }
            index += 4
            return v
        }
    }
}
