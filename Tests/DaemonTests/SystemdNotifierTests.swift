import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import Daemon

/// The notifier against a real datagram socket, as systemd listens.
final class SystemdNotifierTests: XCTestCase {
    /// A bound datagram socket at `name` (a path, or "@abstract"), with a receive timeout.
    private func listen(_ name: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(name.utf8)
        if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (bytes[0] == 0 ? 0 : 1))
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        XCTAssertEqual(bound, 0, "bind \(name): errno \(errno)")
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    private func receive(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }

    func testSendsDatagramsToAPathSocket() {
        let folder = DaemonFixtures.temporaryFolder()
        let path = folder + "/notify"
        let fd = listen(path)
        defer { close(fd) }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000"])
        XCTAssertTrue(notifier.notify("READY=1"))
        XCTAssertEqual(receive(fd), "READY=1")
        XCTAssertTrue(notifier.notify("WATCHDOG=1"))
        XCTAssertEqual(receive(fd), "WATCHDOG=1")
        XCTAssertEqual(notifier.watchdogInterval, .seconds(2))
    }

    func testSendsToAnAbstractSocket() {
        let name = "@embody-notify-test-\(getpid())"
        let fd = listen(name)
        defer { close(fd) }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": name])
        XCTAssertTrue(notifier.notify("STOPPING=1"))
        XCTAssertEqual(receive(fd), "STOPPING=1")
        XCTAssertNil(notifier.watchdogInterval)
    }

    func testWithoutNotifySocketDoesNothing() {
        let notifier = SystemdNotifier(environment: [:])
        XCTAssertFalse(notifier.notify("READY=1"))
        XCTAssertNil(notifier.watchdogInterval)
    }

    func testWatchdogForAnotherProcessIsIgnored() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"])
        XCTAssertNil(notifier.watchdogInterval)
    }
}
