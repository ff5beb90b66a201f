import CSerialPort
import Foundation
import XCTest

@testable import Hardware

/// The serial port on a real pseudo-terminal: the test plays the device on the master side.
final class SerialPortTests: XCTestCase {
    var terminal: PseudoTerminal!
    var link: String!

    override func setUpWithError() throws {
        terminal = try PseudoTerminal()
        link = NSTemporaryDirectory() + "embody-serial-\(UUID().uuidString.prefix(8))"
        try terminal.link(at: link)
    }

    override func tearDown() {
        terminal.close()
    }

    /// Reads from the master side until `count` bytes arrived or 1 s passed.
    func masterRead(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        let deadline = monotonicNanoseconds() + 1_000_000_000
        var chunk = [UInt8](repeating: 0, count: 512)
        while bytes.count < count && monotonicNanoseconds() < deadline {
            let n = read(terminal.master, &chunk, chunk.count)
            if n > 0 { bytes += chunk[0..<n] } else { usleep(200) }
        }
        return bytes
    }

    func testEveryByteValuePassesUntouchedBothWays() throws {
        let port = try SerialPort(path: link, baud: 1_000_000)
        let all = (0...255).map { UInt8($0) }  // includes CR, LF, XON/XOFF, ^C: raw mode must not touch them
        try port.write(all)
        XCTAssertEqual(masterRead(256), all)

        XCTAssertEqual(all.withUnsafeBytes { write(terminal.master, $0.baseAddress, 256) }, 256)
        var received = [UInt8](repeating: 0, count: 256)
        let n = try received.withUnsafeMutableBytes {
            try port.read(into: $0, atLeast: 256, deadline: monotonicNanoseconds() + 1_000_000_000)
        }
        XCTAssertEqual(n, 256)
        XCTAssertEqual(received, all)
    }

    func testReadReturnsWhatArrivedWhenTheDeadlinePasses() throws {
        let port = try SerialPort(path: link, baud: 1_000_000)
        _ = [UInt8](arrayLiteral: 1, 2, 3).withUnsafeBytes { write(terminal.master, $0.baseAddress, 3) }
        var buffer = [UInt8](repeating: 0, count: 16)
        let start = monotonicNanoseconds()
        let deadline = start + 20_000_000
        let n = try buffer.withUnsafeMutableBytes { try port.read(into: $0, atLeast: 5, deadline: deadline) }
        XCTAssertEqual(n, 3)
        XCTAssertEqual(Array(buffer[0..<3]), [1, 2, 3])
        XCTAssertGreaterThanOrEqual(monotonicNanoseconds(), deadline, "returned before the deadline with bytes missing")

        // Nothing pending: a zero deadline returns at once with nothing.
        XCTAssertEqual(try buffer.withUnsafeMutableBytes { try port.readAvailable(into: $0) }, 0)
    }

    func testDiscardInputDropsStaleBytes() throws {
        let port = try SerialPort(path: link, baud: 115_200)
        _ = [UInt8](arrayLiteral: 9, 9, 9).withUnsafeBytes { write(terminal.master, $0.baseAddress, 3) }
        usleep(2000)
        port.discardInput()
        var buffer = [UInt8](repeating: 0, count: 8)
        XCTAssertEqual(try buffer.withUnsafeMutableBytes { try port.readAvailable(into: $0) }, 0)
    }

    func testStandardAndCustomBitRates() throws {
        let port = try SerialPort(path: link, baud: 57_600)
        for rate in [9_600, 1_000_000, 128_000, 250_000, 3_000_000] {  // 128 k and 250 k need termios2
            try port.setBaud(rate)
            XCTAssertEqual(port.baud, rate)
        }
        XCTAssertEqual(port.wireTime(bytes: 25), 83_333)  // 25 bytes × 10 bits at 3 Mbit/s
        XCTAssertEqual(SerialPort.wireTime(bytes: 100, baud: 1_000_000), 1_000_000)
        XCTAssertThrowsError(try port.setBaud(0)) { XCTAssertEqual(($0 as? SerialPortError)?.kind, .unsupportedBaud) }
    }

    func testMissingPortIsNamed() {
        let path = link + "-missing"
        XCTAssertThrowsError(try SerialPort(path: path, baud: 1_000_000)) { error in
            let e = error as! SerialPortError
            XCTAssertEqual(e.kind, .notFound)
            XCTAssertTrue(e.description.hasPrefix("\(path): no such serial port"), e.description)
        }
    }

    func testSecondOpenIsBusy() throws {
        let first = try SerialPort(path: link, baud: 1_000_000)
        XCTAssertThrowsError(try SerialPort(path: link, baud: 1_000_000)) { error in
            let e = error as! SerialPortError
            XCTAssertEqual(e.kind, .busy)
            XCTAssertTrue(e.description.contains(link) && e.description.contains("busy"), e.description)
        }
        first.close()
        XCTAssertNoThrow(try SerialPort(path: link, baud: 1_000_000), "closing releases the lock")
    }

    func testPermissionDeniedIsNamed() throws {
        // The slave device is made unreadable; as root (who bypasses file modes) this thread's
        // file-system uid is dropped to "nobody" for the attempt, which the kernel checks instead.
        chmod(terminal.slavePath, 0)
        defer { chmod(terminal.slavePath, 0o620) }
        let setfsuid = unsafeBitCast(dlsym(dlopen(nil, RTLD_NOW), "setfsuid"), to: (@convention(c) (UInt32) -> Int32).self)
        let root = getuid() == 0
        if root { _ = setfsuid(65534) }
        var caught: Error?
        do { _ = try SerialPort(path: link, baud: 1_000_000) } catch { caught = error }
        if root { _ = setfsuid(0) }
        let e = try XCTUnwrap(caught as? SerialPortError)
        XCTAssertEqual(e.kind, .permissionDenied)
        XCTAssertTrue(e.description.hasPrefix("\(link!): permission denied"), e.description)
    }

    func testRegularFileIsNotASerialPort() throws {
        let file = link + ".txt"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        defer { unlink(file) }
        XCTAssertThrowsError(try SerialPort(path: file, baud: 1_000_000)) {
            XCTAssertEqual(($0 as? SerialPortError)?.kind, .notATerminal)
        }
    }

    func testVanishedPortIsReportedAsDisconnected() throws {
        let port = try SerialPort(path: link, baud: 1_000_000)
        terminal.close()
        var buffer = [UInt8](repeating: 0, count: 8)
        XCTAssertThrowsError(try buffer.withUnsafeMutableBytes {
            try port.read(into: $0, atLeast: 1, deadline: monotonicNanoseconds() + 100_000_000)
        }) { error in
            let e = error as! SerialPortError
            XCTAssertEqual(e.kind, .disconnected)
            XCTAssertTrue(e.description.contains(self.link), e.description)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: link), "closing the terminal removes its link")
    }

    /// Why `SerialPort` drives termios itself: the distribution's libserialport refuses
    /// pseudo-terminals. If this starts failing, libserialport learned ptys and could take over.
    func testLibserialportRefusesPseudoTerminals() {
        var port: OpaquePointer?
        let found = sp_get_port_by_name(terminal.slavePath, &port)
        if found == SP_OK {
            XCTAssertNotEqual(sp_open(port, SP_MODE_READ_WRITE), SP_OK)
            sp_close(port)
            sp_free_port(port)
        } else {
            XCTAssertNotEqual(found, SP_OK)
        }
    }
}
