#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A time surface: per pixel and polarity, the time of the latest event, read as
/// `exp(−(t − t_last)/τ)` — 1 where something just happened, fading to 0 over a few τ. It keeps
/// the recent motion history of the whole sensor in one dense map without choosing a window
/// (Lagorce et al., HOTS, 2017). Allocation-free after `init`.
public final class TimeSurface {
    public let width: Int
    public let height: Int
    /// Decay time constant τ, µs.
    public let decay: Double
    @usableFromInline let lastOn: UnsafeMutablePointer<Int64>
    @usableFromInline let lastOff: UnsafeMutablePointer<Int64>
    static let never = Int64.min

    public init(width: Int, height: Int, decay: Double) {
        precondition(width > 0 && height > 0, "size must be positive")
        precondition(decay > 0 && decay.isFinite, "decay must be a positive number of µs")
        self.width = width
        self.height = height
        self.decay = decay
        lastOn = .allocate(capacity: width * height)
        lastOff = .allocate(capacity: width * height)
        lastOn.initialize(repeating: Self.never, count: width * height)
        lastOff.initialize(repeating: Self.never, count: width * height)
    }

    deinit {
        lastOn.deallocate()
        lastOff.deallocate()
    }

    /// Records events (any order; the latest time per pixel wins). Off-sensor events are ignored.
    public func add(_ events: UnsafeBufferPointer<PolarityEvent>) {
        var k = 0
        while k < events.count {
            let e = events[k]
            k += 1
            guard Int(e.x) < width, Int(e.y) < height else { continue }
            let i = Int(e.y) * width + Int(e.x)
            let last = e.polarity ? lastOn : lastOff
            if e.timestamp > last[i] { last[i] = e.timestamp }
        }
    }

    /// The surface at one pixel at time `t` (µs): 0 if the pixel never fired with that polarity,
    /// 1 at the moment it fired (and for events stamped after `t`).
    public func value(x: Int, y: Int, polarity: Bool, at t: Int64) -> Double {
        let last = (polarity ? lastOn : lastOff)[y * width + x]
        if last == Self.never { return 0 }
        return exp(-Double(max(0, t - last)) / decay)
    }

    /// The whole surface of one polarity at time `t`, row-major.
    public func write(polarity: Bool, at t: Int64, into output: UnsafeMutableBufferPointer<Float>) {
        precondition(output.count == width * height, "output must hold width × height values")
        let last = polarity ? lastOn : lastOff
        for i in 0..<(width * height) {
            output[i] = last[i] == Self.never ? 0 : Float(exp(-Double(max(0, t - last[i])) / decay))
        }
    }

    public func clear() {
        lastOn.update(repeating: Self.never, count: width * height)
        lastOff.update(repeating: Self.never, count: width * height)
    }
}
