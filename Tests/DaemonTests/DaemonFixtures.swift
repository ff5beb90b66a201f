import Foundation
@testable import Daemon

/// Paths and configurations shared by the daemon's tests.
enum DaemonFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `embody` executable `swift build` made beside the test bundle (or in the package's
    /// default build folder).
    static func embodyBinary() throws -> String {
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/embody",
                          Bundle.main.bundleURL.deletingLastPathComponent().path + "/embody",
                          packageRoot + "/.build/debug/embody"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestClientError("no embody executable in \(candidates)")
        }
        return found
    }

    /// Runs `embody daemon --config CONFIG` to its exit: the status and what it wrote to stderr.
    static func runDaemonToExit(config: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try embodyBinary())
        process.arguments = ["daemon", "--config", config]
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    static let robot = packageRoot + "/robots/so101"
    static let scene = packageRoot + "/sim/scenes/so101_pick_place.toml"
    static let instruction = "put the red cube on the green pad"

    /// A fresh folder under /tmp (short: Unix socket paths are limited to 107 bytes).
    static func temporaryFolder() -> String {
        let path = "/tmp/embody-dt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// daemon.toml text for the simulator (or the emulated arm) with everything inside `folder`.
    static func configText(folder: String, emulate: Bool = false, tcpPort: Int? = nil, rate: Int = 50) -> String {
        var text = "robot = \"\(robot)\"\n"
        text += emulate ? "emulate = \"\(scene)\"\nport = \"\(folder)/arm.tty\"\n" : "scene = \"\(scene)\"\n"
        text += "planner = \"scripted\"\nrecordings = \"\(folder)/recordings\"\n\n[api]\nunix = \"\(folder)/api.sock\"\n"
        if let tcpPort {
            try! "0123456789abcdef0123\n".write(toFile: folder + "/token", atomically: true, encoding: .utf8)
            text += "tcp = \"127.0.0.1:\(tcpPort)\"\ntoken_file = \"\(folder)/token\"\n"
        }
        text += "\n[telemetry]\nrate = \(rate)\n\n[episode]\ntime_limit = 20\nlock_memory = false\n"
        return text
    }

    static func writeConfig(folder: String, emulate: Bool = false, tcpPort: Int? = nil) -> String {
        let path = folder + "/daemon.toml"
        try! configText(folder: folder, emulate: emulate, tcpPort: tcpPort).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let token = "0123456789abcdef0123"

    /// A free TCP port on 127.0.0.1.
    static func freePort() -> Int { Int.random(in: 20_000...60_000) }
}
