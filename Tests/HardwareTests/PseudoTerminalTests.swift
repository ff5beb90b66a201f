import Foundation
import XCTest

@testable import Hardware

final class PseudoTerminalTests: XCTestCase {
    func testLinkReplacesAStaleLinkButNeverAFile() throws {
        let path = NSTemporaryDirectory() + "embody-pty-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/pts/9999")  // left by a killed emulator
        let terminal = try PseudoTerminal()
        try terminal.link(at: path)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path), terminal.slavePath)
        terminal.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))

        _ = FileManager.default.createFile(atPath: path, contents: Data("keep".utf8))
        defer { unlink(path) }
        let other = try PseudoTerminal()
        XCTAssertThrowsError(try other.link(at: path)) { XCTAssertTrue("\($0)".contains("exists and is not a symlink"), "\($0)") }
        XCTAssertEqual(FileManager.default.contents(atPath: path), Data("keep".utf8))
    }

    func testSlaveIsRawBeforeAnyClientConfiguresIt() throws {
        let terminal = try PseudoTerminal()
        let fd = open(terminal.slavePath, O_RDWR | O_NOCTTY)
        defer { close(fd) }
        var settings = termios()
        XCTAssertEqual(tcgetattr(fd, &settings), 0)
        XCTAssertEqual(settings.c_lflag & tcflag_t(ECHO), 0, "no echo")
        XCTAssertEqual(settings.c_lflag & tcflag_t(ICANON), 0, "no line editing")
        XCTAssertEqual(settings.c_oflag & tcflag_t(OPOST), 0, "no output processing")
    }
}
