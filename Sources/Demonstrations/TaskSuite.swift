import Control
import Foundation
import Physics

/// The instructions a dataset is recorded for, grouped so that episodes can be balanced: families
/// (pick and place, reach, push), tasks within a family (which cube, which direction), and
/// phrasings of one task (verb and preposition synonyms the parser accepts). Episode seeds walk
/// the families and tasks in turn, so consecutive seeds cover them evenly; the phrasing is hashed
/// from the seed, so the model sees every wording of every task.
public struct TaskSuite: Sendable, Equatable {
    /// families[f][t] holds the phrasings of task t of family f.
    public let families: [[[String]]]

    public init(families: [[[String]]]) {
        precondition(families.allSatisfy { !$0.isEmpty && $0.allSatisfy { !$0.isEmpty } }, "empty family or task")
        self.families = families
    }

    /// A given list of instructions: one family, each instruction its own task.
    public init(instructions: [String]) {
        self.init(families: [instructions.map { [$0] }])
    }

    /// The suite of sim/tasks/README.md for the shipped scenes' cubes and pad.
    public static let all: TaskSuite = {
        let colours = ["red", "yellow", "blue"]
        let place = colours.map { colour in
            ["put", "place", "move"].flatMap { verb in
                ["on", "onto"].map { "\(verb) the \(colour) cube \($0) the green pad" }
            }
        }
        let reach = colours.map { colour in ["touch", "reach"].map { "\($0) the \(colour) cube" } }
        let push = colours.flatMap { colour in
            ["to the left", "to the right", "forward", "back"].map { ["push the \(colour) cube \($0)"] }
        }
        return TaskSuite(families: [place, reach, push])
    }()

    /// `all`, or instructions separated by `;`; each must parse as a task.
    public static func parse(_ spec: String) throws(DatasetError) -> TaskSuite {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        if trimmed == "all" { return .all }
        let instructions = trimmed.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !instructions.isEmpty else {
            throw .badInput("--tasks: expected \"all\" or instructions separated by \";\", got \"\(spec)\"")
        }
        for instruction in instructions where Task(instruction: instruction) == nil {
            throw .badInput("--tasks: \"\(instruction)\" is not an instruction template (sim/tasks/README.md)")
        }
        var unique: [String] = []
        for instruction in instructions where !unique.contains(instruction) { unique.append(instruction) }
        return TaskSuite(instructions: unique)
    }

    /// Every phrasing, in a fixed order: the `instruction` column indexes this list.
    public var instructions: [String] { families.flatMap { $0.flatMap { $0 } } }

    /// The instruction of the episode with this seed: family seed mod F, task (seed / F) mod T
    /// within it, phrasing from a hash of the seed.
    public func instruction(forSeed seed: UInt64) -> String {
        let family = families[Int(seed % UInt64(families.count))]
        let task = family[Int((seed / UInt64(families.count)) % UInt64(family.count))]
        var mixer = SeededGenerator(seed: seed ^ 0x7A5C_0DE5_1234_5678)
        return task[Int(mixer.next() % UInt64(task.count))]
    }

    /// A label for per-task counts: the canonical (first) phrasing of the instruction's task.
    public func taskName(of instruction: String) -> String {
        for family in families {
            for task in family where task.contains(instruction) { return task[0] }
        }
        return instruction
    }
}
