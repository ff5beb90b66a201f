import Foundation
import Logging
import XCTest
@testable import Daemon

/// The control API on a real Unix socket (and TCP), served by an in-process daemon on the
/// simulator, driven by a real HTTP/1.1 and WebSocket client.
final class ControlAPITests: XCTestCase {
    /// Starts a daemon from `folder`'s configuration and waits until it listens.
    private func start(_ folder: String, tcpPort: Int? = nil) async throws -> (OnboardDaemon, _Concurrency.Task<Void, any Error>) {
        let configuration = try DaemonConfiguration.load(contentsOf: DaemonFixtures.writeConfig(folder: folder, tcpPort: tcpPort))
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let daemon = try OnboardDaemon(configuration: configuration, notifier: SystemdNotifier(environment: [:]), logger: logger)
        let ready = AsyncStream<Void>.makeStream()
        let task = _Concurrency.Task { try await daemon.run(trapSignals: false, onReady: { ready.continuation.yield() }) }
        var iterator = ready.stream.makeAsyncIterator()
        _ = await iterator.next()
        return (daemon, task)
    }

    private func waitFor(_ client: TestHTTPClient, seconds: Double, until done: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let status = try client.request("GET", "/v1/status").json
            if done(status) { return status }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestClientError("timed out; status \(try client.request("GET", "/v1/status").text)")
    }

    func testTaskRunsToSuccessWithTelemetryRecordingAndMetrics() async throws {
        let folder = DaemonFixtures.temporaryFolder()
        let (daemon, task) = try await start(folder)
        let client = TestHTTPClient(endpoint: .unix(folder + "/api.sock"))

        var info = stat()
        XCTAssertEqual(lstat(folder + "/api.sock", &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o660, "socket mode")

        // A second daemon on the same socket is refused.
        let second = try OnboardDaemon(configuration: try DaemonConfiguration.load(contentsOf: folder + "/daemon.toml"),
                                       notifier: SystemdNotifier(environment: [:]))
        do {
            try await second.run(trapSignals: false)
            XCTFail("a second daemon started")
        } catch {
            XCTAssertEqual("\(error)", "another daemon is listening on \(folder)/api.sock")
        }

        let idle = try client.request("GET", "/v1/status")
        XCTAssertEqual(idle.status, 200)
        XCTAssertEqual(idle.json["mode"] as? String, "idle")
        XCTAssertEqual(idle.headers["content-type"], "application/json")

        var telemetry: TestWebSocket? = try TestWebSocket(client, path: "/v1/telemetry")
        let recording = try client.request("POST", "/v1/recordings", body: #"{"name": "take-1"}"#)
        XCTAssertEqual(recording.status, 201, recording.text)
        XCTAssertEqual(recording.json["path"] as? String, folder + "/recordings/take-1.mcap")

        let submitted = try client.request("POST", "/v1/tasks", body: #"{"instruction": "put the red cube on the green pad"}"#)
        XCTAssertEqual(submitted.status, 202, submitted.text)
        XCTAssertEqual(submitted.json["id"] as? Int, 1)
        let busy = try client.request("POST", "/v1/tasks", body: #"{"instruction": "touch the yellow cube"}"#)
        XCTAssertEqual(busy.status, 409)
        XCTAssertTrue((busy.json["error"] as? String ?? "").hasPrefix("busy: task 1 is running"), busy.text)

        // Telemetry: JSON samples of a moving arm.
        var samples = 0
        var moved = false
        while samples < 100, let text = try telemetry?.nextText() {
            let sample = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            XCTAssertEqual((sample["positions"] as? [Double])?.count, 6, text)
            XCTAssertEqual((sample["joint_names"] as? [String])?.first, "shoulder_pan")
            XCTAssertEqual(sample["task_id"] as? Int, 1)
            if ((sample["command_velocities"] as? [Double]) ?? []).contains(where: { abs($0) > 0.01 }) { moved = true }
            samples += 1
        }
        XCTAssertEqual(samples, 100)
        XCTAssertTrue(moved, "the arm moved")
        telemetry = nil  // a client that stops reading is disconnected (see notes: a stuck reader delays shutdown)

        let done = try waitFor(client, seconds: 60) { ($0["mode"] as? String) == "idle" }
        let history = try XCTUnwrap(done["history"] as? [[String: Any]])
        XCTAssertEqual(history.count, 1)
        XCTAssertEqual(history[0]["success"] as? Bool, true, "\(history[0])")
        XCTAssertEqual(history[0]["outcome"] as? String, "ok")
        let loop = try XCTUnwrap(done["loop"] as? [String: Any])
        XCTAssertGreaterThan(loop["ticks"] as? Int ?? 0, 4000)
        XCTAssertNotNil((loop["compute_us"] as? [String: Any])?["p99"])

        let stopped = try client.request("DELETE", "/v1/recordings/current")
        XCTAssertEqual(stopped.status, 200, stopped.text)
        XCTAssertGreaterThan(stopped.json["messages"] as? Int ?? 0, 4000)

        let metrics = try client.request("GET", "/metrics")
        XCTAssertEqual(metrics.status, 200)
        XCTAssertTrue(metrics.text.contains(#"embody_episodes_total{outcome="success"} 1"#), metrics.text)
        XCTAssertTrue(metrics.text.contains("embody_loop_compute_seconds_count"))
        XCTAssertTrue(metrics.text.contains(#"embody_supervisor_interventions_total{reason="jerk"}"#))

        // Stop while idle latches: no task until a reset.
        XCTAssertEqual(try client.request("POST", "/v1/stop").status, 202)
        let faulted = try client.request("POST", "/v1/tasks", body: #"{"instruction": "touch the yellow cube"}"#)
        XCTAssertEqual(faulted.status, 409)
        XCTAssertTrue((faulted.json["error"] as? String ?? "").contains("POST /v1/reset"), faulted.text)
        let reset = try client.request("POST", "/v1/reset")
        XCTAssertEqual(reset.json["mode"] as? String, "idle")

        let listener = try TestWebSocket(client, path: "/v1/telemetry")
        await daemon.shutdown()
        try await task.value
        XCTAssertNil(try listener.nextText(), "telemetry ends at shutdown")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/api.sock"), "socket removed at exit")
    }

    func testBadRequestsAreOneLineJSONErrors() async throws {
        let folder = DaemonFixtures.temporaryFolder()
        let (daemon, task) = try await start(folder)
        let client = TestHTTPClient(endpoint: .unix(folder + "/api.sock"))
        func check(_ method: String, _ path: String, _ body: String?, _ status: Int, _ message: String,
                   file: StaticString = #filePath, line: UInt = #line) throws {
            let r = try client.request(method, path, body: body)
            XCTAssertEqual(r.status, status, r.text, file: file, line: line)
            let error = r.json["error"] as? String ?? ""
            XCTAssertTrue(error.contains(message), "\(error) lacks \(message)", file: file, line: line)
            XCTAssertFalse(error.contains("\n"), file: file, line: line)
            XCTAssertEqual(r.json.count, 1, r.text, file: file, line: line)
        }
        try check("POST", "/v1/tasks", "{", 400, "malformed JSON")
        try check("POST", "/v1/tasks", "{}", 400, "missing \"instruction\"")
        try check("POST", "/v1/tasks", #"{"instruction": 3}"#, 400, "\"instruction\" expected a string")
        try check("POST", "/v1/tasks", #"{"instruction": "fly to the moon"}"#, 400, "not a known task template")
        try check("POST", "/v1/tasks", "{\"instruction\": \"\(String(repeating: "a", count: 201))\"}", 400, "at most 200 characters")
        try check("DELETE", "/v1/tasks/current", nil, 409, "no task is running")
        try check("GET", "/v1/nothing", nil, 404, "no such endpoint")
        try check("PUT", "/v1/status", nil, 405, "PUT is not allowed on /v1/status")
        let trace = try client.request("TRACE", "/v1/tasks")
        XCTAssertEqual(trace.status, 405)
        XCTAssertEqual(trace.headers.first { $0.key.lowercased() == "allow" }?.value, "POST", "RFC 9110: a 405 lists the methods")
        try check("POST", "/v1/tasks", #"{"instruction": "Put the red cube on the green pad"}"#, 400, "not a known task template")
        try check("DELETE", "/v1/recordings/current", nil, 409, "no recording is running")
        for name in ["../../etc/passwd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/etc/passwd", "a/../../b", ""] {
            try check("POST", "/v1/recordings", "{\"name\": \"\(name)\"}", 400, "name: expected 1 to 64 of A-Z a-z 0-9 _ -")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder + "/recordings"), [])
        let big = "{\"instruction\": \"\(String(repeating: "x", count: 20_000))\"}"
        try check("POST", "/v1/tasks", big, 413, "over the limit of 16384")
        try check("POST", "/v1/stop", String(repeating: " ", count: 17_000), 413, "over the limit")
        await daemon.shutdown()
        try await task.value
    }

    func testCancelStopsTheArmAndReturnsToIdle() async throws {
        let folder = DaemonFixtures.temporaryFolder()
        let (daemon, task) = try await start(folder)
        let client = TestHTTPClient(endpoint: .unix(folder + "/api.sock"))
        XCTAssertEqual(try client.request("POST", "/v1/tasks", body: #"{"instruction": "put the red cube on the green pad"}"#).status, 202)
        try await _Concurrency.Task.sleep(for: .milliseconds(1500))
        let cancelled = try client.request("DELETE", "/v1/tasks/current")
        XCTAssertEqual(cancelled.status, 202, cancelled.text)
        let status = try waitFor(client, seconds: 20) { ($0["mode"] as? String) == "idle" }
        let record = try XCTUnwrap((status["history"] as? [[String: Any]])?.first)
        XCTAssertEqual(record["outcome"] as? String, "cancelled")
        XCTAssertNil(status["latched_fault"], "a cancel needs no reset")
        // In ticks, not wall time: a loaded machine's late wake-ups add milliseconds, not braking.
        XCTAssertNotNil(record["stop_ms"] as? Double)
        let ticks = try XCTUnwrap(record["stop_ticks"] as? Int), bound = try XCTUnwrap(record["stop_bound_ticks"] as? Int)
        XCTAssertLessThanOrEqual(ticks, bound, "seen → rest within ⌈max |v|/(b·dt)⌉ + 1 ticks")
        await daemon.shutdown()
        try await task.value
    }

    func testTCPNeedsTheBearerToken() async throws {
        let folder = DaemonFixtures.temporaryFolder()
        let port = DaemonFixtures.freePort()
        let (daemon, task) = try await start(folder, tcpPort: port)
        let client = TestHTTPClient(endpoint: .tcp(port: port))
        let anonymous = try client.request("GET", "/v1/status")
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(anonymous.headers["www-authenticate"], "Bearer")
        XCTAssertNotNil(anonymous.json["error"])
        XCTAssertEqual(try client.request("GET", "/v1/status", headers: ["Authorization": "Bearer wrong"]).status, 401)
        XCTAssertEqual(try client.request("POST", "/v1/estop").status, 401)
        XCTAssertEqual(try client.request("GET", "/metrics").status, 401)
        XCTAssertThrowsError(try TestWebSocket(client, path: "/v1/telemetry"))
        let authorised = try client.request("GET", "/v1/status", headers: ["Authorization": "Bearer \(DaemonFixtures.token)"])
        XCTAssertEqual(authorised.status, 200)
        XCTAssertEqual(authorised.json["mode"] as? String, "idle")
        _ = try TestWebSocket(client, path: "/v1/telemetry", headers: ["Authorization": "Bearer \(DaemonFixtures.token)"])
        await daemon.shutdown()
        try await task.value
    }
}
