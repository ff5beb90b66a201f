import Glibc

/// A file descriptor opened for appending MCAP bytes, with the few system calls the writer and
/// recovery need. Why raw `write(2)`: a whole chunk goes to the kernel in one call, so a process killed
/// between calls leaves the file ending on a record boundary (see `MCAPWriter`).
final class MCAPFile {
    let path: String
    private var descriptor: Int32

    /// Creates or truncates `path` for writing.
    init(creating path: String) throws(RecordingError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw Self.error(path, "open for writing") }
    }

    /// Opens an existing file for appending at its end (recovery).
    init(appendingTo path: String) throws(RecordingError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        if descriptor < 0 { throw Self.error(path, "open for appending") }
    }

    deinit { if descriptor >= 0 { _ = Glibc.close(descriptor) } }

    /// Writes all of `bytes`: normally one `write(2)`; it loops only on a short write or EINTR.
    func write(_ bytes: UnsafeRawBufferPointer) throws(RecordingError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.error(path, "write")
            }
            done += n
        }
    }

    func write(_ bytes: [UInt8]) throws(RecordingError) {
        try bytes.withUnsafeBytes { raw in Result { () throws(RecordingError) in try write(raw) } }.get()
    }

    /// Pushes written data to the device (so a power cut, not just a kill, keeps it).
    func sync() throws(RecordingError) {
        if fsync(descriptor) != 0 { throw Self.error(path, "fsync") }
    }

    func close() throws(RecordingError) {
        guard descriptor >= 0 else { return }
        let result = Glibc.close(descriptor)
        descriptor = -1
        if result != 0 { throw Self.error(path, "close") }
    }

    /// Cuts the file at `length` bytes.
    static func truncate(_ path: String, to length: Int) throws(RecordingError) {
        if Glibc.truncate(path, off_t(length)) != 0 { throw error(path, "truncate") }
    }

    static func error(_ path: String, _ operation: String) -> RecordingError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
