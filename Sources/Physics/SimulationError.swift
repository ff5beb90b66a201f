/// A run that cannot go on: the state became non-finite, blew up or sank too deep. Names the body
/// or joint and the simulated time, so the scene can be fixed.
public struct SimulationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Simulated time of the failing step, seconds.
    public var time: Double
    /// The body, geom or joint concerned.
    public var subject: String
    public var message: String

    public var description: String {
        "simulation diverged at t = \(String(format: "%.3f", time)) s: \(subject): \(message)"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
