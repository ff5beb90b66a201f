import AllocationCounter
import ArgumentParser
import Foundation
import Physics
import RobotModel

/// `embody bench …`: performance measurements whose figures go to BENCHMARKS.md.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure performance.", subcommands: [BenchDynamics.self, BenchSim.self, BenchBus.self, BenchSafety.self, BenchReflex.self, BenchRecording.self])
}

/// `embody bench dynamics`: median time per call of each dynamics algorithm and heap allocations per call.
struct BenchDynamics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dynamics",
        abstract: "Time FK, frame Jacobian, RNEA, CRBA and ABA per call on random states within limits.")

    @Option(help: "Path to the robot's URDF file.")
    var urdf: String

    @Option(help: "Link whose Jacobian is timed (default: the last link in tree order).")
    var frame: String?

    @Option(help: "Calls per timed batch.")
    var calls = 10_000

    @Option(help: "Timed batches; the median batch mean is reported.")
    var batches = 20

    @Option(help: "Seed of the random states.")
    var seed: UInt64 = 1

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard calls > 0, batches > 0 else { throw ValidationError("--calls and --batches must be positive") }
    }

    func run() throws {
        let (_, model) = try loadRobot(urdf)
        let frameIndex: Int
        if let frame {
            guard let index = model.frameIndex(named: frame) else {
                throw CommandError.badInput("--frame \(frame): no link of that name in \(urdf)")
            }
            frameIndex = index
        } else {
            frameIndex = model.frames.count - 1
        }
        let data = RobotModel.Data(model)
        let states = randomStates(model, count: 100, seed: seed)
        let m = states.count

        let cases: [(key: String, name: String, call: (Int) -> Void)] = [
            ("fk_us", "forward kinematics (all links)", { k in forwardKinematics(model, data, q: states[k % m].q) }),
            ("jacobian_us", "frame Jacobian (\(model.frames[frameIndex].name), world-aligned)", { k in
                frameJacobian(model, data, q: states[k % m].q, frame: frameIndex, in: .localWorldAligned) }),
            ("rnea_us", "RNEA", { k in let s = states[k % m]; rnea(model, data, q: s.q, v: s.v, a: s.a) }),
            ("crba_us", "CRBA", { k in crba(model, data, q: states[k % m].q) }),
            ("aba_us", "ABA", { k in let s = states[k % m]; aba(model, data, q: s.q, v: s.v, tau: s.tau) }),
        ]
        var results: [(key: String, name: String, micros: Double, allocations: Double)] = []
        for c in cases {
            for k in 0..<min(calls, 1000) { c.call(k) }  // warm caches and branch predictors
            var batchMeans: [Double] = []
            for _ in 0..<batches {
                let start = DispatchTime.now().uptimeNanoseconds
                for k in 0..<calls { c.call(k) }
                let end = DispatchTime.now().uptimeNanoseconds
                batchMeans.append(Double(end - start) / Double(calls) / 1000)
            }
            batchMeans.sort()
            let probe = 1000
            let allocations = countAllocations { for k in 0..<probe { c.call(k) } }
            results.append((c.key, c.name, batchMeans[batchMeans.count / 2], Double(allocations) / Double(probe)))
        }
        let worstAllocations = results.map(\.allocations).max() ?? 0
        if json {
            let fields = results.map { "\"\($0.key)\":\(String(format: "%.4f", $0.micros))" }
            print("{" + fields.joined(separator: ",") + ",\"allocations_per_call\":\(fmt(worstAllocations))}")
        } else {
            print("\(model.name): \(model.dof) DoF, median of \(batches) batches × \(calls) calls, random states (seed \(seed))")
            let width = results.map(\.name.count).max() ?? 0
            for r in results {
                print("  \(r.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)) \(String(format: "%8.3f", r.micros)) µs/call  \(fmt(r.allocations)) allocations/call")
            }
        }
    }
}

/// Random states within joint limits: q uniform in each joint's range, v, a, τ uniform in [-1, 1].
func randomStates(_ model: Model, count: Int, seed: UInt64) -> [DynamicsSample] {
    var rng = SeededGenerator(seed: seed)
    let ranges = model.jointInfo.dropFirst().map(\.positionRange)
    func unit() -> [Double] { (0..<model.dof).map { _ in Double.random(in: -1...1, using: &rng) } }
    return (0..<count).map { _ in
        DynamicsSample(q: ranges.map { Double.random(in: $0, using: &rng) }, v: unit(), a: unit(), tau: unit())
    }
}
