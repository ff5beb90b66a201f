import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import Daemon

/// The notifier against a real datagram socket, as systemd listens.
final class SystemdNotifierTests: XCTestCase {
    func testSendsDatagramsToAPathSocket() throws {
        let folder = DaemonFixtures.temporaryFolder()
        let path = folder + "/notify"
        let listener = try NotifyListener(path, timeout: 2)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000"])
        XCTAssertTrue(notifier.notify("READY=1"))
        XCTAssertEqual(listener.receive(), "READY=1")
        XCTAssertTrue(notifier.notify("WATCHDOG=1"))
        XCTAssertEqual(listener.receive(), "WATCHDOG=1")
        XCTAssertEqual(notifier.watchdogInterval, .seconds(2))
    }

    func testSendsToAnAbstractSocket() throws {
        let name = "@embody-notify-test-\(getpid())"
        let listener = try NotifyListener(name, timeout: 2)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": name])
        XCTAssertTrue(notifier.notify("STOPPING=1"))
        XCTAssertEqual(listener.receive(), "STOPPING=1")
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
