import Physics

/// The half-duplex wire between the host and the emulated chain: one byte at a time, each taking
/// 10 bits / baud (start bit, 8 data bits, stop bit), so a packet's bytes occupy the wire after
/// the previous packet's. A pseudo-terminal moves bytes instantly; this keeps the clock the real
/// wire would impose, and applies the injected byte faults.
struct EmulatedWire {
    let baud: Int
    /// Wire time of one byte, ns (fractional: 10 µs at 1 Mbit/s, 86.8 µs at 115 200).
    let byteTime: Double
    /// When the wire is next free, monotonic ns.
    var freeAt: UInt64 = 0
    var dropProbability: Double
    var corruptProbability: Double
    var random: SeededGenerator
    /// Bytes lost and bytes with a flipped bit.
    private(set) var droppedBytes = 0
    private(set) var corruptedBytes = 0

    init(baud: Int, faults: FaultSpec, seed: UInt64) {
        self.baud = baud
        byteTime = 10e9 / Double(baud)
        dropProbability = faults.dropProbability
        corruptProbability = faults.corruptProbability
        random = SeededGenerator(seed: seed ^ 0x5EED_F00D)
    }

    /// Wire time of `count` bytes, ns.
    func duration(_ count: Int) -> UInt64 { UInt64((Double(count) * byteTime).rounded()) }

    /// Books `count` bytes the host wrote, seen at `now`: they follow whatever is on the wire.
    mutating func receive(_ count: Int, at now: UInt64) {
        freeAt = max(freeAt, now) + duration(count)
    }

    /// Books a reply of `count` bytes that may start no earlier than `earliest`; returns when
    /// its last byte has crossed the wire.
    mutating func reply(_ count: Int, earliest: UInt64) -> UInt64 {
        freeAt = max(freeAt, earliest) + duration(count)
        return freeAt
    }

    /// Applies the byte faults to `bytes[0..<count]` in place; returns how many bytes remain.
    mutating func damage(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        guard dropProbability > 0 || corruptProbability > 0 else { return count }
        var kept = 0
        for k in 0..<count {
            if dropProbability > 0 && Double.random(in: 0..<1, using: &random) < dropProbability {
                droppedBytes += 1
                continue
            }
            var byte = bytes[k]
            if corruptProbability > 0 && Double.random(in: 0..<1, using: &random) < corruptProbability {
                byte ^= 1 << UInt8.random(in: 0..<8, using: &random)
                corruptedBytes += 1
            }
            bytes[kept] = byte
            kept += 1
        }
        return kept
    }
}
