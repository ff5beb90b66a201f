import Foundation

/// What Z3 said about one obligation.
public enum ProofOutcome: Sendable, Equatable {
    case proved
    /// The negated claim is satisfiable: Z3's model, `name = value` per declared constant.
    case counterexample([String: String])
    /// Z3 gave up (timeout, incomplete theory) or failed; the text says why.
    case unknown(String)
}

/// Runs the Z3 executable (Debian's `z3`) on SMT-LIB scripts.
public struct Z3Solver: Sendable {
    public var executable: String
    /// Per-obligation time limit, seconds.
    public var timeout: Int

    public init(executable: String? = nil, timeout: Int = 120) {
        self.executable = executable ?? Z3Solver.locate() ?? "/usr/bin/z3"
        self.timeout = timeout
    }

    /// `z3` on the PATH, if any.
    public static func locate() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/z3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public func check(_ script: String) throws -> ProofOutcome {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw SafetyProofError("z3 not found at \(executable); install Debian's z3 (scripts/install-deps.sh does)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-smt2", "-T:\(timeout)", "-in"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        switch lines.first {
        case "unsat": return .proved
        case "sat": return .counterexample(Self.model(text))
        default: return .unknown(lines.first ?? "no answer (exit \(process.terminationStatus))")
        }
    }

    /// `(define-fun name () Real value)` entries of a Z3 model, values as Z3 prints them.
    static func model(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        let parts = text.components(separatedBy: "(define-fun ").dropFirst()
        for part in parts {
            let tokens = part.split(separator: " ", maxSplits: 3)
            guard tokens.count == 4, tokens[1] == "()" else { continue }
            var value = tokens[3].trimmingCharacters(in: .whitespacesAndNewlines)
            while value.hasSuffix(")") && value.filter({ $0 == ")" }).count > value.filter({ $0 == "(" }).count {
                value.removeLast()
                value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            result[String(tokens[0])] = value
        }
        return result
    }
}

/// Evaluates a Z3 model value (`1.5`, `(- 2.0)`, `(/ 1.0 3.0)`, `(root-obj …)` is not supported) as a Double.
public func evaluateModelValue(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if let x = Double(t) { return x }
    guard t.hasPrefix("("), t.hasSuffix(")") else { return nil }
    let inner = String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
    if inner.hasPrefix("- ") { return evaluateModelValue(String(inner.dropFirst(2))).map { -$0 } }
    if inner.hasPrefix("/ ") {
        let body = String(inner.dropFirst(2))
        // split into two balanced operands
        var depth = 0
        for (i, c) in body.enumerated() {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 } else if c == " ", depth == 0 {
                let a = String(body.prefix(i)), b = String(body.dropFirst(i + 1))
                if let x = evaluateModelValue(a), let y = evaluateModelValue(b), y != 0 { return x / y }
                return nil
            }
        }
    }
    return nil
}

public struct SafetyProofError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
