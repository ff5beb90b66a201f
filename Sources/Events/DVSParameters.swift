/// The constants of an emulated DVS (dynamic vision sensor) pixel array. Defaults follow the two
/// published frame-to-event emulators:
///
/// - **v2e**: Y. Hu, S.-C. Liu, T. Delbruck, "v2e: From Video Frames to Realistic DVS Events",
///   CVPR Workshops 2021 (and its reference code's command-line defaults).
/// - **ESIM**: H. Rebecq, D. Gehrig, D. Scaramuzza, "ESIM: an Open Event Camera Simulator",
///   CoRL 2018.
///
/// Every non-ideality beyond threshold mismatch and the refractory period (photoreceptor
/// low-pass, leak events, shot noise) is off by default, as in v2e's "clean" preset, so a default
/// sensor is deterministic given its seed and a static scene emits nothing.
public struct DVSParameters: Sendable, Equatable {
    /// Log-intensity increase that emits one ON event. Default 0.2 (v2e `--pos_thres`; the
    /// ESIM-based vid2e generator's `--contrast_threshold_positive` default is 0.2 as well).
    public var thresholdOn: Float = 0.2
    /// Log-intensity decrease that emits one OFF event. Default 0.2 (v2e `--neg_thres`).
    public var thresholdOff: Float = 0.2
    /// Standard deviation of the fixed pixel-to-pixel threshold mismatch, log units. Default 0.03
    /// (v2e `--sigma_thres`). Drawn once per pixel from `seed`; real sensors show a few percent,
    /// and without it every pixel on an edge fires in lockstep.
    public var thresholdSigma: Float = 0.03
    /// Smallest threshold a mismatched pixel may get, log units. Default 0.01 (v2e clamps its
    /// Gaussian thresholds there so no pixel becomes a noise source).
    public var minimumThreshold: Float = 0.01
    /// Dead time after each event of a pixel, µs; crossings inside it are lost. Default 500 µs
    /// (v2e `--refractory_period` 0.5 ms). 0 disables it.
    public var refractoryPeriod: Int64 = 500
    /// 8-bit value below which the photoreceptor response is linear instead of logarithmic.
    /// Default 20 (v2e `lin_log` threshold). See `linLog`.
    public var linearBelow: Double = 20
    /// 3 dB cut-off of the photoreceptor low-pass for a white pixel, Hz; darker pixels are slower
    /// in proportion to their intensity. Default 0 = off (v2e's "clean" preset; v2e's command-line
    /// default is 300 Hz, its "noisy" preset 30 Hz).
    public var cutoffHz: Double = 0
    /// Mean rate of leak (spontaneous ON) events per pixel, Hz. Default 0 = off (v2e's command
    /// line uses 0.01 Hz for normal illumination, its "noisy" preset 0.1 Hz).
    public var leakRateHz: Double = 0
    /// Pixel-to-pixel spread of the leak rate, decades (log-normal). Default 0.1 (v2e
    /// `--noise_rate_cov_decades`).
    public var leakRateSpreadDecades: Double = 0.1
    /// Rate of shot-noise events (ON + OFF) per pixel in the darkest parts of the scene, Hz; a
    /// white pixel sees a quarter of it. Default 0 = off (v2e's command line uses 0.001 Hz, its
    /// "noisy" preset 5 Hz).
    public var shotNoiseRateHz: Double = 0
    /// Seed of the threshold mismatch, leak-rate spread and noise.
    public var seed: UInt64 = 0

    public init() {}

    /// A sensor without mismatch, refractory period or noise: the textbook model, whose event
    /// counts follow from the log-intensity changes alone (used by the analytic tests).
    public static var ideal: DVSParameters {
        var p = DVSParameters()
        p.thresholdSigma = 0
        p.refractoryPeriod = 0
        return p
    }

    /// Why these parameters cannot make a sensor, or nil.
    public var problem: String? {
        if !(thresholdOn > 0 && thresholdOn.isFinite) { return "ON threshold \(thresholdOn) must be a positive number of log units" }
        if !(thresholdOff > 0 && thresholdOff.isFinite) { return "OFF threshold \(thresholdOff) must be a positive number of log units" }
        if !(thresholdSigma >= 0 && thresholdSigma.isFinite) { return "threshold sigma \(thresholdSigma) must be ≥ 0" }
        if !(minimumThreshold > 0 && minimumThreshold.isFinite) { return "minimum threshold \(minimumThreshold) must be positive" }
        if refractoryPeriod < 0 { return "refractory period \(refractoryPeriod) µs must be ≥ 0" }
        if !(linearBelow > 0 && linearBelow <= 255) { return "linear region end \(linearBelow) must be in (0, 255]" }
        if !(cutoffHz >= 0 && cutoffHz.isFinite) { return "cut-off \(cutoffHz) Hz must be ≥ 0" }
        if !(leakRateHz >= 0 && leakRateHz.isFinite) { return "leak rate \(leakRateHz) Hz must be ≥ 0" }
        if !(leakRateSpreadDecades >= 0 && leakRateSpreadDecades.isFinite) { return "leak-rate spread \(leakRateSpreadDecades) must be ≥ 0" }
        if !(shotNoiseRateHz >= 0 && shotNoiseRateHz.isFinite) { return "shot-noise rate \(shotNoiseRateHz) Hz must be ≥ 0" }
        return nil
    }
}
