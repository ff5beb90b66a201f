import Foundation

/// Paths inside this repository, found from this source file so tests run from any directory
/// (the PhysicsTests twin of RobotModelTests' `RepositoryPaths`, which this target cannot import).
enum PhysicsTestPaths {
    /// The repository root: three levels up from `Tests/PhysicsTests/PhysicsTestPaths.swift`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Absolute path of `relative`, a path from the repository root.
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static let fixtures = root.appendingPathComponent("Tests/PhysicsTests/Fixtures")

    /// Absolute paths of the files in `folder` (relative to the root) whose names end in `suffix`, sorted.
    static func files(in folder: String, suffix: String) -> [String] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appendingPathComponent($0).path }
    }
}
