import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The control socket's place in the file system: claimed before the listener binds (refusing a
/// path another daemon still listens on, clearing one a crashed daemon left behind), restricted to
/// owner and group once bound (mode 0660: the group is who may drive the arm), removed at exit.
enum UnixSocketPath {
    /// Makes `path` free for a new listener, or throws why it is not.
    static func claim(_ path: String) throws(DaemonError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750]) } catch {
                throw .badInput("[api] unix = \"\(path)\": cannot create \(folder): \(error.localizedDescription)")
            }
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw .badInput("[api] unix = \"\(path)\": exists and is not a socket; refusing to replace it")
        }
        if isListening(path) { throw .runtime("another daemon is listening on \(path)") }
        unlink(path)  // stale: left by a daemon that did not exit cleanly
    }

    /// True when something accepts connections on the socket at `path`.
    static func isListening(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return connected == 0
    }

    /// Owner and group read/write, nobody else.
    static func restrict(_ path: String) { chmod(path, 0o660) }

    /// Removes the socket file at exit (only if it is still a socket).
    static func remove(_ path: String) {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK { unlink(path) }
    }
}
