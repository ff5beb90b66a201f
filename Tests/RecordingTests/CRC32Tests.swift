import XCTest
@testable import Recording

final class CRC32Tests: XCTestCase {
    /// The standard check value of CRC-32/ISO-HDLC (zlib's crc32).
    func testCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([]), 0)
    }

    /// Slicing-by-8 agrees with the bit-at-a-time definition at every length and alignment.
    func testMatchesBitwiseDefinition() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 299] {
            for start in [0, 1, 3] where start + length <= data.count {
                let slice = Array(data[start..<(start + length)])
                XCTAssertEqual(CRC32.checksum(slice), bitwise(slice), "length \(length) start \(start)")
            }
        }
    }

    func testIncrementalEqualsWhole() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
        var crc = CRC32()
        crc.update(Array(data[0..<13]))
        crc.update(Array(data[13..<500]))
        crc.update(Array(data[500...]))
        XCTAssertEqual(crc.value, CRC32.checksum(data))
        var resumed = CRC32(resuming: CRC32.checksum(Array(data[0..<500])))
        resumed.update(Array(data[500...]))
        XCTAssertEqual(resumed.value, CRC32.checksum(data))
    }

    private func bitwise(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
