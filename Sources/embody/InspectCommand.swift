import ArgumentParser
import Foundation
import RobotModel
import Spatial

/// `embody inspect`: what a robot description contains, as a tree a person can check.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a robot's tree: joints with type, axis and limits; links with mass and geometry.")

    @Option(help: "Path to the robot's URDF file.")
    var urdf: String

    func run() throws {
        let (description, model) = try loadRobot(urdf)
        print(inspectReport(description, model))
        // A robot folder's robot.toml (bus, servos, limits) is checked against the URDF and shown.
        let toml = ((urdf as NSString).deletingLastPathComponent as NSString).appendingPathComponent("robot.toml")
        if FileManager.default.fileExists(atPath: toml) {
            let configuration: RobotConfiguration
            do {
                configuration = try RobotConfiguration.load(contentsOf: toml)
                try configuration.validate(against: description)
            } catch {
                throw CommandError.badInput(error.description)
            }
            print("\n" + configurationReport(configuration))
        }
    }
}

/// The bus and per-joint actuator lines of `embody inspect` for a robot.toml.
func configurationReport(_ c: RobotConfiguration) -> String {
    var lines = ["\(c.file)"]
    switch c.bus.kind {
    case .none:
        lines.append("  bus: none (simulator only)")
    default:
        let port = c.bus.port.map { " on \($0)" } ?? ""
        lines.append("  bus: \(c.bus.kind.rawValue) protocol \(c.bus.wireProtocol?.rawValue ?? "?") at \(c.bus.baud ?? 0) bit/s\(port)")
    }
    for j in c.joints {
        var text = "  \(j.name):"
        if let id = j.servoID { text += " id \(id)" }
        if let model = j.servoModel { text += " \(model)" }
        let modes = RobotConfiguration.CommandModes.names.filter { j.commandModes.contains($0.mode) }.map(\.name)
        text += " \(j.actuator.rawValue) [\(modes.joined(separator: ", "))] kp \(fmt(j.kp)) kd \(fmt(j.kd))"
        text += " limits v≤\(fmt(j.limits.velocity)) a≤\(fmt(j.limits.acceleration)) j≤\(fmt(j.limits.jerk)) τ≤\(fmt(j.limits.torque))"
        lines.append(text)
    }
    return lines.joined(separator: "\n")
}

/// The human-readable report of `embody inspect`.
func inspectReport(_ urdf: URDF, _ model: Model) -> String {
    let totalMass = urdf.links.reduce(0) { $0 + ($1.inertial?.mass ?? 0) }
    let fixed = urdf.joints.filter { $0.type == .fixed }.count
    var lines = [
        "robot \(urdf.name)  (\(urdf.file))",
        "  \(model.dof) movable joints, \(fixed) fixed, \(urdf.links.count) links, total mass \(fmt(totalMass)) kg",
        "  joint order (q, v, τ): " + model.jointNames.joined(separator: ", "),
        "",
    ]
    let children = Dictionary(grouping: urdf.joints, by: \.parent)
    let links = Dictionary(urdf.links.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let root = model.frames[0].name

    func linkLine(_ link: URDF.Link) -> String {
        var text = "\(link.name)  \(fmt(link.inertial?.mass ?? 0)) kg"
        let shapes = link.collisions.map { describe($0.geometry) }
        if !shapes.isEmpty { text += "  collision: " + shapes.joined(separator: ", ") }
        if link.collisions.isEmpty, !link.visuals.isEmpty {
            text += "  visual: " + link.visuals.map { describe($0.geometry) }.joined(separator: ", ")
        }
        return text
    }
    func walk(_ link: String, prefix: String) {
        let joints = children[link] ?? []
        for (k, joint) in joints.enumerated() {
            let last = k == joints.count - 1
            lines.append(prefix + (last ? "└─ " : "├─ ") + jointLine(joint))
            let childPrefix = prefix + (last ? "   " : "│  ")
            lines.append(childPrefix + linkLine(links[joint.child]!))
            walk(joint.child, prefix: childPrefix)
        }
    }
    lines.append(linkLine(links[root]!))
    walk(root, prefix: "")
    let meshes = urdf.links.flatMap { link in
        link.collisions.compactMap { c -> String? in
            if case .mesh(let file, _) = c.geometry { return "\(link.name) (\((file as NSString).lastPathComponent))" }
            return nil
        }
    }
    if !meshes.isEmpty {
        lines.append("")
        lines.append("note: \(meshes.count) collision mesh(es) are not simulated; the simulator collides primitives only "
                     + "(approximate them with boxes, cylinders or spheres): " + meshes.prefix(6).joined(separator: ", ")
                     + (meshes.count > 6 ? ", …" : ""))
    }
    return lines.joined(separator: "\n")
}

private func jointLine(_ j: URDF.Joint) -> String {
    var text = "[\(j.name)] \(j.type.rawValue)"
    if j.type != .fixed { text += " axis (\(fmt(j.axis.x)), \(fmt(j.axis.y)), \(fmt(j.axis.z)))" }
    let unit = j.type == .prismatic ? "m" : "rad"
    if let l = j.limit, j.type != .fixed {
        if j.type != .continuous { text += " [\(fmt(l.lower)), \(fmt(l.upper))] \(unit)" }
        text += " ≤\(fmt(l.velocity)) \(unit)/s ≤\(fmt(l.effort)) \(j.type == .prismatic ? "N" : "N·m")"
    }
    if j.damping != 0 || j.friction != 0 { text += " damping \(fmt(j.damping)) friction \(fmt(j.friction))" }
    if let m = j.mimic { text += " mimics \(m.joint) ×\(fmt(m.multiplier)) + \(fmt(m.offset)) (independent in dynamics)" }
    return text
}

private func describe(_ g: URDF.Geometry) -> String {
    switch g {
    case .box(let s): return "box \(fmt(s.x))×\(fmt(s.y))×\(fmt(s.z))"
    case .cylinder(let r, let l): return "cylinder r\(fmt(r)) l\(fmt(l))"
    case .sphere(let r): return "sphere r\(fmt(r))"
    case .mesh(let file, _): return "mesh \((file as NSString).lastPathComponent)"
    }
}

/// Short, stable number formatting for people (up to 4 significant decimals).
func fmt(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
    var s = String(format: "%.4f", x)
    while s.hasSuffix("0") { s.removeLast() }
    return s
}
