import Events
import XCTest

final class DVSModelTests: XCTestCase {
    func testThresholdMismatchIsGaussianFixedBySeedAndClamped() throws {
        var p = DVSParameters()
        p.seed = 42
        let model = try DVSModel(width: 100, height: 100, parameters: p)
        for thresholds in [model.thresholdsOn, model.thresholdsOff] {
            let mean = thresholds.reduce(0, +) / Float(thresholds.count)
            let variance = thresholds.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(thresholds.count)
            XCTAssertEqual(mean, 0.2, accuracy: 0.002)
            XCTAssertEqual(variance.squareRoot(), 0.03, accuracy: 0.002)
        }
        XCTAssertNotEqual(model.thresholdsOn, model.thresholdsOff, "ON and OFF mismatch are independent")
        XCTAssertEqual(try DVSModel(width: 100, height: 100, parameters: p).thresholdsOn, model.thresholdsOn, "same seed, same sensor")
        p.seed = 43
        XCTAssertNotEqual(try DVSModel(width: 100, height: 100, parameters: p).thresholdsOn, model.thresholdsOn)
        p.thresholdSigma = 0.5
        XCTAssertEqual(try DVSModel(width: 100, height: 100, parameters: p).thresholdsOn.min(), p.minimumThreshold)
    }

    func testIdealSensorHasUniformThresholds() throws {
        let model = try DVSModel(width: 5, height: 5, parameters: .ideal)
        XCTAssertEqual(Set(model.thresholdsOn), [0.2])
        XCTAssertEqual(model.pixelCount, 25)
    }

    func testRejectsImpossibleParametersWithAReason() {
        var p = DVSParameters()
        p.thresholdOn = 0
        XCTAssertThrowsError(try DVSModel(width: 4, height: 4, parameters: p)) { error in
            XCTAssertTrue("\(error)".contains("ON threshold"), "\(error)")
        }
        p = DVSParameters()
        p.refractoryPeriod = -1
        XCTAssertThrowsError(try DVSModel(width: 4, height: 4, parameters: p))
        XCTAssertThrowsError(try DVSModel(width: 0, height: 4))
    }
}
