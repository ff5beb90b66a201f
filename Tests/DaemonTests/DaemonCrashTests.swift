import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Recording
import XCTest

/// The real `embody daemon` killed with SIGKILL while it records a running task: the file on disk
/// reads up to its last complete chunk, and the restarted daemon completes it before serving, so no
/// unreadable recording is left. PyPI `mcap` (tools/mcap_check.py) checks both states too when it is
/// installed (scripts/install-deps.sh installs it).
final class DaemonCrashTests: XCTestCase {
    /// A daemon child process with its standard error in a file; killed and reaped if still running.
    private final class DaemonChild {
        let process = Process()
        let logPath: String

        init(binary: String, config: String, logPath: String) throws {
            self.logPath = logPath
            guard FileManager.default.createFile(atPath: logPath, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["daemon", "--config", config]
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "NOTIFY_SOCKET")
            process.environment = environment
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        func kill(_ signal: Int32) {
            guard process.isRunning else { return }
            Glibc.kill(process.processIdentifier, signal)
            process.waitUntilExit()
        }

        deinit { kill(SIGKILL) }
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass (generous: the machine may be loaded).
    private func waitFor(_ what: String, seconds: Double, _ daemon: DaemonChild, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            guard daemon.process.isRunning else { throw TestClientError("the daemon exited while waiting for \(what):\n\(daemon.log)") }
            usleep(100_000)
        }
        throw TestClientError("timed out after \(seconds) s waiting for \(what)\n\(daemon.log)")
    }

    private func status(_ client: TestHTTPClient) -> [String: Any]? {
        guard let response = try? client.request("GET", "/v1/status"), response.status == 200 else { return nil }
        return response.json
    }

    func testKill9WhileRecordingThenRestartLeavesTheRecordingComplete() throws {
        let folder = DaemonFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = DaemonFixtures.writeConfig(folder: folder)
        let binary = try DaemonFixtures.embodyBinary()
        let client = TestHTTPClient(endpoint: .unix(folder + "/api.sock"))
        let path = folder + "/recordings/crash.mcap"

        var daemon = try DaemonChild(binary: binary, config: config, logPath: folder + "/first.log")
        try waitFor("the API", seconds: 120, daemon) { status(client) != nil }
        let submitted = try client.request("POST", "/v1/tasks", body: #"{"instruction": "\#(DaemonFixtures.instruction)"}"#)
        XCTAssertEqual(submitted.status, 202, submitted.text)
        let started = try client.request("POST", "/v1/recordings", body: #"{"name": "crash"}"#)
        XCTAssertEqual(started.status, 201, started.text)
        XCTAssertEqual(started.json["path"] as? String, path)
        // Until at least two chunks (about a second of 1 kHz ticks each) are on disk; a task that ends
        // first is followed by another, so the recording keeps receiving ticks.
        try waitFor("two chunks on disk", seconds: 180, daemon) {
            if (status(client)?["mode"] as? String) == "idle" {
                _ = try? client.request("POST", "/v1/tasks", body: #"{"instruction": "\#(DaemonFixtures.instruction)"}"#)
            }
            return ((try? MCAPReader(path: path).read().chunks.count) ?? 0) >= 2
        }
        daemon.kill(SIGKILL)
        XCTAssertEqual(daemon.process.terminationReason, .uncaughtSignal)

        // As the crash left it: no footer, readable up to its last complete chunk.
        let killedSize = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        var killedTimes: [UInt64] = []
        let killed = try MCAPReader(path: path).read { killedTimes.append($0.logTime) }
        XCTAssertFalse(killed.complete)
        XCTAssertNil(killed.dataEndOffset)
        XCTAssertGreaterThanOrEqual(killed.chunks.count, 2)
        XCTAssertGreaterThan(killed.statistics.messageCount, 0)
        XCTAssertEqual(killedTimes.count, Int(killed.statistics.messageCount))
        XCTAssertEqual(Set(killed.channels.values.map(\.topic)).isSuperset(of: [RecordingTopics.jointState, RecordingTopics.jointCommand]), true)
        if let stream = try mcapCheck(path, stream: true) {
            XCTAssertEqual(stream["complete"] as? Bool, false)
            XCTAssertEqual(stream["messages"] as? Int, Int(killed.statistics.messageCount), "PyPI mcap's streaming reader: the complete chunks")
            XCTAssertEqual(stream["json_errors"] as? Int, 0)
        }

        // Restart on the same folder (and the killed daemon's stale socket): the recording is completed
        // before the API answers.
        daemon = try DaemonChild(binary: binary, config: config, logPath: folder + "/second.log")
        try waitFor("the restarted API", seconds: 120, daemon) { status(client) != nil }
        XCTAssertTrue(daemon.log.contains("recovered recording crash.mcap after a crash: \(killed.statistics.messageCount) messages in \(killed.chunks.count) complete chunks"), daemon.log)
        var times: [UInt64] = []
        let recovered = try MCAPReader(path: path).read { times.append($0.logTime) }
        XCTAssertTrue(recovered.complete)
        XCTAssertNil(recovered.problem)
        XCTAssertEqual(recovered.statistics.messageCount, killed.statistics.messageCount)
        XCTAssertEqual(recovered.statistics.chunkCount, UInt32(killed.chunks.count))
        XCTAssertEqual(times, killedTimes, "the same messages, in the same order")
        XCTAssertTrue(recovered.metadata.contains { $0.name == MCAPRecovery.metadataName })
        if let seeking = try mcapCheck(path, stream: false) {
            XCTAssertEqual(seeking["complete"] as? Bool, true)
            XCTAssertEqual(seeking["messages"] as? Int, Int(killed.statistics.messageCount), "PyPI mcap's seeking reader")
            let statistics = seeking["statistics"] as? [String: Any]
            XCTAssertEqual(statistics?["message_count"] as? Int, Int(killed.statistics.messageCount))
            XCTAssertEqual(statistics?["chunk_count"] as? Int, killed.chunks.count)
        }
        // Nothing unreadable is left; bytes cut from a chunk the kill interrupted are kept beside it.
        let cutBytes = killedSize - killed.validEnd
        for name in try FileManager.default.contentsOfDirectory(atPath: folder + "/recordings") {
            XCTAssertTrue(["crash.mcap", "crash.mcap.cut"].contains(name), "unexpected \(name)")
        }
        XCTAssertEqual(FileManager.default.fileExists(atPath: path + ".cut"), cutBytes > 0)
        print("SIGKILL while recording: \(killedSize) bytes on disk, \(killed.statistics.messageCount) messages in \(killed.chunks.count) complete chunks, "
              + "\(cutBytes) bytes after them; after restart: complete, \(recovered.statistics.messageCount) messages")

        // The restarted daemon records again, and stops on SIGTERM with exit 0.
        XCTAssertEqual(try client.request("POST", "/v1/recordings", body: #"{"name": "crash"}"#).status, 409, "the name stays taken")
        XCTAssertEqual(try client.request("POST", "/v1/recordings", body: #"{"name": "after"}"#).status, 201)
        XCTAssertEqual(try client.request("DELETE", "/v1/recordings/current").status, 200)
        daemon.kill(SIGTERM)
        XCTAssertEqual(daemon.process.terminationReason, .exit)
        XCTAssertEqual(daemon.process.terminationStatus, 0, daemon.log)
        XCTAssertTrue(try MCAPReader(path: folder + "/recordings/after.mcap").read().complete)
    }

    /// tools/mcap_check.py's JSON report, or nil (the check is skipped, with a note) when python3 or
    /// PyPI `mcap` is missing.
    private func mcapCheck(_ path: String, stream: Bool) throws -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", DaemonFixtures.packageRoot + "/tools/mcap_check.py"] + (stream ? ["--stream"] : []) + [path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 || process.terminationStatus == 127 {
            print("note: PyPI mcap check skipped: \(stderr)")
            return nil
        }
        XCTAssertEqual(process.terminationStatus, 0, stderr)
        print("PyPI mcap (\(stream ? "streaming" : "seeking") reader): \(String(decoding: stdout, as: UTF8.self).prefix(400))")
        return try JSONSerialization.jsonObject(with: stdout) as? [String: Any]
    }
}
