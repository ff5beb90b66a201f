import Foundation

/// Faults the emulator injects, from a `--faults` string of comma-separated items:
///
/// | item | meaning |
/// |---|---|
/// | `drop=P` | each byte on the wire (both directions) is lost with probability P |
/// | `corrupt=P` | each byte on the wire has one random bit flipped with probability P |
/// | `silent=ID[@T]` | servo ID stops answering (and obeying) from T seconds after start (default 0) |
/// | `overload=ID[@T]` | servo ID latches an overload from T s: error bits in every status, torque off |
/// | `vanish=T` | at T s the port disappears: the link is unlinked and the pseudo-terminal closed |
///
/// `silent` and `overload` may repeat. Random draws come from the emulator's `--seed`, so a
/// faulty run is repeatable. Example: `drop=0.001,corrupt=0.01,silent=3@2.5,vanish=10`.
public struct FaultSpec: Equatable, Sendable {
    /// A fault that starts at a time (seconds after the emulator starts).
    public struct Timed: Equatable, Sendable {
        public var id: Int
        public var at: Double
    }

    public var dropProbability = 0.0
    public var corruptProbability = 0.0
    public var silent: [Timed] = []
    public var overload: [Timed] = []
    /// Seconds after start when the port vanishes.
    public var vanishAt: Double?

    public init() {}

    /// True when nothing is injected.
    public var isEmpty: Bool { self == FaultSpec() }

    /// A bad `--faults` string, as one line naming the item.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Parses the `--faults` syntax above.
    public init(parsing text: String) throws(ParseError) {
        self.init()
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ParseError(description: "--faults \"\(item)\": expected key=value (drop, corrupt, silent, overload, vanish)")
            }
            let key = parts[0], value = parts[1]
            func probability() throws(ParseError) -> Double {
                guard let p = Double(value), p >= 0, p <= 1 else {
                    throw ParseError(description: "--faults \(key)=\(value): expected a probability between 0 and 1")
                }
                return p
            }
            func seconds(_ text: Substring) throws(ParseError) -> Double {
                guard let t = Double(text), t >= 0, t.isFinite else {
                    throw ParseError(description: "--faults \(key)=\(value): expected a time in seconds ≥ 0, found \"\(text)\"")
                }
                return t
            }
            func timed() throws(ParseError) -> Timed {
                let pieces = value.split(separator: "@", maxSplits: 1)
                guard let id = Int(pieces[0]), (0...253).contains(id) else {
                    throw ParseError(description: "--faults \(key)=\(value): expected a servo ID (0...253), optionally @seconds")
                }
                return Timed(id: id, at: pieces.count == 2 ? try seconds(pieces[1]) : 0)
            }
            switch key {
            case "drop": dropProbability = try probability()
            case "corrupt": corruptProbability = try probability()
            case "silent": silent.append(try timed())
            case "overload": overload.append(try timed())
            case "vanish": vanishAt = try seconds(Substring(value))
            default:
                throw ParseError(description: "--faults \"\(key)\": unknown fault; expected drop, corrupt, silent, overload or vanish")
            }
        }
    }
}
