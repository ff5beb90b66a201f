import Foundation
import XCTest

@testable import Hardware

/// The encoders against packets built by the official SDKs (`tools/hardware/make_sdk_fixtures.py`
/// records them from ROBOTIS's `dynamixel-sdk` and Feetech's `feetech-servo-sdk`), including
/// byte stuffing and several servos per sync and bulk packet; and the decoders read them back.
final class SDKPacketFixtureTests: XCTestCase {
    func testEncodersMatchTheSDKs() throws {
        let url = URL(fileURLWithPath: packageRoot + "/Tests/HardwareTests/Fixtures/sdk_packets.json")
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try XCTUnwrap(root["packets"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(cases.count, 25)
        var packet: [UInt8] = []
        var kinds = Set<String>()
        var unstuffedBySDK = 0
        for c in cases {
            let name = "\(c["protocol"]!) \(c["name"]!)"
            let args = c["args"] as! [String: Any]
            let expected = bytes(c["bytes"] as! String)
            func int(_ key: String) -> Int { (args[key] as! NSNumber).intValue }
            func list(_ key: String) -> [UInt8] { (args[key] as! [NSNumber]).map { UInt8($0.intValue) } }
            let instruction = c["instruction"] as! String
            kinds.insert("\(c["protocol"]!) \(instruction)")
            if c["protocol"] as! String == "dynamixel2" {
                switch instruction {
                case "ping": DynamixelEncoder.ping(id: UInt8(int("id")), into: &packet)
                case "read": DynamixelEncoder.read(id: UInt8(int("id")), address: UInt16(int("address")), length: UInt16(int("length")), into: &packet)
                case "write": DynamixelEncoder.write(id: UInt8(int("id")), address: UInt16(int("address")), data: list("data"), into: &packet)
                case "reboot": DynamixelEncoder.reboot(id: UInt8(int("id")), into: &packet)
                case "sync_read": DynamixelEncoder.syncRead(address: UInt16(int("address")), length: UInt16(int("length")), ids: list("ids"), into: &packet)
                case "sync_write":
                    DynamixelEncoder.syncWrite(address: UInt16(int("address")), length: UInt16(int("length")), ids: list("ids"), data: list("data"), into: &packet)
                case "bulk_read":
                    let reads = (args["reads"] as! [[NSNumber]]).map {
                        DynamixelEncoder.BulkRead(id: UInt8($0[0].intValue), address: UInt16($0[1].intValue), length: UInt16($0[2].intValue))
                    }
                    DynamixelEncoder.bulkRead(reads, into: &packet)
                case "bulk_write":
                    let writes = (args["writes"] as! [[Any]]).map {
                        DynamixelEncoder.BulkWrite(id: UInt8(($0[0] as! NSNumber).intValue), address: UInt16(($0[1] as! NSNumber).intValue),
                                                   data: ($0[2] as! [NSNumber]).map { UInt8($0.intValue) })
                    }
                    DynamixelEncoder.bulkWrite(writes, into: &packet)
                default: XCTFail("unknown instruction \(instruction)")
                }
                XCTAssertEqual(packet, expected, name)
                let decoded = try DynamixelPacket.decode(expected, direction: .instruction)
                // The SDK sends some packets unstuffed (see the generator): they still decode, to the same
                // fields, unless the data holds FF FF FD FD, which no receiver can tell from a stuffed FF FF FD.
                let wireBytes = bytes(c["wire"] as! String)
                let wire = try DynamixelPacket.decode(wireBytes, direction: .instruction)
                let ambiguous = wireBytes.indices.dropLast(3).contains { wireBytes[$0..<($0 + 4)] == [0xFF, 0xFF, 0xFD, 0xFD] }
                if !ambiguous { XCTAssertEqual(wire, decoded, name) }
                if c["wire"] as! String != c["bytes"] as! String { unstuffedBySDK += 1 }
            } else {
                switch instruction {
                case "ping": FeetechEncoder.ping(id: UInt8(int("id")), into: &packet)
                case "read": FeetechEncoder.read(id: UInt8(int("id")), address: UInt8(int("address")), length: UInt8(int("length")), into: &packet)
                case "write": FeetechEncoder.write(id: UInt8(int("id")), address: UInt8(int("address")), data: list("data"), into: &packet)
                case "sync_read": FeetechEncoder.syncRead(address: UInt8(int("address")), length: UInt8(int("length")), ids: list("ids"), into: &packet)
                case "sync_write":
                    FeetechEncoder.syncWrite(address: UInt8(int("address")), length: UInt8(int("length")), ids: list("ids"), data: list("data"), into: &packet)
                default: XCTFail("unknown instruction \(instruction)")
                }
                XCTAssertEqual(packet, expected, name)
                XCTAssertNoThrow(try FeetechPacket.decode(expected, direction: .instruction), name)
            }
        }
        XCTAssertGreaterThan(unstuffedBySDK, 0, "the fixture covers stuffing")
        XCTAssertTrue(kinds.isSuperset(of: ["dynamixel2 sync_write", "dynamixel2 bulk_read", "dynamixel2 bulk_write", "feetech sync_write"]))
    }
}
