import ArgumentParser
import Foundation
import Recording

/// `embody replay`: what a recording holds, as a summary, joint plots and a camera video.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarize an MCAP recording; plot joint positions and commands; render camera frames to video.",
        discussion: """
            A recording cut short (killed process, power loss) is replayed up to its last complete record, \
            with a note. --recover completes such a file in place first, so other tools open it too.
            """)

    @Argument(help: "The recording (.mcap).")
    var file: String

    @Option(help: "Write joints.png (measured against commanded positions) to this directory.")
    var plots: String?

    @Option(help: "Write the camera frames to this video (.mp4).")
    var video: String?

    @Option(name: .customLong("topic"), help: "Decode only this topic for plots and video (repeatable); picks the camera.")
    var topics: [String] = []

    @Flag(help: "Complete a truncated recording in place (cut to its last complete record, append the summary) first.")
    var recover = false

    func run() throws {
        if recover {
            let report: MCAPRecoveryReport
            do { report = try MCAPRecovery.recover(path: file) } catch { throw CommandError.badInput(error.description) }
            print(report.alreadyComplete
                  ? "\(file): already complete, nothing to recover"
                  : "\(file): recovered \(report.messageCount) messages in \(report.chunkCount) chunks; dropped \(report.droppedBytes) bytes")
        }
        let log: ReplayLog
        do {
            log = try ReplayLog.load(path: file, topics: topics.isEmpty ? nil : Set(topics))
        } catch let error as RecordingError {
            throw CommandError.badInput(error.description)
        }
        print(log.summaryText)
        if let plots {
            do {
                try FileManager.default.createDirectory(atPath: plots, withIntermediateDirectories: true)
                let written = try log.writePlots(to: plots)
                print(written.isEmpty ? "plots: no joint states to plot" : "plots: " + written.joined(separator: ", "))
            } catch { throw CommandError.runtime("--plots \(plots): \(error)") }
        }
        if let video {
            do {
                if let (path, frames) = try log.writeVideo(to: video) {
                    print("video: \(path) (\(frames) frames from \(log.cameraTopic ?? "?"))")
                } else {
                    print("video: no camera frames\(topics.isEmpty ? "" : " on the chosen topics")")
                }
            } catch { throw CommandError.runtime("--video \(video): \(error)") }
        }
    }
}
