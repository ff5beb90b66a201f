/// Builds JSON text straight into a byte buffer: the recorder encodes a joint state every
/// millisecond, and this skips `Codable`'s boxing and intermediate strings.
///
/// Numbers use Swift's shortest round-trip form; NaN and ±infinity, which JSON cannot hold, are
/// written as `null` (the schemas allow it). Keys are trusted ASCII literals; string values are escaped.
struct JSONBytes {
    var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// `"key":` (the next value follows without a comma).
    mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func value(_ number: Int64) {
        separator()
        appendDigits(number)
        needsComma = true
    }

    mutating func value(_ number: Int) { value(Int64(number)) }

    mutating func value(_ number: Double) {
        separator()
        if number.isFinite {
            if number == number.rounded(.towardZero), abs(number) < 1e15 {
                appendDigits(Int64(number))  // "2" rather than "2.0": same value, shorter
            } else {
                var text = number.description
                text.withUTF8 { bytes.append(contentsOf: $0) }
            }
        } else {
            appendNull()
        }
        needsComma = true
    }

    mutating func null() {
        separator()
        appendNull()
        needsComma = true
    }

    private mutating func appendNull() {
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    mutating func value(_ text: String) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        for unit in text.utf8 {
            switch unit {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(unit >> 4)], hex[Int(unit & 15)]])
            default: bytes.append(unit)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Bytes as a base64 string (Foxglove's JSON encoding of `bytes` fields).
    mutating func base64(_ data: [UInt8]) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        appendBase64(data, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Already-encoded JSON (e.g. a names array encoded once).
    mutating func raw(_ json: [UInt8]) {
        separator()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendDigits(_ number: Int64) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }
}

private let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

/// Standard base64 with padding (RFC 4648).
func appendBase64(_ data: [UInt8], to out: inout [UInt8]) {
    out.reserveCapacity(out.count + (data.count + 2) / 3 * 4)
    var i = 0
    while i + 3 <= data.count {
        let n = UInt32(data[i]) << 16 | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2])
        out.append(base64Alphabet[Int(n >> 18)])
        out.append(base64Alphabet[Int((n >> 12) & 63)])
        out.append(base64Alphabet[Int((n >> 6) & 63)])
        out.append(base64Alphabet[Int(n & 63)])
        i += 3
    }
    let rest = data.count - i
    if rest > 0 {
        let n = UInt32(data[i]) << 16 | (rest == 2 ? UInt32(data[i + 1]) << 8 : 0)
        out.append(base64Alphabet[Int(n >> 18)])
        out.append(base64Alphabet[Int((n >> 12) & 63)])
        out.append(rest == 2 ? base64Alphabet[Int((n >> 6) & 63)] : UInt8(ascii: "="))
        out.append(UInt8(ascii: "="))
    }
}
