#if canImport(Glibc)
import Glibc

/// C library functions Swift's Glibc module does not import (they sit behind `_GNU_SOURCE` or
/// `_XOPEN_SOURCE`), looked up once at run time. They are the real libc functions, not stand-ins.
enum SystemCalls {
    typealias PPoll = @convention(c) (UnsafeMutablePointer<pollfd>?, nfds_t, UnsafePointer<timespec>?, UnsafeRawPointer?) -> Int32
    typealias OpenPT = @convention(c) (Int32) -> Int32
    typealias PTControl = @convention(c) (Int32) -> Int32
    typealias PTSNameR = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else {
            fatalError("libc has no \(name)")
        }
        return unsafeBitCast(pointer, to: type)
    }

    /// `ppoll`: `poll` with a nanosecond timeout (plain `poll` rounds to milliseconds, a whole
    /// bus cycle at 1 Mbit/s).
    nonisolated(unsafe) static let ppoll = symbol("ppoll", as: PPoll.self)
    nonisolated(unsafe) static let posixOpenPT = symbol("posix_openpt", as: OpenPT.self)
    nonisolated(unsafe) static let grantPT = symbol("grantpt", as: PTControl.self)
    nonisolated(unsafe) static let unlockPT = symbol("unlockpt", as: PTControl.self)
    nonisolated(unsafe) static let ptsNameR = symbol("ptsname_r", as: PTSNameR.self)

    /// Waits until `fd` is ready for `events` or `deadline` (monotonic ns) passes; returns the
    /// `revents` (0 on timeout). EINTR is retried with the remaining time.
    static func wait(_ fd: Int32, for events: Int16, until deadline: UInt64) -> Int16 {
        var descriptor = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let now = monotonicNanoseconds()
            let remaining = deadline > now ? deadline - now : 0
            var timeout = timespec(tv_sec: Int(remaining / 1_000_000_000), tv_nsec: Int(remaining % 1_000_000_000))
            let result = ppoll(&descriptor, 1, &timeout, nil)
            if result > 0 { return descriptor.revents }
            if result == 0 { return 0 }
            if errno != EINTR { return Int16(POLLERR) }
        }
    }

    /// `strerror` text for an errno value.
    static func message(_ code: Int32) -> String { String(cString: strerror(code)) }
}
#endif
