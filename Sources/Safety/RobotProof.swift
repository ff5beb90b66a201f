import Dispatch
import Foundation
import RobotModel

/// One obligation of one joint, and what Z3 said.
public struct ObligationResult: Sendable {
    public var joint: String
    public var obligation: ProofObligation
    public var outcome: ProofOutcome
    public var seconds: Double
}

/// Generates and checks every proof obligation of a robot's supervisor with Z3: each joint with its
/// own `robot.toml` entry (a mimic joint copies its master's proven command). Joints with the same
/// numbers share one check. Runs `parallel` Z3 processes at a time.
public func proveSupervisor(_ model: SupervisorModel, solver: Z3Solver = Z3Solver(), parallel: Int = 2) throws -> [ObligationResult] {
    var work: [(joint: String, obligation: ProofObligation)] = []
    var seen: [JointEnvelope] = []
    var alias: [(joint: String, of: Int)] = []  // joints whose envelope equals an earlier one
    for i in model.jointNames.indices where model.followers[i] == nil {
        if let k = seen.firstIndex(of: model.envelopes[i]) {
            alias.append((model.jointNames[i], k))
            continue
        }
        seen.append(model.envelopes[i])
        for obligation in ProofObligations.obligations(for: model.envelopes[i], period: model.dt) {
            work.append((model.jointNames[i], obligation))
        }
    }
    let box = ResultBox(count: work.count)
    let queue = DispatchQueue(label: "embody.prove", attributes: .concurrent)
    let slots = DispatchSemaphore(value: max(1, parallel))
    let group = DispatchGroup()
    for (index, item) in work.enumerated() {
        slots.wait()
        queue.async(group: group) {
            defer { slots.signal() }
            let start = Date()
            do {
                let outcome = try solver.check(item.obligation.smt)
                box.set(index, ObligationResult(joint: item.joint, obligation: item.obligation, outcome: outcome,
                                                seconds: Date().timeIntervalSince(start)))
            } catch {
                box.fail(error)
            }
        }
    }
    group.wait()
    if let error = box.error { throw error }
    var ordered = box.results.compactMap { $0 }
    // Joints sharing an envelope get the same results under their own name.
    let perJoint = ProofObligations.obligations(for: model.envelopes[0], period: model.dt).count
    let distinct = Array(ordered)
    for (joint, k) in alias {
        for r in distinct[(k * perJoint)..<((k + 1) * perJoint)] {
            var copy = r
            copy.joint = joint
            ordered.append(copy)
        }
    }
    return ordered
}

/// The workers' results and the first error any of them threw, behind a lock.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var results: [ObligationResult?]
    private(set) var error: Error?
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: ObligationResult) { lock.withLock { results[index] = result } }
    func fail(_ e: Error) { lock.withLock { if error == nil { error = e } } }
}
