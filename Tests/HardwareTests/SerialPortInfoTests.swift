import Foundation
import XCTest

@testable import Hardware

final class SerialPortInfoTests: XCTestCase {
    private let feetechAdapter = SerialPortInfo(
        path: "/dev/ttyACM0", description: "USB Single Serial", transport: .usb, usbVendorID: 0x1A86,
        usbProductID: 0x55D3, serialNumber: "58FA083324", manufacturer: "QinHeng Electronics", product: "USB Single Serial")

    func testSummaryLineOfAUSBAdapter() {
        XCTAssertEqual(feetechAdapter.summaryLine, "/dev/ttyACM0  USB  1a86:55d3  serial=58FA083324  \"USB Single Serial\"")
    }

    func testIDsArePaddedToFourHexDigits() {
        let port = SerialPortInfo(path: "/dev/ttyUSB0", transport: .usb, usbVendorID: 0x0403, usbProductID: 0x6014)
        XCTAssertEqual(port.usbID, "0403:6014")
        XCTAssertEqual(port.summaryLine, "/dev/ttyUSB0  USB  0403:6014")
    }

    func testNativePortLeavesOutAbsentFields() {
        let port = SerialPortInfo(path: "/dev/ttyS0", description: "", transport: .native)
        XCTAssertNil(port.usbID)
        XCTAssertEqual(port.summaryLine, "/dev/ttyS0  native")
    }

    func testJSONCarriesHexIDsAndRoundTrips() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(feetechAdapter)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["usbVendorID"] as? String, "1a86")
        XCTAssertEqual(object["usbProductID"] as? String, "55d3")
        XCTAssertEqual(object["transport"] as? String, "usb")
        XCTAssertEqual(object["serialNumber"] as? String, "58FA083324")
        XCTAssertEqual(try JSONDecoder().decode(SerialPortInfo.self, from: data), feetechAdapter)
        let native = try encoder.encode(SerialPortInfo(path: "/dev/ttyS0", transport: .native))
        XCTAssertEqual(String(decoding: native, as: UTF8.self), #"{"path":"\/dev\/ttyS0","transport":"native"}"#)
    }
}
