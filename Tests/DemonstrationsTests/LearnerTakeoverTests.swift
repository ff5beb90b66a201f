import XCTest
@testable import Demonstrations

final class LearnerTakeoverTests: XCTestCase {
    func testTheLearnerDrivesFromTheStartThenTakesTurnsWithTheExpert() {
        var driven = 0
        for seed in UInt64(0)..<1000 {
            let takeover = LearnerTakeover(seed: seed, probability: 0.5, limit: 25)
            guard let first = takeover.windows.first else { continue }
            driven += 1
            XCTAssertEqual(first.lowerBound, 0, "the learner makes its own approach")
            XCTAssertTrue((1_500_000_000...5_000_000_000).contains(first.upperBound - first.lowerBound))
            for (previous, next) in zip(takeover.windows, takeover.windows.dropFirst()) {
                XCTAssertTrue((500_000_000...1_500_000_000).contains(next.lowerBound - previous.upperBound), "the expert's turn")
                XCTAssertTrue((1_000_000_000...3_000_000_000).contains(next.upperBound - next.lowerBound), "the learner's turn")
            }
            XCTAssertGreaterThan(takeover.windows.last!.upperBound + 1_500_000_000, 25_000_000_000, "turns go on to the time limit")
            XCTAssertTrue(takeover.drives(at: 0))
            XCTAssertFalse(takeover.drives(at: first.upperBound + 1))
        }
        XCTAssertEqual(Double(driven) / 1000, 0.5, accuracy: 0.05)
        XCTAssertTrue(LearnerTakeover(seed: 3, probability: 0, limit: 25).windows.isEmpty)
        XCTAssertEqual(LearnerTakeover(seed: 3, probability: 1, limit: 25), LearnerTakeover(seed: 3, probability: 1, limit: 25))
    }
}
