import ArgumentParser
import Foundation
import Physics

/// Temporary: runs seeded episodes and prints outcomes (until the `sim --task` path lands).
struct EpisodeProbe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "episode-probe", shouldDisplay: false)
    @Option var scene: String
    @Option var task: String
    @Option var episodes = 10
    @Option var seed: UInt64 = 1
    func run() throws {
        let description = try SceneDescription.load(contentsOf: scene)
        var ok = 0
        for k in 0..<episodes {
            let r = try runEpisode(EpisodeSettings(scene: description, instruction: task, seed: seed + UInt64(k)))
            if r.success { ok += 1 }
            print("episode \(k): \(r.success ? "success" : "FAIL") \(String(format: "%.1f", r.duration)) s \(r.outcome)")
        }
        print("\(ok)/\(episodes)")
    }
}
