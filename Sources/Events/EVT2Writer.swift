/// Writes polarity events as a Prophesee RAW file in EVT 2.0 (docs.prophesee.ai, "EVT 2.0
/// Format"), the format Metavision tools and `expelliarmus` read. After an ASCII header of `%`
/// lines, every word is 32-bit little-endian with its type in the top 4 bits:
///
/// - `EVT_TIME_HIGH` (0x8): bits 27…0 are bits 33…6 of the µs timestamp, written whenever they
///   change;
/// - `CD_OFF` (0x0) / `CD_ON` (0x1): bits 27…22 the timestamp's low 6 bits, 21…11 x, 10…0 y.
///
/// So the format holds sensors up to 2048 × 2048 and timestamps below 2³⁴ µs (4.7 hours).
public final class EVT2Writer {
    public let path: String
    public let width: Int
    public let height: Int
    public private(set) var eventCount = 0
    public var byteCount: Int { file.position }

    private let file: BinaryOutputFile
    private var words: [UInt8] = []
    private var timeHigh: Int64 = -1
    private var lastTimestamp: Int64 = 0

    public init(path: String, width: Int, height: Int) throws(EventFileError) {
        guard width > 0, height > 0, width <= 2048, height <= 2048 else {
            throw EventFileError(path: path, "sensor size \(width) x \(height) is outside EVT 2.0's 1...2048")
        }
        self.path = path
        self.width = width
        self.height = height
        file = try BinaryOutputFile(path: path)
        let header = """
            % evt 2.0
            % format EVT2;height=\(height);width=\(width)
            % geometry \(width)x\(height)
            % integrator_name embody
            % end

            """
        try file.write(Array(header.utf8))
    }

    /// Appends events; they must be in time order (also across calls), on the sensor, and
    /// between 0 and 2³⁴ µs.
    public func write(_ events: UnsafeBufferPointer<PolarityEvent>) throws(EventFileError) {
        words.removeAll(keepingCapacity: true)
        for e in events {
            guard e.timestamp >= lastTimestamp, e.timestamp < (1 << 34) else {
                throw EventFileError(path: path, "event time \(e.timestamp) µs is out of order or outside EVT 2.0's 0..<2^34 µs")
            }
            guard Int(e.x) < width, Int(e.y) < height else {
                throw EventFileError(path: path, "event at (\(e.x), \(e.y)) is outside the \(width) x \(height) sensor")
            }
            lastTimestamp = e.timestamp
            let high = e.timestamp >> 6
            if high != timeHigh {
                timeHigh = high
                words.appendLittleEndian(UInt32(0x8) << 28 | UInt32(truncatingIfNeeded: high) & 0x0FFF_FFFF)
            }
            let type: UInt32 = e.polarity ? 0x1 : 0x0
            words.appendLittleEndian(type << 28 | UInt32(e.timestamp & 63) << 22 | UInt32(e.x) << 11 | UInt32(e.y))
        }
        try file.write(words)
        eventCount += events.count
    }

    public func write(_ events: [PolarityEvent]) throws(EventFileError) {
        try events.withUnsafeBufferPointer { (buffer) throws(EventFileError) in try write(buffer) }
    }

    public func close() throws(EventFileError) { try file.close() }
}
