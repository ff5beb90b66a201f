import XCTest

@testable import Imaging

final class PlotTicksTests: XCTestCase {
    func testUnitRangeGetsTwoTenthSteps() {
        let ticks = AxisTicks.linear(lower: 0, upper: 1, maxIntervals: 5)
        XCTAssertEqual(ticks.values, [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        XCTAssertEqual(ticks.labels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(ticks.lower, 0)
        XCTAssertEqual(ticks.upper, 1)
    }

    func testSymmetricJointRangeExpandsToHalfSteps() {
        let ticks = AxisTicks.linear(lower: -1.57, upper: 1.57, maxIntervals: 8)
        XCTAssertEqual(ticks.values, [-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2])
        XCTAssertEqual(ticks.labels, ["-2.0", "-1.5", "-1.0", "-0.5", "0.0", "0.5", "1.0", "1.5", "2.0"])
        XCTAssertEqual(ticks.lower, -2)
        XCTAssertEqual(ticks.upper, 2)
    }

    func testEndsOnTicksDoNotGrowTheRangeDespiteRoundingNoise() {
        // 0.3 / 0.05 is 5.999999999999999 in doubles; the range must still end at 0.3.
        let ticks = AxisTicks.linear(lower: 0.1, upper: 0.3, maxIntervals: 4)
        XCTAssertEqual(ticks.values, [0.1, 0.15, 0.2, 0.25, 0.3])
        XCTAssertEqual(ticks.labels, ["0.10", "0.15", "0.20", "0.25", "0.30"])
    }

    func testLabelsHaveNoBinaryNoise() {
        let ticks = AxisTicks.linear(lower: 0, upper: 0.9, maxIntervals: 9)
        XCTAssertEqual(ticks.labels, ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"])
        XCTAssertEqual(ticks.values[3], 0.3)  // not 0.30000000000000004
        XCTAssertEqual(ticks.values[7], 0.7)
    }

    func testFixedRangeKeepsItsEndsAndTicksInside() {
        let ticks = AxisTicks.linear(lower: 0.13, upper: 0.87, maxIntervals: 4, expand: false)
        XCTAssertEqual(ticks.values, [0.2, 0.4, 0.6, 0.8])
        XCTAssertEqual(ticks.labels, ["0.2", "0.4", "0.6", "0.8"])
        XCTAssertEqual(ticks.lower, 0.13)
        XCTAssertEqual(ticks.upper, 0.87)
    }

    func testLargeAndTinyMagnitudes() {
        let micros = AxisTicks.linear(lower: 0, upper: 4500, maxIntervals: 5)
        XCTAssertEqual(micros.values, [0, 1000, 2000, 3000, 4000, 5000])
        XCTAssertEqual(micros.labels, ["0", "1000", "2000", "3000", "4000", "5000"])

        let tiny = AxisTicks.linear(lower: 0, upper: 3e-6, maxIntervals: 3)
        XCTAssertEqual(tiny.labels, ["0", "1e-6", "2e-6", "3e-6"])
        XCTAssertEqual(tiny.values, [0, 1e-6, 2e-6, 3e-6])
    }

    func testConstantSignalGetsAnAxisAroundIt() {
        let ticks = AxisTicks.linear(lower: 5, upper: 5, maxIntervals: 4)
        XCTAssertEqual(ticks.values, [4.5, 5, 5.5])
        XCTAssertEqual(ticks.labels, ["4.5", "5.0", "5.5"])
        XCTAssertEqual(AxisTicks.linear(lower: 0, upper: 0, maxIntervals: 4).values, [-1, -0.5, 0, 0.5, 1])
    }

    func testLogarithmicTicksAreDecades() {
        let ticks = AxisTicks.logarithmic(lower: 1, upper: 5000)
        XCTAssertEqual(ticks.values, [1, 10, 100, 1000, 10000])
        XCTAssertEqual(ticks.labels, ["1", "10", "100", "1000", "10000"])
        XCTAssertEqual(ticks.lower, 0.5, "a count of 1 must stay visible above the axis")
        XCTAssertEqual(ticks.upper, 10000)
        XCTAssertTrue(ticks.logarithmic)
    }

    func testFormatting() {
        XCTAssertEqual(AxisTicks.format(-25, exponent: -2), "-0.25")
        XCTAssertEqual(AxisTicks.format(5, exponent: -3), "0.005")
        XCTAssertEqual(AxisTicks.format(0, exponent: -2), "0.00")
        XCTAssertEqual(AxisTicks.format(15, exponent: 2), "1500")
        XCTAssertEqual(AxisTicks.format(25, exponent: 8), "2.5e9")
        XCTAssertEqual(AxisTicks.format(-2, exponent: -7), "-2e-7")
    }
}
