import ArgumentParser
import Foundation
import RobotModel
import Spatial

/// `embody dynamics`: RNEA, ABA, gravity, mass matrix and link poses for given states, as JSON.
/// The contract other tools rely on is in the README.
struct Dynamics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute RNEA, ABA, gravity, mass matrix and link poses for states read from JSON.")

    @Option(help: "Path to the robot's URDF file.")
    var urdf: String

    @Option(help: "JSON file {\"samples\":[{\"q\":{joint:x},\"v\":{…},\"a\":{…},\"tau\":{…}}]} ('-' for stdin).")
    var input: String

    func run() throws {
        let (_, model) = try loadRobot(urdf)
        let samples = try readSamples(input, model: model)
        let data = RobotModel.Data(model)
        var out = "{\"joints\":[" + model.jointNames.map(jsonString).joined(separator: ",") + "],\"samples\":["
        for (k, s) in samples.enumerated() {
            if k > 0 { out += "," }
            out += dynamicsJSON(model, data, s)
        }
        out += "]}"
        print(out)
    }
}

/// One state of the robot, in model joint order.
struct DynamicsSample {
    var q, v, a, tau: [Double]
}

/// Reads `{"samples":[…]}`; a joint left out is 0, an unknown joint or a non-number is bad input.
func readSamples(_ path: String, model: Model) throws(CommandError) -> [DynamicsSample] {
    let bytes: Foundation.Data?
    if path == "-" { bytes = FileHandle.standardInput.readDataToEndOfFile() } else { bytes = FileManager.default.contents(atPath: path) }
    guard let bytes else { throw .badInput("\(path): no such file or not readable") }
    struct Input: Decodable { var samples: [[String: [String: Double]]] }
    let input: Input
    do { input = try JSONDecoder().decode(Input.self, from: bytes) } catch {
        throw .badInput("\(path): \(describe(error))")
    }
    let index = Dictionary(uniqueKeysWithValues: model.jointNames.enumerated().map { ($1, $0) })
    var result: [DynamicsSample] = []
    for (k, sample) in input.samples.enumerated() {
        for key in sample.keys where !["q", "v", "a", "tau"].contains(key) {
            throw .badInput("\(path): samples[\(k)] has unknown key \"\(key)\" (expected q, v, a, tau)")
        }
        func vector(_ key: String) throws(CommandError) -> [Double] {
            var values = [Double](repeating: 0, count: model.dof)
            for (name, value) in sample[key] ?? [:] {
                guard let i = index[name] else {
                    throw .badInput("\(path): samples[\(k)].\(key) names joint \"\(name)\", which is not a movable joint of \(model.name)")
                }
                guard value.isFinite else { throw .badInput("\(path): samples[\(k)].\(key).\(name) must be finite") }
                values[i] = value
            }
            return values
        }
        result.append(DynamicsSample(q: try vector("q"), v: try vector("v"), a: try vector("a"), tau: try vector("tau")))
    }
    return result
}

/// One line for a JSON decoding failure: where in the document, and what was expected.
private func describe(_ error: Error) -> String {
    func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }
    switch error as? DecodingError {
    case .typeMismatch(_, let c), .valueNotFound(_, let c):
        return "\(path(c.codingPath)): expected {\"samples\":[{\"q\":{\"<joint>\":number,…},…}]}, \(c.debugDescription.lowercased())"
    case .keyNotFound(let key, let c):
        return "\(path(c.codingPath + [key])): missing (expected an object with a \"samples\" array)"
    case .dataCorrupted(let c):
        return "not valid JSON (\(c.underlyingError.map { "\($0)" } ?? c.debugDescription))"
    default:
        return "\(error)"
    }
}

/// The JSON object of one sample's results.
func dynamicsJSON(_ model: Model, _ data: RobotModel.Data, _ s: DynamicsSample) -> String {
    let names = model.jointNames
    func byJoint(_ values: UnsafeBufferPointer<Double>) -> String {
        "{" + names.indices.map { "\(jsonString(names[$0])):\(jsonNumber(values[$0]))" }.joined(separator: ",") + "}"
    }
    rnea(model, data, q: s.q, v: s.v, a: s.a)
    var out = "{\"rnea\":" + byJoint(data.tau)
    aba(model, data, q: s.q, v: s.v, tau: s.tau)
    out += ",\"aba\":" + byJoint(data.ddq)
    generalizedGravity(model, data, q: s.q)
    out += ",\"gravity\":" + byJoint(data.gravity)
    crba(model, data, q: s.q)
    let n = model.dof
    out += ",\"mass_matrix\":[" + (0..<n).map { r in
        "[" + (0..<n).map { jsonNumber(data.massMatrix[r * n + $0]) }.joined(separator: ",") + "]"
    }.joined(separator: ",") + "]"
    forwardKinematics(model, data, q: s.q)
    out += ",\"frames\":{" + model.frames.indices.map { f in
        let pose = data.framePoses[f]
        let t = pose.translation, r = pose.rotation
        let rows = [r.r0, r.r1, r.r2].map { "[\(jsonNumber($0.x)),\(jsonNumber($0.y)),\(jsonNumber($0.z))]" }
        return "\(jsonString(model.frames[f].name)):{\"translation\":[\(jsonNumber(t.x)),\(jsonNumber(t.y)),\(jsonNumber(t.z))],\"rotation\":[\(rows.joined(separator: ","))]}"
    }.joined(separator: ",") + "}}"
    return out
}

/// Shortest round-trip decimal; non-finite values (which JSON cannot hold) become null.
func jsonNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

func jsonString(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}
