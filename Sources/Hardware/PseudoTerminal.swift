#if canImport(Glibc)
import Glibc

/// A pseudo-terminal pair made with the C library's `posix_openpt`, `grantpt`, `unlockpt` and
/// `ptsname_r`: the emulator answers on the master side while a client opens the slave side as
/// if it were a USB serial adapter, through the same `SerialPort` (or pyserial) it uses on
/// hardware. The slave may be published under a stable path with `link(at:)`.
public final class PseudoTerminal {
    /// The master descriptor (non-blocking): what the emulator reads and writes.
    public private(set) var master: Int32
    /// The slave device, e.g. `/dev/pts/3`.
    public let slavePath: String
    /// The symlink made by `link(at:)`, removed by `close()`.
    public private(set) var linkPath: String?
    /// Held open so that the master never reads EIO between two clients, and so that the
    /// slave's raw line settings persist while no client has it open.
    private var slave: Int32

    public init() throws(SerialPortError) {
        let fd = SystemCalls.posixOpenPT(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SerialPortError(kind: .system, operation: "opening a pseudo-terminal", message: SystemCalls.message(errno))
        }
        var name = [CChar](repeating: 0, count: 128)
        guard SystemCalls.grantPT(fd) == 0, SystemCalls.unlockPT(fd) == 0,
              SystemCalls.ptsNameR(fd, &name, name.count) == 0
        else {
            let code = errno
            Glibc.close(fd)
            throw SerialPortError(kind: .system, operation: "preparing a pseudo-terminal", message: SystemCalls.message(code))
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slaveFD = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        guard slaveFD >= 0 else {
            let code = errno
            Glibc.close(fd)
            throw SerialPortError(kind: .system, path: path, operation: "opening the pseudo-terminal slave",
                                  message: SystemCalls.message(code))
        }
        // Raw from the start: a client that does not configure the line still gets bytes untouched.
        var settings = termios()
        tcgetattr(slaveFD, &settings)
        cfmakeraw(&settings)
        tcsetattr(slaveFD, TCSANOW, &settings)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        master = fd
        slave = slaveFD
        slavePath = path
    }

    deinit { close() }

    /// Publishes the slave at `path` as a symlink. A stale symlink there (from an emulator that
    /// was killed) is replaced; anything else (a real device, a file) is left alone and reported.
    public func link(at path: String) throws(SerialPortError) {
        var status = stat()
        if lstat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFLNK else {
                throw SerialPortError(kind: .system, path: path, operation: "linking the emulator",
                                      message: "exists and is not a symlink; refusing to replace it")
            }
            unlink(path)
        }
        guard symlink(slavePath, path) == 0 else {
            throw SerialPortError(kind: .system, path: path, operation: "linking the emulator", message: SystemCalls.message(errno))
        }
        linkPath = path
    }

    /// Removes the link and closes both sides: clients see the port vanish (their reads hang up).
    public func close() {
        if let linkPath { unlink(linkPath) }
        linkPath = nil
        if slave >= 0 { Glibc.close(slave); slave = -1 }
        if master >= 0 { Glibc.close(master); master = -1 }
    }

    /// True until `close()`.
    public var isOpen: Bool { master >= 0 }
}
#endif
