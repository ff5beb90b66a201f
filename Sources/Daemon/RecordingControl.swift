import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Recording
import Runtime
import Safety

/// MCAP recordings started and stopped from the API, written into the configured folder only:
/// a name is `[A-Za-z0-9_-]{1,64}` (so no `/`, `..`, `%` or absolute path can reach the file
/// system), the file is `FOLDER/NAME.mcap`, and it is created exclusively without following
/// symlinks (an existing file or a planted link is refused). Fed by the telemetry pump with every
/// controller tick it drains, never by the controller thread.
///
/// At start it takes an exclusive `flock` on the folder for its lifetime and completes the recordings
/// a crash left open (`RecordingRecovery`), one log line each. Why the lock: a second daemon pointed at
/// the same folder must not "recover" a file the first one is still writing; it skips the scan instead.
final class RecordingControl: @unchecked Sendable {
    /// The folder, with symlinks resolved once at start.
    let folder: String
    let jointNames: [String]
    /// What the start-up scan did, one entry per file acted on (empty when the folder was in use).
    let recovered: [RecordingRecovery.Outcome]
    /// The folder, opened and `flock`ed (−1 when another process holds it).
    private let folderLock: Int32
    private let lock = NSLock()
    private var recorder: Recorder?
    private var active: Info?

    struct Info: Codable, Sendable, Equatable {
        var name: String
        var path: String
    }

    struct Stopped: Codable, Sendable {
        var name: String
        var path: String
        var messages: UInt64
        var bytes: UInt64
        var dropped: Int
    }

    /// The daemon's log (notice level, standard error), for the start-up recovery lines.
    static let notice: @Sendable (String) -> Void = { line in
        var logger = Logger(label: "embody.daemon") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .notice
        logger.notice("\(line)")
    }

    init(folder: String, jointNames: [String], log: @Sendable (String) -> Void = RecordingControl.notice) throws {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw DaemonError.badInput("recordings = \"\(folder)\": cannot create the folder: \(error.localizedDescription)")
        }
        guard let resolved = realpath(folder, nil) else {
            throw DaemonError.badInput("recordings = \"\(folder)\": cannot resolve the folder")
        }
        let folder = String(cString: resolved)
        free(resolved)
        self.folder = folder
        self.jointNames = jointNames
        var held = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if held >= 0, flock(held, LOCK_EX | LOCK_NB) != 0 {
            Glibc.close(held)
            held = -1
        }
        folderLock = held
        if held >= 0 {
            recovered = RecordingRecovery.recoverFolder(folder)
            for outcome in recovered { log(outcome.line) }
        } else {
            recovered = []
            log("recordings folder \(folder) is locked by another process: not scanned for crashed recordings")
        }
    }

    deinit { if folderLock >= 0 { Glibc.close(folderLock) } }

    /// Checks a recording name: letters, digits, `_` and `-`, 1 to 64 of them.
    static func validate(_ name: String) throws(APIError) {
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
        guard allowed, (1...64).contains(name.utf8.count) else {
            throw APIError(.badRequest, "name: expected 1 to 64 of A-Z a-z 0-9 _ -, found \"\(name.prefix(80))\"")
        }
    }

    var current: Info? { lock.withLock { active } }

    func start(_ name: String) throws(APIError) -> Info {
        try Self.validate(name)
        lock.lock()
        defer { lock.unlock() }
        if let active { throw APIError(.conflict, "recording \"\(active.name)\" is running; stop it with DELETE /v1/recordings/current") }
        let path = folder + "/" + name + ".mcap"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "exists already; choose another name" : String(cString: strerror(errno))
            throw APIError(.conflict, "recording \"\(name)\": \(reason)")
        }
        Glibc.close(fd)
        do {
            recorder = try Recorder(path: path, jointNames: Array(jointNames.prefix(RecordedJoints.capacity)))
        } catch {
            unlink(path)
            throw APIError(.conflict, "recording \"\(name)\": \(error)")
        }
        let info = Info(name: name, path: path)
        active = info
        return info
    }

    func stop() throws(APIError) -> Stopped {
        lock.lock()
        defer { lock.unlock() }
        guard let recorder, let info = active else { throw APIError(.conflict, "no recording is running") }
        self.recorder = nil
        active = nil
        do {
            let summary = try recorder.close()
            return Stopped(name: info.name, path: info.path, messages: summary.messages, bytes: summary.bytes, dropped: summary.dropped)
        } catch {
            throw APIError(.conflict, "recording \"\(info.name)\": \(error)")
        }
    }

    /// Drained ticks into the running recording (if any); interventions as they begin.
    func record(_ samples: [OperatorSample], previous: OperatorSample?) {
        guard let recorder = lock.withLock({ recorder }) else { return }
        var before = previous
        for s in samples {
            var state = RecordedJoints(count: min(s.jointCount, RecordedJoints.capacity))
            var command = RecordedJoints(count: state.count)
            for i in 0..<state.count {
                state.position[i] = s.positions[i]
                command.position[i] = s.commands[i]
                command.velocity[i] = s.commandVelocities[i]
            }
            _ = recorder.record(RecordedSample(time: s.time, state: state, command: command))
            for reason in InterventionReason.allCases
            where s.interventions.onsets(reason) > (before?.interventions.onsets(reason) ?? 0) {
                _ = recorder.record(RecordedIntervention(time: s.time, reason: reason.name))
            }
            before = s
        }
    }

    /// Closes a running recording (shutdown).
    func close() { _ = try? stop() }
}
