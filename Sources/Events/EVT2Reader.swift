/// Reads a Prophesee RAW file in EVT 2.0 (see `EVT2Writer`): the `%` header gives the sensor
/// size (`% format EVT2;height=…;width=…` or `% geometry W×H`); CD events and time-high words are
/// decoded, trigger and vendor words skipped, anything else is an error naming its byte.
public func readEVT2(path: String) throws(EventFileError) -> EventRecording {
    let bytes = try readWholeFile(path)
    var width = 0, height = 0
    var position = 0
    var isEVT2 = false
    // Header: lines starting with '%', up to "% end" or the first line that is not a comment.
    while position < bytes.count, bytes[position] == UInt8(ascii: "%") {
        var lineEnd = position
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        let line = String(decoding: bytes[position..<lineEnd], as: UTF8.self)
        position = min(lineEnd + 1, bytes.count)
        let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: true)
        guard let key = words.first else { continue }
        if key == "end" { break }
        if key == "evt", words.count > 1, words[1] == "2.0" { isEVT2 = true }
        if key == "format", words.count > 1 {
            let fields = words[1].split(separator: ";")
            if fields.first == "EVT2" { isEVT2 = true }
            for field in fields.dropFirst() {
                let pair = field.split(separator: "=")
                if pair.count == 2, pair[0] == "width" { width = Int(pair[1]) ?? 0 }
                if pair.count == 2, pair[0] == "height" { height = Int(pair[1]) ?? 0 }
            }
        }
        if key == "geometry", words.count > 1, width == 0 {
            let pair = words[1].split(separator: "x")
            if pair.count == 2 { width = Int(pair[0]) ?? 0; height = Int(pair[1]) ?? 0 }
        }
    }
    guard isEVT2 else { throw EventFileError(path: path, offset: 0, "expected a RAW header declaring '% evt 2.0' or '% format EVT2'") }
    guard width > 0, height > 0 else { throw EventFileError(path: path, offset: 0, "expected the sensor size in the header (format … width/height, or geometry)") }
    guard (bytes.count - position) % 4 == 0 else {
        throw EventFileError(path: path, offset: bytes.count - (bytes.count - position) % 4, "expected whole 32-bit words, found \((bytes.count - position) % 4) trailing bytes")
    }
    var events: [PolarityEvent] = []
    events.reserveCapacity((bytes.count - position) / 4)
    var timeHigh: Int64 = 0
    while position < bytes.count {
        let word = UInt32(bytes[position]) | UInt32(bytes[position + 1]) << 8 | UInt32(bytes[position + 2]) << 16 | UInt32(bytes[position + 3]) << 24
        switch word >> 28 {
        case 0x0, 0x1:
            let x = Int(word >> 11 & 0x7FF), y = Int(word & 0x7FF)
            guard x < width, y < height else {
                throw EventFileError(path: path, offset: position, "expected an event inside the \(width) x \(height) sensor, found (\(x), \(y))")
            }
            events.append(PolarityEvent(timestamp: timeHigh << 6 | Int64(word >> 22 & 63), x: UInt16(x), y: UInt16(y), polarity: word >> 28 == 1))
        case 0x8:
            timeHigh = Int64(word & 0x0FFF_FFFF)
        case 0xA, 0xE, 0xF:
            break
        default:
            throw EventFileError(path: path, offset: position, "expected an EVT 2.0 word type (0, 1, 8, A, E or F), found \(String(word >> 28, radix: 16, uppercase: true))")
        }
        position += 4
    }
    return EventRecording(width: width, height: height, events: events)
}
