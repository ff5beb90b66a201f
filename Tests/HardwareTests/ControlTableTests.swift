import XCTest

@testable import Hardware

final class ControlTableTests: XCTestCase {
    func testRegisterEncodings() {
        let homingSTS = ControlTable.sts3215.homingOffset
        XCTAssertEqual(homingSTS.encode(-1470), 0x0800 | 1470)
        XCTAssertEqual(homingSTS.decode(0x0800 | 1470), -1470)
        XCTAssertNil(homingSTS.encode(2048), "±2047 is all an STS3215 stores")
        XCTAssertEqual(homingSTS.largestMagnitude, 2047)

        let homingXM = ControlTable.xm430W350.homingOffset
        XCTAssertEqual(homingXM.encode(-2), 0xFFFF_FFFE)
        XCTAssertEqual(homingXM.decode(0xFFFF_FFFE), -2)

        let load = ControlTable.sts3215.presentLoad!
        XCTAssertEqual(load.decode(0x0400 | 250), -250)
        let unsignedByte = ControlTable.sts3215.torqueEnable
        XCTAssertNil(unsignedByte.encode(256))
        XCTAssertNil(unsignedByte.encode(-1))
        XCTAssertEqual(ControlTable.xm430W350.goalCurrent?.encode(-32768), 0x8000)
        XCTAssertNil(ControlTable.xm430W350.goalCurrent?.encode(32768))
    }

    func testLookupByModelName() {
        XCTAssertEqual(ControlTable.named("STS3215")?.modelNumber, 777)
        XCTAssertEqual(ControlTable.named("xm430-w350")?.modelNumber, 1020)
        XCTAssertNil(ControlTable.named("AX-12A"))
    }

    func testTablesAreConsistent() {
        for table in [ControlTable.sts3215, ControlTable.xm430W350] {
            var used = [Bool](repeating: false, count: table.memorySize)
            for (register, value) in table.factoryDefaults {
                XCTAssertNotNil(register.encode(value), "\(table.model) @\(register.address) default \(value)")
                XCTAssertLessThanOrEqual(register.address + register.size, table.memorySize)
                for a in register.address..<(register.address + register.size) {
                    XCTAssertFalse(used[a], "\(table.model): two defaults overlap at \(a)")
                    used[a] = true
                }
            }
            XCTAssertEqual(table.baudRates.values.filter { $0 == 1_000_000 }.count, 1)
            XCTAssertEqual(table.resolution, 4096)
        }
    }
}
