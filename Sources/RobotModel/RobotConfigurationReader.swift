import Foundation
import Spatial
import TOMLKit

extension RobotConfiguration {
    /// Reads `robot.toml` at `path` and checks every rule that needs this file alone (types,
    /// required keys, enums, signs, limits against capabilities, unique names and servo IDs).
    /// The URDF path is resolved against the file's folder; the URDF itself is not read here
    /// (see `validate(against:)`).
    public static func load(contentsOf path: String) throws(RobotConfigurationError) -> RobotConfiguration {
        try parse(TOMLDocument.text(contentsOf: path), file: path)
    }

    /// Parses a `robot.toml` document; `file` names it in errors and anchors the URDF path.
    public static func parse(_ text: String, file: String) throws(RobotConfigurationError) -> RobotConfiguration {
        let root = try TOMLDocument.parse(text, file: file)
        let lines = TOMLSourceLines(text, repeatedHeader: .last, fileArrayNames: false)
        return try Reader(file: file, lines: lines).configuration(root)
    }
}

/// A table of `robot.toml`, as errors name it.
enum ConfigurationTable: TOMLTableName {
    case root, robot, bus, safety
    /// The index-th `[[joints]]` entry, with its name once that is known.
    case joint(Int, String?)

    /// `[robot]`, `[[joints]] "elbow"`, `[[joints]] #3`, or nil for the document itself.
    var header: String? {
        switch self {
        case .root: nil
        case .robot: "[robot]"
        case .bus: "[bus]"
        case .safety: "[safety]"
        case .joint(_, let name?): "[[joints]] \"\(name)\""
        case .joint(let index, nil): "[[joints]] #\(index + 1)"
        }
    }

    var sourceName: String {
        switch self {
        case .root: ""
        case .robot: "robot"
        case .bus: "bus"
        case .safety: "safety"
        case .joint(let index, _): "joints#\(index)"
        }
    }
}

/// Walks the parsed TOML, checking each value as it is read.
private struct Reader: TOMLValueReading {
    typealias Table = ConfigurationTable
    let file: String
    let lines: TOMLSourceLines

    func configuration(_ root: TOMLTable) throws(RobotConfigurationError) -> RobotConfiguration {
        try onlyKnownKeys(root, ["robot", "bus", "joints", "safety"], in: .root)
        let robot = try section(root, .robot, required: true)!
        try onlyKnownKeys(robot, ["name", "urdf", "base_link", "tool_frame"], in: .robot)
        let name = try string(robot, "name", in: .robot)!
        let urdf = try string(robot, "urdf", in: .robot)!
        let urdfPath = urdf.hasPrefix("/") ? urdf
            : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(urdf)
        let baseLink = try string(robot, "base_link", in: .robot)!
        let toolFrame = try string(robot, "tool_frame", in: .robot)!
        let bus = try self.bus(try section(root, .bus, required: true)!)

        guard let array = try arrayOfTables(root, "joints") else {
            throw fail(.root, "joints", "missing; expected one [[joints]] table per actuated joint")
        }
        guard !array.isEmpty else {
            throw fail(.root, "joints", "expected at least one [[joints]] table, found none")
        }
        var joints: [RobotConfiguration.ActuatedJoint] = []
        var nameIndex: [String: Int] = [:]
        var idIndex: [Int: Int] = [:]
        for (index, entry) in array.enumerated() {
            let joint = try self.joint(entry, index: index, bus: bus)
            let at = ConfigurationTable.joint(index, joint.name)
            if let first = nameIndex[joint.name] {
                let firstLine = lines.line(of: ConfigurationTable.joint(first, nil), key: nil).map { ", line \($0)" } ?? ""
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
        var configuration = RobotConfiguration(name: name, file: file, urdf: urdfPath, baseLink: baseLink, toolFrame: toolFrame,
                                               bus: bus, joints: joints, sourceLines: lines)
        if let t = try section(root, .safety, required: false) { configuration.safety = try safety(t) }
        return configuration
    }

    func safety(_ t: TOMLTable) throws(RobotConfigurationError) -> RobotConfiguration.Safety {
        try onlyKnownKeys(t, ["braking", "position_margin", "prismatic_margin", "chunk_timeout", "state_timeout", "tick_timeout", "tool_speed",
                              "collaborative_tool_speed", "workspace", "table_height", "link_radius", "base_column",
                              "estop_category"], in: .safety)
        var s = RobotConfiguration.Safety.defaults
        func optional(_ key: String, positive: Bool?) throws(RobotConfigurationError) -> Double? {
            t.contains(key: key) ? try number(t, key, in: .safety, positive: positive) : nil
        }
        if let b = try optional("braking", positive: true) {
            guard b <= 1 else { throw fail(.safety, "braking", "expected a fraction of limits.acceleration in (0, 1], found \(b)") }
            s.braking = b
        }
        s.positionMargin = try optional("position_margin", positive: false) ?? s.positionMargin
        s.prismaticMargin = try optional("prismatic_margin", positive: false) ?? s.prismaticMargin
        s.chunkTimeout = try optional("chunk_timeout", positive: true) ?? s.chunkTimeout
        s.stateTimeout = try optional("state_timeout", positive: true) ?? s.stateTimeout
        s.tickTimeout = try optional("tick_timeout", positive: true) ?? s.tickTimeout
        s.toolSpeed = try optional("tool_speed", positive: true) ?? s.toolSpeed
        s.collaborativeToolSpeed = try optional("collaborative_tool_speed", positive: true) ?? s.collaborativeToolSpeed
        s.tableHeight = try optional("table_height", positive: nil)
        s.linkRadius = try optional("link_radius", positive: false) ?? s.linkRadius
        if t.contains(key: "workspace") {
            let w = try table(t, "workspace", in: .safety)
            try onlyKnownKeys(w, ["min", "max"], in: .safety, prefix: "workspace.")
            var corners: [Vec3] = []
            for key in ["min", "max"] {
                let v = try numbers(try present(w, key, in: .safety, prefix: "workspace.", expected: "[x, y, z]")!,
                                    "workspace." + key, in: .safety, expected: "[x, y, z] in metres")
                guard v.count == 3 else { throw fail(.safety, "workspace." + key, "expected 3 numbers [x, y, z], found \(v.count)") }
                corners.append(Vec3(v[0], v[1], v[2]))
            }
            guard corners[0].x < corners[1].x, corners[0].y < corners[1].y, corners[0].z < corners[1].z else {
                throw fail(.safety, "workspace.max", "expected every coordinate above workspace.min's")
            }
            s.workspace = (corners[0], corners[1])
        }
        if t.contains(key: "base_column") {
            let c = try table(t, "base_column", in: .safety)
            try onlyKnownKeys(c, ["radius", "height"], in: .safety, prefix: "base_column.")
            s.baseColumn = (try number(c, "radius", in: .safety, prefix: "base_column.", positive: true),
                            try number(c, "height", in: .safety, prefix: "base_column.", positive: true))
        }
        if t.contains(key: "estop_category") {
            let c = try integer(t, "estop_category", in: .safety)!
            guard c == 0 || c == 1 else { throw fail(.safety, "estop_category", "expected 0 or 1 (IEC 60204-1 stop category), found \(c)") }
            s.eStopCategory = c
        }
        return s
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
}
