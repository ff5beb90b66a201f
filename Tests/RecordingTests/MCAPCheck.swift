import Foundation
import XCTest

/// Runs tools/mcap_check.py (the PyPI `mcap` reader) on a file: the independent check that our
/// files are MCAP as other tools read it. Skips the test when python3 or the package is missing.
enum MCAPCheck {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Report {
        var json: [String: Any]
        var messages: Int { json["messages"] as? Int ?? -1 }
        var complete: Bool { json["complete"] as? Bool ?? false }
        var channels: [String: Int] { json["channels"] as? [String: Int] ?? [:] }
        var schemas: [String: String] { json["schemas"] as? [String: String] ?? [:] }
        var statistics: [String: Any]? { json["statistics"] as? [String: Any] }
        var jsonErrors: Int { json["json_errors"] as? Int ?? -1 }
        var stopped: String? { json["stopped"] as? String }
        var metadata: [String: [String: String]] { json["metadata"] as? [String: [String: String]] ?? [:] }
    }

    /// The seeking reader (summary and footer needed), or the streaming reader with `stream`.
    static func run(_ path: String, stream: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> Report {
        let script = repositoryRoot.appendingPathComponent("tools/mcap_check.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + (stream ? ["--stream"] : []) + [path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw XCTSkip("python3 is not available: \(error)") }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 || process.terminationStatus == 127 {
            throw XCTSkip("the PyPI mcap reader is not installed (pip install mcap): \(stderr)")
        }
        guard process.terminationStatus == 0 else {
            XCTFail("mcap_check.py \(stream ? "--stream " : "")exited \(process.terminationStatus): \(stderr)", file: file, line: line)
            return Report(json: [:])
        }
        let json = try JSONSerialization.jsonObject(with: stdout) as? [String: Any] ?? [:]
        return Report(json: json)
    }
}

/// A fresh path in a per-test temporary directory.
func temporaryPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embody-recording-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try? FileManager.default.removeItem(atPath: path)
    return path
}
