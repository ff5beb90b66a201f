import Foundation

/// Paths inside this repository, found from this source file so tests run from any directory.
enum RepositoryPaths {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static let fixtures = root.appendingPathComponent("Tests/RobotModelTests/Fixtures")
}
