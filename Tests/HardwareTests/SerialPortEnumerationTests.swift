import Foundation
import XCTest

@testable import Hardware

final class SerialPortEnumerationTests: XCTestCase {
    func testEnumerationReturnsWellFormedEntries() throws {
        // Whatever hardware this machine has (often none in CI), every entry must be consistent.
        let ports = try listSerialPorts()
        XCTAssertEqual(ports.map(\.path), ports.map(\.path).sorted())
        XCTAssertEqual(Set(ports.map(\.path)).count, ports.count, "duplicate paths")
        for port in ports {
            XCTAssertTrue(port.path.hasPrefix("/dev/"), port.path)
            XCTAssertTrue(FileManager.default.fileExists(atPath: port.path), port.path)
            if port.transport != .usb {
                XCTAssertNil(port.usbID, port.summaryLine)
                XCTAssertNil(port.serialNumber, port.summaryLine)
            }
            XCTAssertTrue(port.summaryLine.hasPrefix(port.path))
        }
    }
}
