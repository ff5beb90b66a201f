#if canImport(Glibc)
import Glibc

/// An open serial port: raw 8N1 at a chosen bit rate, writes and deadline-bound reads on the
/// monotonic clock, and input/output flushing. One owner at a time (an exclusive `flock`, as
/// pyserial takes it), so two programs never interleave packets on one servo bus.
///
/// Why termios rather than libserialport's `sp_open`: Debian's libserialport 0.1.1 cannot open
/// pseudo-terminals (it looks every port up under `/sys/class/tty` and insists on the modem-line
/// ioctl `TIOCMGET`, which ptys lack; upstream pull request #4 is unmerged), and the servo-chain
/// emulator is a pseudo-terminal. Driving the descriptor directly keeps one code path for the
/// emulator and the real adapter, and gives nanosecond read deadlines (`ppoll`) where
/// libserialport's blocking calls count milliseconds. libserialport still enumerates ports and
/// reads their USB descriptors (`listSerialPorts`).
public final class SerialPort {
    /// The path the port was opened by (a symlink such as the emulator's link stays as given).
    public let path: String
    /// Bit rate in force.
    public private(set) var baud: Int
    private var descriptor: Int32

    /// Opens `path` as raw 8N1 at `baud`, with empty input and output queues.
    public init(path: String, baud: Int) throws(SerialPortError) {
        self.path = path
        self.baud = baud
        let fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Self.openError(path: path, code: errno) }
        descriptor = fd
        do throws(SerialPortError) {
            guard isatty(fd) == 1 else {
                throw SerialPortError(kind: .notATerminal, path: path, operation: "opening",
                                      message: "not a serial port (not a terminal device)")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                if code == EWOULDBLOCK {
                    throw SerialPortError(kind: .busy, path: path, operation: "opening",
                                          message: "busy: another process has the port open")
                }
                throw SerialPortError(kind: .system, path: path, operation: "locking", message: SystemCalls.message(code))
            }
            _ = ioctl(fd, UInt(TIOCEXCL))  // refuse further opens by programs that do not flock
            try configureRaw()
            try setBaud(baud)
            flush()
        } catch {
            Glibc.close(fd)
            descriptor = -1
            throw error
        }
    }

    deinit { close() }

    /// True until `close()`.
    public var isOpen: Bool { descriptor >= 0 }

    /// Releases the port (idempotent).
    public func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    /// Wire time of `bytes` bytes at the port's bit rate, ns: 10 bits per byte (start, 8 data, stop).
    @inline(__always)
    public func wireTime(bytes: Int) -> UInt64 { Self.wireTime(bytes: bytes, baud: baud) }

    /// Wire time of `bytes` bytes at `baud`, ns.
    @inline(__always)
    public static func wireTime(bytes: Int, baud: Int) -> UInt64 {
        UInt64(bytes) &* 10_000_000_000 / UInt64(max(baud, 1))
    }

    /// Changes the bit rate. Standard rates use `cfsetspeed`; others (Feetech's 128 000 and
    /// 250 000, say) the Linux `termios2` interface with `BOTHER`, which USB adapters honour.
    public func setBaud(_ rate: Int) throws(SerialPortError) {
        guard rate > 0 else {
            throw SerialPortError(kind: .unsupportedBaud, path: path, operation: "setting \(rate) bit/s",
                                  message: "the bit rate must be positive")
        }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { throw systemError("reading the line settings") }
        if let speed = Self.standardSpeeds[rate] {
            cfsetispeed(&settings, speed)
            cfsetospeed(&settings, speed)
            guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else {
                throw SerialPortError(kind: .unsupportedBaud, path: path, operation: "setting \(rate) bit/s",
                                      message: SystemCalls.message(errno))
            }
        } else {
            try setCustomBaud(rate)
        }
        baud = rate
    }

    /// Writes all of `bytes`, waiting for room in the output queue until `deadline` (monotonic ns).
    public func write(_ bytes: UnsafeRawBufferPointer, deadline: UInt64) throws(SerialPortError) {
        guard descriptor >= 0 else { throw closedError("writing") }
        guard let base = bytes.baseAddress else { return }
        var sent = 0
        while sent < bytes.count {
            let n = Glibc.write(descriptor, base + sent, bytes.count - sent)
            if n > 0 { sent += n; continue }
            let code = errno
            if n < 0 && (code == EAGAIN || code == EINTR) {
                if code == EAGAIN {
                    let events = SystemCalls.wait(descriptor, for: Int16(POLLOUT), until: deadline)
                    if events == 0 {
                        throw SerialPortError(kind: .system, path: path, operation: "writing",
                                              message: "timed out with \(bytes.count - sent) of \(bytes.count) bytes unsent")
                    }
                    if events & Int16(POLLOUT) == 0 { throw disconnectedError() }
                }
                continue
            }
            if code == EIO || code == ENXIO || code == ENODEV { throw disconnectedError() }
            throw systemError("writing")
        }
    }

    /// Writes all of `bytes`, allowing their wire time plus 100 ms for the queue to drain.
    public func write(_ bytes: [UInt8]) throws(SerialPortError) {
        let deadline = monotonicNanoseconds() + wireTime(bytes: bytes.count) + 100_000_000
        var failure: SerialPortError?
        bytes.withUnsafeBytes { raw in
            do throws(SerialPortError) { try write(raw, deadline: deadline) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads into `buffer` until at least `minimum` bytes have arrived or `deadline` (monotonic
    /// ns) passes, and returns how many arrived (fewer than `minimum` means the deadline passed).
    /// Never blocks past the deadline; never allocates.
    public func read(into buffer: UnsafeMutableRawBufferPointer, atLeast minimum: Int, deadline: UInt64) throws(SerialPortError) -> Int {
        guard descriptor >= 0 else { throw closedError("reading") }
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let wanted = min(minimum, buffer.count)
        var received = 0
        while true {
            let n = Glibc.read(descriptor, base + received, buffer.count - received)
            if n > 0 {
                received += n
                if received >= wanted { return received }
                continue
            }
            if n == 0 { throw disconnectedError() }  // end of file on a terminal: hung up
            let code = errno
            if code == EINTR { continue }
            guard code == EAGAIN else {
                if code == EIO || code == ENXIO || code == ENODEV { throw disconnectedError() }
                throw systemError("reading")
            }
            let events = SystemCalls.wait(descriptor, for: Int16(POLLIN), until: deadline)
            if events == 0 { return received }
            if events & Int16(POLLIN) == 0 { throw disconnectedError() }
        }
    }

    /// Reads whatever has arrived, without waiting.
    public func readAvailable(into buffer: UnsafeMutableRawBufferPointer) throws(SerialPortError) -> Int {
        try read(into: buffer, atLeast: buffer.count, deadline: 0)
    }

    /// Discards received bytes not yet read (stale answers after a timeout).
    public func discardInput() {
        if descriptor >= 0 { tcflush(descriptor, TCIFLUSH) }
    }

    /// Discards everything queued in both directions.
    public func flush() {
        if descriptor >= 0 { tcflush(descriptor, TCIOFLUSH) }
    }

    /// Blocks until every written byte has left the output queue.
    public func drain() {
        if descriptor >= 0 { tcdrain(descriptor) }
    }

    // MARK: - Line settings

    /// Raw mode (no echo, no line editing, no CR/LF translation, no signals), 8 data bits, no
    /// parity, 1 stop bit, no flow control, receiver on: bytes pass through untouched.
    private func configureRaw() throws(SerialPortError) {
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { throw systemError("reading the line settings") }
        cfmakeraw(&settings)
        settings.c_cflag &= ~(tcflag_t(CSIZE) | tcflag_t(PARENB) | tcflag_t(CSTOPB) | tcflag_t(CRTSCTS))
        settings.c_cflag |= tcflag_t(CS8) | tcflag_t(CLOCAL) | tcflag_t(CREAD)
        settings.c_iflag &= ~(tcflag_t(IXON) | tcflag_t(IXOFF) | tcflag_t(IXANY))
        // Non-blocking descriptor: VMIN/VTIME only matter to blocking reads, which this never makes.
        settings.c_cc.6 = 1  // VMIN
        settings.c_cc.5 = 0  // VTIME
        guard tcsetattr(descriptor, TCSANOW, &settings) == 0 else { throw systemError("setting raw 8N1") }
    }

    /// The Linux kernel's `struct termios2` (asm-generic layout, x86-64 and arm64): the one
    /// interface that takes any integer bit rate.
    private struct KernelTermios2 {
        var iflag: UInt32 = 0, oflag: UInt32 = 0, cflag: UInt32 = 0, lflag: UInt32 = 0
        var line: UInt8 = 0
        var cc: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var ispeed: UInt32 = 0, ospeed: UInt32 = 0
    }

    private func setCustomBaud(_ rate: Int) throws(SerialPortError) {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        let getTermios2: UInt = 0x802C_542A, setTermios2: UInt = 0x402C_542B  // TCGETS2, TCSETS2
        let otherSpeed: UInt32 = 0o010000, speedMask: UInt32 = 0o010017    // BOTHER, CBAUD
        var settings = KernelTermios2()
        guard withUnsafeMutablePointer(to: &settings, { ioctl(descriptor, getTermios2, $0) }) == 0 else {
            throw SerialPortError(kind: .unsupportedBaud, path: path, operation: "setting \(rate) bit/s",
                                  message: SystemCalls.message(errno))
        }
        settings.cflag = (settings.cflag & ~speedMask) | otherSpeed
        settings.cflag = (settings.cflag & ~(speedMask << 16)) | (otherSpeed << 16)  // input speed too
        settings.ispeed = UInt32(rate)
        settings.ospeed = UInt32(rate)
        guard withUnsafeMutablePointer(to: &settings, { ioctl(descriptor, setTermios2, $0) }) == 0 else {
            throw SerialPortError(kind: .unsupportedBaud, path: path, operation: "setting \(rate) bit/s",
                                  message: SystemCalls.message(errno))
        }
        #else
        throw SerialPortError(kind: .unsupportedBaud, path: path, operation: "setting \(rate) bit/s",
                              message: "only the standard termios rates are supported on this platform")
        #endif
    }

    /// The rates termios names (`B9600` …), which every driver accepts through `cfsetspeed`.
    static let standardSpeeds: [Int: speed_t] = [
        1200: speed_t(B1200), 2400: speed_t(B2400), 4800: speed_t(B4800), 9600: speed_t(B9600),
        19200: speed_t(B19200), 38400: speed_t(B38400), 57600: speed_t(B57600), 115_200: speed_t(B115200),
        230_400: speed_t(B230400), 460_800: speed_t(B460800), 500_000: speed_t(B500000), 576_000: speed_t(B576000),
        921_600: speed_t(B921600), 1_000_000: speed_t(B1000000), 1_152_000: speed_t(B1152000),
        1_500_000: speed_t(B1500000), 2_000_000: speed_t(B2000000), 2_500_000: speed_t(B2500000),
        3_000_000: speed_t(B3000000), 3_500_000: speed_t(B3500000), 4_000_000: speed_t(B4000000),
    ]

    // MARK: - Errors

    static func openError(path: String, code: Int32) -> SerialPortError {
        switch code {
        case ENOENT, ENOTDIR:
            return SerialPortError(kind: .notFound, path: path, operation: "opening",
                                   message: "no such serial port (is the adapter plugged in? `embody ports` lists the ports)")
        case EACCES, EPERM:
            return SerialPortError(kind: .permissionDenied, path: path, operation: "opening",
                                   message: "permission denied (add your user to the \"dialout\" group, then log in again)")
        case EBUSY:
            return SerialPortError(kind: .busy, path: path, operation: "opening",
                                   message: "busy: another process has the port open")
        case ENXIO, ENODEV:
            return SerialPortError(kind: .notFound, path: path, operation: "opening",
                                   message: "the device is gone (unplugged, or the emulator behind the link stopped)")
        default:
            return SerialPortError(kind: .system, path: path, operation: "opening", message: SystemCalls.message(code))
        }
    }

    private func systemError(_ operation: String) -> SerialPortError {
        SerialPortError(kind: .system, path: path, operation: operation, message: SystemCalls.message(errno))
    }

    private func disconnectedError() -> SerialPortError {
        SerialPortError(kind: .disconnected, path: path, operation: "reading",
                        message: "the port vanished (unplugged, or the emulator stopped)")
    }

    private func closedError(_ operation: String) -> SerialPortError {
        SerialPortError(kind: .system, path: path, operation: operation, message: "the port is closed")
    }
}
#endif
