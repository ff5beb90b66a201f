import Events
import Foundation

/// Paths of the committed fixtures and small helpers shared by the tests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static func json(_ relative: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path(relative)))) as! [String: Any]
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("embody-events-\(getpid())-\(name)").path
    }
}

/// 64-bit FNV-1a over each event as int64 t, uint16 x, uint16 y, uint8 polarity, little-endian
/// (the digest tools/events/*.py compute from the peers' decodings).
func fnv1a(_ events: [PolarityEvent]) -> String {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ byte: UInt8) { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
    for e in events {
        withUnsafeBytes(of: e.timestamp.littleEndian) { $0.forEach(mix) }
        withUnsafeBytes(of: e.x.littleEndian) { $0.forEach(mix) }
        withUnsafeBytes(of: e.y.littleEndian) { $0.forEach(mix) }
        mix(e.polarity ? 1 : 0)
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
