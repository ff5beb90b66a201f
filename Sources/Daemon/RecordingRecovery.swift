import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Recording

/// Completes the recordings a crash left open, when the daemon starts.
///
/// Why at start: a daemon killed mid-recording (SIGKILL, OOM, power loss) leaves `NAME.mcap` without
/// its summary and footer, sometimes ending inside a chunk. Streaming readers read it up to the last
/// complete chunk, but seeking readers (Foxglove, `mcap info`) refuse it. Before the API accepts a
/// request, every such file in the folder is made complete, so no unreadable recording stays behind.
///
/// How, for each incomplete `NAME.mcap` (regular files only, never through a symlink):
/// 1. copy it to `.NAME.mcap.recovering` in the same folder and run `MCAPRecovery.recover` on the copy
///    (cut after the last complete chunk, rebuild its MessageIndex records if they were cut, append
///    DataEnd, summary and footer, fsync), then read the copy back to check it is complete;
/// 2. if bytes were cut (a chunk the kill interrupted), keep them in `NAME.mcap.cut` (fsync): the
///    original file is exactly the recovered file's first `original size − cut` bytes followed by
///    `NAME.mcap.cut`, so nothing is lost and the disk holds no second copy of a large recording;
/// 3. `rename(2)` the copy over `NAME.mcap` and fsync the folder: at every instant `NAME.mcap` is
///    either the original or the complete file, so a crash during recovery only means recovering again.
///
/// An empty `NAME.mcap` (killed between creating the file and writing its header) holds nothing and is
/// removed; a file that is not MCAP at all is renamed `NAME.mcap.unreadable`, bytes untouched. One log
/// line per file acted on. A failure (a full disk) leaves the original as it was and is retried at the
/// next start.
enum RecordingRecovery {
    /// What was done to one file.
    enum Action: Sendable, Equatable {
        /// Completed in place; `cutFile` holds the bytes recovery cut from the end (nil when none).
        case recovered(MCAPRecoveryReport, cutFile: String?)
        case removedEmpty
        /// Not MCAP (no magic and Header): renamed to `renamedTo`.
        case setAside(renamedTo: String, reason: String)
        /// Left as it was (I/O error); the next start tries again.
        case failed(String)
    }

    struct Outcome: Sendable, Equatable {
        var path: String
        var action: Action

        /// The log line for this file.
        var line: String {
            let name = (path as NSString).lastPathComponent
            switch action {
            case .recovered(let report, let cutFile):
                let kept = cutFile.map { ", the \(report.droppedBytes) bytes cut kept in \(($0 as NSString).lastPathComponent)" } ?? ""
                return "recovered recording \(name) after a crash: \(report.messageCount) messages in \(report.chunkCount) complete chunks"
                    + "\(kept) (\(report.reason ?? "incomplete"))"
            case .removedEmpty:
                return "removed recording \(name) after a crash: empty (no header was written)"
            case .setAside(let renamedTo, let reason):
                return "recording \(name) is not MCAP (\(reason)): renamed \((renamedTo as NSString).lastPathComponent)"
            case .failed(let reason):
                return "cannot recover recording \(name): \(reason); left as it is, tried again at the next start"
            }
        }
    }

    /// Suffix of the temporary copy being recovered (hidden, never a `.mcap` name).
    static let temporarySuffix = ".mcap.recovering"

    /// Recovers every incomplete `*.mcap` in `folder` (not in subfolders). Call only while holding the
    /// folder's lock (see `RecordingControl`), so no live recorder's file is touched.
    static func recoverFolder(_ folder: String) -> [Outcome] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var outcomes: [Outcome] = []
        for name in names.sorted() {
            let path = folder + "/" + name
            if name.hasPrefix("."), name.hasSuffix(temporarySuffix) {
                unlink(path)  // a copy left by a crash during recovery; the original is still in place
                continue
            }
            guard name.hasSuffix(".mcap"), !name.hasPrefix("."), isRegularFile(path) else { continue }
            if let outcome = recover(path: path, folder: folder, name: name) { outcomes.append(outcome) }
        }
        if !outcomes.isEmpty { syncDirectory(folder) }
        return outcomes
    }

    /// One file; nil when it is complete already.
    static func recover(path: String, folder: String, name: String) -> Outcome? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if info.st_size == 0 {
            if unlink(path) == 0 { return Outcome(path: path, action: .removedEmpty) }
            return Outcome(path: path, action: .failed("unlink: \(String(cString: strerror(errno)))"))
        }
        do {
            let scan = try MCAPReader(path: path).scan()
            if scan.complete { return nil }
        } catch {
            // No magic and Header: nothing a reader could use, but keep the bytes for a person to look at.
            let aside = freeName(path + ".unreadable")
            if rename(path, aside) == 0 { return Outcome(path: path, action: .setAside(renamedTo: aside, reason: "\(error)")) }
            return Outcome(path: path, action: .failed("rename: \(String(cString: strerror(errno)))"))
        }
        let temporary = folder + "/." + String(name.dropLast(".mcap".count)) + temporarySuffix
        unlink(temporary)
        do {
            try copy(path, to: temporary)
            let report = try MCAPRecovery.recover(path: temporary, reportedPath: path)
            let contents = try MCAPReader(path: temporary).read()
            guard contents.complete, contents.problem == nil, contents.statistics.messageCount == report.messageCount else {
                throw RecordingError.invalidArgument("the recovered copy does not read back complete: \(contents.problem.map { "\($0)" } ?? "no footer")")
            }
            var cutFile: String?
            if report.droppedBytes > 0 {
                let file = freeName(path + ".cut")
                try copy(path, to: file, from: report.originalSize - report.droppedBytes)
                cutFile = file
            }
            guard rename(temporary, path) == 0 else { throw RecoveryIOError("rename \(temporary)", errno) }
            return Outcome(path: path, action: .recovered(report, cutFile: cutFile))
        } catch {
            unlink(temporary)
            return Outcome(path: path, action: .failed("\(error)"))
        }
    }

    /// `candidate`, or `candidate.2`, `candidate.3`, … : the first name not taken.
    static func freeName(_ candidate: String) -> String {
        var name = candidate, n = 1
        var info = stat()
        while lstat(name, &info) == 0 {
            n += 1
            name = candidate + ".\(n)"
        }
        return name
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// Copies `source` from byte `offset` to its end into a new file `destination` (created exclusively,
    /// mode 0640), then fsyncs it.
    private static func copy(_ source: String, to destination: String, from offset: Int = 0) throws {
        let input = open(source, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard input >= 0 else { throw RecoveryIOError("open \(source)", errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o640)
        guard output >= 0 else { throw RecoveryIOError("create \(destination)", errno) }
        var ok = false
        defer {
            close(output)
            if !ok { unlink(destination) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 22)
        var at = off_t(offset)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(input, $0.baseAddress, $0.count, at) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RecoveryIOError("read \(source)", errno)
            }
            if n == 0 { break }
            var done = 0
            while done < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + done, n - done) }
                if w < 0 {
                    if errno == EINTR { continue }
                    throw RecoveryIOError("write \(destination)", errno)
                }
                done += w
            }
            at += off_t(n)
        }
        guard fsync(output) == 0 else { throw RecoveryIOError("fsync \(destination)", errno) }
        ok = true
    }

    /// Makes renames and unlinks in `folder` durable.
    private static func syncDirectory(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// A system call that failed during recovery, with its errno text.
struct RecoveryIOError: Error, CustomStringConvertible {
    var description: String
    init(_ operation: String, _ code: Int32) { description = "\(operation): \(String(cString: strerror(code)))" }
}
