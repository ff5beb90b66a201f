@testable import VLA
import XCTest

final class KeypointStemTests: XCTestCase {
    /// A map with one dominant pixel answers that pixel's centre; a flat map answers the image centre;
    /// two equal peaks answer their midpoint. Maps are interleaved pixel-major, as the stem stores them.
    func testSoftArgmaxFindsPeaks() {
        let side = 16, maps = 3
        var features = [Float](repeating: 0, count: side * side * maps)
        features[(5 * side + 12) * maps + 0] = 40  // map 0: x = 12, y = 5
        features[(2 * side + 3) * maps + 2] = 40  // map 2: two peaks, (3, 2) and (9, 10)
        features[(10 * side + 9) * maps + 2] = 40
        var points = [Float](repeating: .nan, count: 2 * maps)
        softArgmax(features, side: side, maps: maps, into: &points)
        func centre(_ pixel: Float) -> Float { (pixel + 0.5) / Float(side) * 2 - 1 }
        XCTAssertEqual(points[0], centre(12), accuracy: 1e-5)
        XCTAssertEqual(points[1], centre(5), accuracy: 1e-5)
        XCTAssertEqual(points[2], 0, accuracy: 1e-6)
        XCTAssertEqual(points[3], 0, accuracy: 1e-6)
        XCTAssertEqual(points[4], (centre(3) + centre(9)) / 2, accuracy: 1e-5)
        XCTAssertEqual(points[5], (centre(2) + centre(10)) / 2, accuracy: 1e-5)
    }
}
