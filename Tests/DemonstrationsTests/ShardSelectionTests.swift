import XCTest
@testable import Demonstrations

final class ShardSelectionTests: XCTestCase {
    func testRunsPartitionTheEpisodesAndNumberTheirFilesApart() throws {
        let runs = try (0..<3).map { try ShardSelection(parsing: "\($0)/3") }
        let episodes = runs.flatMap { $0.episodes(of: 10) }
        XCTAssertEqual(episodes.sorted(), Array(0..<10))
        XCTAssertEqual(runs[1].episodes(of: 10), [1, 4, 7])
        let files = runs.flatMap { run in (0..<4).map { run.fileNumber(chunk: $0) } }
        XCTAssertEqual(Set(files).count, files.count)
        XCTAssertEqual(ShardSelection.whole.episodes(of: 3), [0, 1, 2])
        XCTAssertEqual(ShardSelection.whole.fileNumber(chunk: 4), 4)
    }

    func testBadSelectionsNameTheOption() {
        for text in ["3/3", "-1/2", "1", "a/b", "1/0"] {
            XCTAssertThrowsError(try ShardSelection(parsing: text), text) { error in
                XCTAssertTrue((error as! DatasetError).description.hasPrefix("--shard: expected K/N"), "\(error)")
            }
        }
    }

    func testShardFilesAndManifestsAreNamedForMerging() {
        XCTAssertEqual(DatasetSettings.shardFile(7), "shard-00007.safetensors")
        var settings = DatasetSettings(scene: "s.toml", episodes: 4, seed: 0, output: "/tmp/x")
        XCTAssertEqual(settings.manifestFile, "manifest.json")
        settings.shard = try! ShardSelection(index: 1, count: 4)
        XCTAssertEqual(settings.manifestFile, "manifest-1-of-4.json")
    }
}
