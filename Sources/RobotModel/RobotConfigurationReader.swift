import Foundation
import TOMLKit

extension RobotConfiguration {
    /// Reads `robot.toml` at `path` and checks every rule that needs this file alone (types,
    /// required keys, enums, signs, limits against capabilities, unique names and servo IDs).
    /// The URDF path is resolved against the file's folder; the URDF itself is not read here
    /// (see `validate(against:)`).
    public static func load(contentsOf path: String) throws(RobotConfigurationError) -> RobotConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw RobotConfigurationError(file: path, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RobotConfigurationError(file: path, message: "expected UTF-8 text (TOML), found bytes that are not")
        }
        return try parse(text, file: path)
    }

    /// Parses a `robot.toml` document; `file` names it in errors and anchors the URDF path.
    public static func parse(_ text: String, file: String) throws(RobotConfigurationError) -> RobotConfiguration {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw RobotConfigurationError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                          message: "TOML syntax error: \(error.description)")
        } catch {
            throw RobotConfigurationError(file: file, message: "TOML syntax error: \(error)")
        }
        return try Reader(file: file, lines: TOMLSourceLines(text)).configuration(root)
    }
}

/// A table of `robot.toml`, as errors name it.
enum ConfigurationTable: Equatable {
    case root, robot, bus
    /// The index-th `[[joints]]` entry, with its name once that is known.
    case joint(Int, String?)

    /// `[robot]`, `[[joints]] "elbow"`, `[[joints]] #3`, or nil for the document itself.
    var header: String? {
        switch self {
        case .root: nil
        case .robot: "[robot]"
        case .bus: "[bus]"
        case .joint(_, let name?): "[[joints]] \"\(name)\""
        case .joint(let index, nil): "[[joints]] #\(index + 1)"
        }
    }

    /// The name `TOMLSourceLines` files the table under.
    var sourceName: String {
        switch self {
        case .root: ""
        case .robot: "robot"
        case .bus: "bus"
        case .joint(let index, _): "joints#\(index)"
        }
    }

    func display(key: String?) -> String? {
        switch (header, key) {
        case (let h?, let k?): "\(h) \(k)"
        case (let h?, nil): h
        case (nil, let k): k
        }
    }
}

/// Lines of table headers and keys, found by scanning the text, because TOMLKit does not expose
/// the source positions of parsed values. Good enough for the hand-written files this schema
/// describes (one key per line); a key it cannot place falls back to its table's header line.
struct TOMLSourceLines: Sendable {
    /// `"robot"`, `"joints#2"` → header line; `"joints#2.limits"` → line of that key.
    private var lines: [String: Int] = [:]

    init(_ text: String) {
        var section = ""
        var arrayCounts: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[["), let close = line.range(of: "]]") {
                let name = line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                let count = arrayCounts[name, default: 0]
                arrayCounts[name] = count + 1
                section = "\(name)#\(count)"
            } else if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
                section = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
            } else if !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let full = section.isEmpty ? key : "\(section).\(key)"
                if lines[full] == nil { lines[full] = index + 1 }
                continue
            } else {
                continue
            }
            lines[section] = index + 1
        }
    }

    /// Line of `key` (or of its nearest enclosing key) in `table`, else of the table's header.
    func line(of table: ConfigurationTable, key: String?) -> Int? {
        let section = table.sourceName
        if var path = key {
            while true {
                if let line = lines[section.isEmpty ? path : "\(section).\(path)"] { return line }
                guard let dot = path.lastIndex(of: ".") else { break }
                path = String(path[..<dot])
            }
        }
        return section.isEmpty ? nil : lines[section]
    }
}

/// Walks the parsed TOML, checking each value as it is read.
private struct Reader {
    let file: String
    let lines: TOMLSourceLines

    func fail(_ table: ConfigurationTable, _ key: String?, _ message: String) -> RobotConfigurationError {
        RobotConfigurationError(file: file, line: lines.line(of: table, key: key), key: table.display(key: key), message: message)
    }

    func configuration(_ root: TOMLTable) throws(RobotConfigurationError) -> RobotConfiguration {
        try onlyKnownKeys(root, ["robot", "bus", "joints"], in: .root)
        let robot = try section(root, .robot)
        try onlyKnownKeys(robot, ["name", "urdf", "base_link", "tool_frame"], in: .robot)
        let name = try string(robot, "name", in: .robot)!
        let urdf = try string(robot, "urdf", in: .robot)!
        let urdfPath = urdf.hasPrefix("/") ? urdf
            : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(urdf)
        let baseLink = try string(robot, "base_link", in: .robot)!
        let toolFrame = try string(robot, "tool_frame", in: .robot)!
        let bus = try self.bus(try section(root, .bus))

        guard let entries = root["joints"] else {
            throw fail(.root, "joints", "missing; expected one [[joints]] table per actuated joint")
        }
        guard let array = entries.array, array.allSatisfy({ $0.type == .table }) else {
            throw fail(.root, "joints", "expected an array of tables ([[joints]]), found \(describe(entries))")
        }
        guard !array.isEmpty else {
            throw fail(.root, "joints", "expected at least one [[joints]] table, found none")
        }
        var joints: [RobotConfiguration.ActuatedJoint] = []
        var nameIndex: [String: Int] = [:]
        var idIndex: [Int: Int] = [:]
        for (index, entry) in array.enumerated() {
            let joint = try self.joint(entry.table!, index: index, bus: bus)
            let at = ConfigurationTable.joint(index, joint.name)
            if let first = nameIndex[joint.name] {
                let firstLine = lines.line(of: .joint(first, nil), key: nil).map { ", line \($0)" } ?? ""
                throw fail(at, "name", "\"\(joint.name)\" is already listed (entry #\(first + 1)\(firstLine)); each joint has one entry")
            }
            nameIndex[joint.name] = index
            if let id = joint.servoID {
                if let first = idIndex[id] {
                    throw fail(at, "servo_id", "\(id) is already used by \"\(joints[first].name)\"; servo IDs are unique on the bus")
                }
                idIndex[id] = index
            }
            joints.append(joint)
        }
        return RobotConfiguration(name: name, file: file, urdf: urdfPath, baseLink: baseLink, toolFrame: toolFrame,
                                  bus: bus, joints: joints, sourceLines: lines)
    }

    func bus(_ t: TOMLTable) throws(RobotConfigurationError) -> RobotConfiguration.Bus {
        let kind = try choice(t, "type", in: .bus, RobotConfiguration.Bus.Kind.self)
        if kind == .none {
            if let extra = t.keys.sorted().first(where: { $0 != "type" }) {
                throw fail(.bus, extra, "not allowed when type is \"none\" (a simulated robot has no bus)")
            }
            return RobotConfiguration.Bus(kind: .none, wireProtocol: nil, baud: nil, port: nil)
        }
        try onlyKnownKeys(t, ["type", "protocol", "baud", "port"], in: .bus)
        let requiredBecause = "required when type is \"\(kind.rawValue)\""
        let wire = try choice(t, "protocol", in: .bus, RobotConfiguration.Bus.WireProtocol.self, why: requiredBecause)
        guard wire.busKind == kind else {
            let expected = RobotConfiguration.Bus.WireProtocol.allCases.first { $0.busKind == kind }!
            throw fail(.bus, "protocol", "expected \"\(expected.rawValue)\" for a \(kind.rawValue) bus, found \"\(wire.rawValue)\"")
        }
        let baud = try integer(t, "baud", in: .bus, why: requiredBecause)!
        guard baud > 0 else { throw fail(.bus, "baud", "expected a positive bit rate, found \(baud)") }
        let port = try string(t, "port", in: .bus, required: false)
        return RobotConfiguration.Bus(kind: kind, wireProtocol: wire, baud: baud, port: port)
    }

    func joint(_ t: TOMLTable, index: Int, bus: RobotConfiguration.Bus) throws(RobotConfigurationError)
        -> RobotConfiguration.ActuatedJoint
    {
        let name = try string(t, "name", in: .joint(index, nil))!
        let at = ConfigurationTable.joint(index, name)
        let servoKeys = ["servo_id", "servo_model", "encoder_ticks_per_turn", "servo_gains"]
        var allowed = ["name", "actuator", "command_modes", "kp", "kd", "max_torque", "max_velocity", "armature", "limits"]
        if bus.kind == .none {
            if let extra = t.keys.sorted().first(where: servoKeys.contains) {
                throw fail(at, extra, "not allowed when [bus] type is \"none\" (a simulated joint has no servo)")
            }
        } else {
            allowed += servoKeys
        }
        try onlyKnownKeys(t, allowed, in: at)

        var servoID: Int?, servoModel: String?, ticks: Int?, gains: RobotConfiguration.ServoGains?
        if let wire = bus.wireProtocol {
            let why = "required when [bus] type is \"\(bus.kind.rawValue)\""
            let id = try integer(t, "servo_id", in: at, why: why)!
            guard wire.servoIDs.contains(id) else {
                throw fail(at, "servo_id", "expected an ID in \(wire.servoIDs.lowerBound)...\(wire.servoIDs.upperBound) for protocol \"\(wire.rawValue)\", found \(id)")
            }
            servoID = id
            servoModel = try string(t, "servo_model", in: at, why: why)
            ticks = try integer(t, "encoder_ticks_per_turn", in: at, why: why)
            guard ticks! > 0 else { throw fail(at, "encoder_ticks_per_turn", "expected a positive integer, found \(ticks!)") }
            if t.contains(key: "servo_gains") {
                let g = try table(t, "servo_gains", in: at)
                try onlyKnownKeys(g, ["p", "i", "d"], in: at, prefix: "servo_gains.")
                var values: [Int] = []
                for key in ["p", "i", "d"] {
                    let value = try integer(g, key, in: at, prefix: "servo_gains.")!
                    guard value >= 0 else {
                        throw fail(at, "servo_gains.\(key)", "expected a register value ≥ 0, found \(value)")
                    }
                    values.append(value)
                }
                gains = RobotConfiguration.ServoGains(p: values[0], i: values[1], d: values[2])
            }
        }

        let actuator = try choice(t, "actuator", in: at, RobotConfiguration.Actuator.self)
        let modes = try commandModes(t, in: at)
        let kp = try number(t, "kp", in: at, positive: true)
        let kd = try number(t, "kd", in: at, positive: false)
        let maxTorque = try number(t, "max_torque", in: at, positive: true)
        let maxVelocity = try number(t, "max_velocity", in: at, positive: true)
        let armature = try number(t, "armature", in: at, positive: false)

        let l = try table(t, "limits", in: at)
        let limitKeys = ["lower", "upper", "velocity", "acceleration", "jerk", "torque"]
        try onlyKnownKeys(l, limitKeys, in: at, prefix: "limits.")
        let lower = try number(l, "lower", in: at, prefix: "limits.", positive: nil)
        let upper = try number(l, "upper", in: at, prefix: "limits.", positive: nil)
        guard lower < upper else {
            throw fail(at, "limits.upper", "expected a value above limits.lower (\(lower)), found \(upper)")
        }
        let limits = RobotConfiguration.Limits(
            lower: lower, upper: upper,
            velocity: try number(l, "velocity", in: at, prefix: "limits.", positive: true),
            acceleration: try number(l, "acceleration", in: at, prefix: "limits.", positive: true),
            jerk: try number(l, "jerk", in: at, prefix: "limits.", positive: true),
            torque: try number(l, "torque", in: at, prefix: "limits.", positive: true))
        guard limits.velocity <= maxVelocity else {
            throw fail(at, "limits.velocity", "\(limits.velocity) exceeds max_velocity \(maxVelocity); expected at most the actuator's capability")
        }
        guard limits.torque <= maxTorque else {
            throw fail(at, "limits.torque", "\(limits.torque) exceeds max_torque \(maxTorque); expected at most the actuator's capability")
        }
        return RobotConfiguration.ActuatedJoint(
            name: name, servoID: servoID, servoModel: servoModel, actuator: actuator, commandModes: modes,
            kp: kp, kd: kd, maxTorque: maxTorque, maxVelocity: maxVelocity, encoderTicksPerTurn: ticks,
            armature: armature, servoGains: gains, limits: limits)
    }

    func commandModes(_ t: TOMLTable, in at: ConfigurationTable) throws(RobotConfigurationError) -> RobotConfiguration.CommandModes {
        let names = RobotConfiguration.CommandModes.names
        let expected = "an array of " + names.map { "\"\($0.name)\"" }.joined(separator: ", ")
        guard let value = t["command_modes"] else { throw fail(at, "command_modes", "missing; expected \(expected)") }
        guard let array = value.array else {
            throw fail(at, "command_modes", "expected \(expected), found \(describe(value))")
        }
        guard !array.isEmpty else {
            throw fail(at, "command_modes", "expected at least one mode, found an empty array")
        }
        var modes: RobotConfiguration.CommandModes = []
        for element in array {
            guard let text = element.string, let mode = names.first(where: { $0.name == text })?.mode else {
                let known = names.map { "\"\($0.name)\"" }.joined(separator: ", ")
                throw fail(at, "command_modes", "expected each mode to be one of \(known), found \(describe(element))")
            }
            guard !modes.contains(mode) else {
                throw fail(at, "command_modes", "\"\(text)\" is listed twice")
            }
            modes.insert(mode)
        }
        return modes
    }

    // MARK: Typed values

    func onlyKnownKeys(_ t: TOMLTable, _ allowed: [String], in at: ConfigurationTable, prefix: String = "") throws(RobotConfigurationError) {
        if let unknown = t.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail(at, prefix + unknown, "unknown key; expected one of \(allowed.joined(separator: ", "))")
        }
    }

    /// A top-level table, `[robot]` or `[bus]`.
    func section(_ root: TOMLTable, _ table: ConfigurationTable) throws(RobotConfigurationError) -> TOMLTable {
        guard let value = root[table.sourceName] else { throw fail(table, nil, "missing; expected a table") }
        guard let section = value.table else { throw fail(table, nil, "expected a table, found \(describe(value))") }
        return section
    }

    /// An inline table inside a joint entry, `limits` or `servo_gains`.
    func table(_ t: TOMLTable, _ key: String, in at: ConfigurationTable) throws(RobotConfigurationError) -> TOMLTable {
        guard let value = t[key] else { throw fail(at, key, "missing; expected an inline table { … }") }
        guard let table = value.table else { throw fail(at, key, "expected an inline table { … }, found \(describe(value))") }
        return table
    }

    func string(_ t: TOMLTable, _ key: String, in at: ConfigurationTable, required: Bool = true, why: String? = nil) throws(RobotConfigurationError) -> String? {
        guard let value = try present(t, key, in: at, required: required, expected: "a string", why: why) else { return nil }
        guard let text = value.string else { throw fail(at, key, "expected a string, found \(describe(value))") }
        guard !text.isEmpty else { throw fail(at, key, "expected a non-empty string, found \"\"") }
        return text
    }

    func integer(_ t: TOMLTable, _ key: String, in at: ConfigurationTable, prefix: String = "", why: String? = nil) throws(RobotConfigurationError) -> Int? {
        guard let value = try present(t, key, in: at, prefix: prefix, expected: "an integer", why: why) else { return nil }
        guard let integer = value.int else { throw fail(at, prefix + key, "expected an integer, found \(describe(value))") }
        return integer
    }

    /// A finite number (TOML integers are accepted: `kp = 10` means 10.0). `positive`: true for
    /// > 0, false for ≥ 0, nil for any sign.
    func number(_ t: TOMLTable, _ key: String, in at: ConfigurationTable, prefix: String = "", positive: Bool?) throws(RobotConfigurationError) -> Double {
        let value = try present(t, key, in: at, prefix: prefix, expected: "a number")!
        guard let number = value.double ?? value.int.map(Double.init) else {
            throw fail(at, prefix + key, "expected a number, found \(describe(value))")
        }
        guard number.isFinite else { throw fail(at, prefix + key, "expected a finite number, found \(number)") }
        switch positive {
        case true? where !(number > 0): throw fail(at, prefix + key, "expected a positive number, found \(number)")
        case false? where !(number >= 0): throw fail(at, prefix + key, "expected a number ≥ 0, found \(number)")
        default: return number
        }
    }

    /// One of an enum's raw values.
    func choice<Choice: RawRepresentable & CaseIterable>(_ t: TOMLTable, _ key: String, in at: ConfigurationTable, _: Choice.Type, why: String? = nil) throws(RobotConfigurationError) -> Choice
        where Choice.RawValue == String
    {
        let options = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let value = try present(t, key, in: at, expected: "one of \(options)", why: why)!
        guard let text = value.string, let choice = Choice(rawValue: text) else {
            throw fail(at, key, "expected one of \(options), found \(describe(value))")
        }
        return choice
    }

    func present(_ t: TOMLTable, _ key: String, in at: ConfigurationTable, prefix: String = "", required: Bool = true,
                 expected: String, why: String? = nil) throws(RobotConfigurationError) -> TOMLValueConvertible? {
        if let value = t[key] { return value }
        guard required else { return nil }
        throw fail(at, prefix + key, "missing; expected \(expected)" + (why.map { ", \($0)" } ?? ""))
    }

    /// `the string "ten"`, `the integer 3`, `an array`: what was found, for messages.
    func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "the string \(value.debugDescription)"
        case .int: "the integer \(value.debugDescription)"
        case .double: "the number \(value.debugDescription)"
        case .bool: "the boolean \(value.debugDescription)"
        case .array: "an array"
        case .table: "a table"
        case .date, .time, .dateTime: "a \(value.type) (\(value.debugDescription))"
        }
    }
}
