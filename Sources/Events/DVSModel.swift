#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why `DVSParameters` or a sensor size cannot make a `DVSModel`; `description` is one line.
public struct DVSParameterError: Error, Equatable, CustomStringConvertible {
    public var description: String
}

/// One emulated sensor, constant once built: its size, parameters and the per-pixel quantities a
/// real chip fixes at fabrication (threshold mismatch, leak rate). Like a robot `Model`, it is
/// shared read-only; everything that changes frame to frame lives in `DVSState`.
///
/// The 8-bit lookup tables turn the per-pixel log (the expensive part of the model) into one load,
/// which is what lets `emulateDVS` run at hundreds of megapixels per second.
public struct DVSModel: Sendable {
    public let width: Int
    public let height: Int
    public let parameters: DVSParameters
    /// Per-pixel ON threshold (nominal plus fixed mismatch), log units, row-major.
    public let thresholdsOn: [Float]
    /// Per-pixel OFF threshold (nominal plus fixed mismatch), log units, row-major.
    public let thresholdsOff: [Float]
    /// Per-pixel downward drift of the memorised level, log units per second (empty if leak is off).
    let leakPerSecond: [Float]
    /// `linLog` of every 8-bit value.
    let logOfValue: [Float]
    /// v2e's normalised intensity (value + 20) / 275 of every 8-bit value: scales the low-pass
    /// speed and the shot-noise rate.
    let intensityOfValue: [Float]
    /// Inverse of `logOfValue` on a grid of levels: entry g is the smallest 8-bit value whose level
    /// is at least `inverseStart + g / inverseScale` (256 if none). Lets `emulateDVS` find a pixel's
    /// firing values with a lookup and a step or two instead of a search.
    let firstValueAtLeast: [UInt16]
    static let inverseStart: Float = -2
    static let inverseScale: Float = 512
    static let inverseCount = 5120  // levels −2 … 8

    public var pixelCount: Int { width * height }

    public init(width: Int, height: Int, parameters: DVSParameters = DVSParameters()) throws(DVSParameterError) {
        guard width > 0, height > 0, width <= 65535, height <= 65535 else {
            throw DVSParameterError(description: "sensor size \(width) x \(height) is outside 1...65535")
        }
        if let problem = parameters.problem { throw DVSParameterError(description: problem) }
        self.width = width
        self.height = height
        self.parameters = parameters
        let n = width * height
        var random = SplitMix64(seed: parameters.seed)
        func mismatched(_ nominal: Float) -> [Float] {
            guard parameters.thresholdSigma > 0 else { return [Float](repeating: nominal, count: n) }
            return (0..<n).map { _ in
                max(parameters.minimumThreshold, nominal + parameters.thresholdSigma * Float(random.nextGaussian()))
            }
        }
        let on = mismatched(parameters.thresholdOn)
        let off = mismatched(parameters.thresholdOff)
        thresholdsOn = on
        thresholdsOff = off
        if parameters.leakRateHz > 0 {
            // Rate × threshold is the drift that makes one leak event per 1/rate seconds (v2e).
            let spread = parameters.leakRateSpreadDecades * log(10.0)
            leakPerSecond = (0..<n).map { i in
                Float(parameters.leakRateHz * exp(spread * random.nextGaussian())) * on[i]
            }
        } else {
            leakPerSecond = []
        }
        logOfValue = (0..<256).map { Float(linLog(Double($0), linearBelow: parameters.linearBelow)) }
        intensityOfValue = (0..<256).map { Float((Double($0) + 20) / 275) }
        var inverse = [UInt16](repeating: 256, count: Self.inverseCount)
        var v = 0
        for g in 0..<Self.inverseCount {
            let level = Self.inverseStart + Float(g) / Self.inverseScale
            while v < 256 && logOfValue[v] < level { v += 1 }
            inverse[g] = UInt16(v)
        }
        firstValueAtLeast = inverse
    }
}
