import Foundation
import Spatial

extension URDF {
    /// Reads and validates the URDF at `path`.
    public static func load(contentsOf path: String) throws(URDFError) -> URDF {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw URDFError(file: path, line: nil, element: nil, message: reason)
        }
        return try parse(data, file: path)
    }

    /// Parses and validates a URDF document; `file` names it in errors.
    public static func parse(_ data: Foundation.Data, file: String) throws(URDFError) -> URDF {
        let root = try XMLNode.parse(data, file: file)
        return try URDFReader(file: file).robot(root)
    }
}

/// Turns the XML tree into a `URDF`, checking every value on the way.
private struct URDFReader {
    let file: String

    func fail(_ node: XMLNode, _ message: String, detail: String? = nil) -> URDFError {
        var element = "<\(node.name)"
        if let name = node.attributes["name"] { element += " name=\"\(name)\"" }
        element += ">"
        if let detail { element += " " + detail }
        return URDFError(file: file, line: node.line, element: element, message: message)
    }

    func robot(_ node: XMLNode) throws(URDFError) -> URDF {
        guard node.name == "robot" else {
            throw fail(node, "the root element must be <robot>")
        }
        let name = try required(node, "name")
        var materials: [String: URDF.Material] = [:]
        for m in node.children(named: "material") {
            let material = try material(m)
            materials[material.name] = material
        }
        var links: [URDF.Link] = []
        var linkLines: [String: Int] = [:]
        for l in node.children(named: "link") {
            let link = try link(l, materials: materials)
            if let first = linkLines[link.name] {
                throw fail(l, "duplicate link name (first defined on line \(first))")
            }
            linkLines[link.name] = l.line
            links.append(link)
        }
        var joints: [URDF.Joint] = []
        var jointLines: [String: Int] = [:]
        for j in node.children(named: "joint") {
            let joint = try joint(j)
            if let first = jointLines[joint.name] {
                throw fail(j, "duplicate joint name (first defined on line \(first))")
            }
            jointLines[joint.name] = j.line
            joints.append(joint)
        }
        guard !links.isEmpty else { throw fail(node, "the robot has no <link>") }
        let robot = URDF(name: name, links: links, joints: joints, materials: materials, file: file)
        try checkTree(robot)
        return robot
    }

    // MARK: Elements

    /// A material: top-level ones need a name (visuals refer to them by it); inline ones may be anonymous.
    func material(_ node: XMLNode, named: Bool = true) throws(URDFError) -> URDF.Material {
        let name = named ? try required(node, "name") : node.attributes["name"] ?? ""
        var color: [Double]?
        if let c = node.child(named: "color") {
            let rgba = try numbers(c, "rgba", count: 4, in: node)
            guard rgba.allSatisfy({ (0...1).contains($0) }) else {
                throw fail(node, "each rgba component must be in [0, 1]", detail: "<color rgba>")
            }
            color = rgba
        }
        let texture = node.child(named: "texture")?.attributes["filename"]
        return URDF.Material(name: name, color: color, texture: texture)
    }

    func link(_ node: XMLNode, materials: [String: URDF.Material]) throws(URDFError) -> URDF.Link {
        let name = try required(node, "name")
        var inertial: URDF.Inertial?
        if let i = node.child(named: "inertial") { inertial = try self.inertial(i, link: node) }
        var visuals: [URDF.Visual] = []
        for v in node.children(named: "visual") {
            var material: URDF.Material?
            if let m = v.child(named: "material") {
                let materialName = m.attributes["name"] ?? ""
                if m.child(named: "color") != nil || m.child(named: "texture") != nil {
                    material = try self.material(m, named: false)
                } else if let known = materials[materialName] {
                    material = known
                } else {
                    material = URDF.Material(name: materialName, color: nil, texture: nil)
                }
            }
            visuals.append(URDF.Visual(name: v.attributes["name"], origin: try origin(v, in: node),
                                       geometry: try geometry(v, link: node), material: material))
        }
        var collisions: [URDF.Collision] = []
        for c in node.children(named: "collision") {
            collisions.append(URDF.Collision(name: c.attributes["name"], origin: try origin(c, in: node),
                                             geometry: try geometry(c, link: node)))
        }
        return URDF.Link(name: name, inertial: inertial, visuals: visuals, collisions: collisions, line: node.line)
    }

    func inertial(_ node: XMLNode, link: XMLNode) throws(URDFError) -> URDF.Inertial {
        guard let massNode = node.child(named: "mass") else {
            throw fail(link, "<inertial> has no <mass>", detail: "<inertial>")
        }
        let mass = try number(massNode, "value", in: link)
        guard mass >= 0 else {
            throw fail(link, "mass must be ≥ 0, found \(mass)", detail: "<inertial><mass value>")
        }
        guard let i = node.child(named: "inertia") else {
            throw fail(link, "<inertial> has no <inertia>", detail: "<inertial>")
        }
        var v: [String: Double] = [:]
        for key in ["ixx", "ixy", "ixz", "iyy", "iyz", "izz"] { v[key] = try number(i, key, in: link) }
        let tensor = Mat3(v["ixx"]!, v["ixy"]!, v["ixz"]!,
                          v["ixy"]!, v["iyy"]!, v["iyz"]!,
                          v["ixz"]!, v["iyz"]!, v["izz"]!)
        // A physical inertia tensor is positive semi-definite: every principal minor ≥ 0 (within
        // rounding). Zero is allowed: real descriptions model sensors and tool frames as point masses.
        let t = tensor
        let scale = max(abs(t.r0.x) + abs(t.r1.y) + abs(t.r2.z), .leastNormalMagnitude)
        let minors: [(String, Double, Double)] = [
            ("ixx", t.r0.x, scale), ("iyy", t.r1.y, scale), ("izz", t.r2.z, scale),
            ("ixx·iyy − ixy²", t.r0.x * t.r1.y - t.r0.y * t.r0.y, scale * scale),
            ("ixx·izz − ixz²", t.r0.x * t.r2.z - t.r0.z * t.r0.z, scale * scale),
            ("iyy·izz − iyz²", t.r1.y * t.r2.z - t.r1.z * t.r1.z, scale * scale),
            ("det", t.determinant, scale * scale * scale),
        ]
        for (name, value, unit) in minors where value < -1e-9 * unit {
            throw fail(link, "inertia tensor is not positive definite (\(name) = \(value) < 0)",
                       detail: "<inertial><inertia>")
        }
        return URDF.Inertial(origin: try origin(node, in: link), mass: mass, inertia: tensor)
    }

    func geometry(_ parent: XMLNode, link: XMLNode) throws(URDFError) -> URDF.Geometry {
        guard let g = parent.child(named: "geometry") else {
            throw fail(link, "<\(parent.name)> has no <geometry>", detail: "<\(parent.name)>")
        }
        guard let shape = g.children.first else {
            throw fail(link, "<geometry> is empty; expected <box>, <cylinder>, <sphere> or <mesh>",
                       detail: "<\(parent.name)><geometry>")
        }
        let context = "<\(parent.name)><geometry><\(shape.name)"
        func positive(_ value: Double, _ what: String) throws(URDFError) -> Double {
            guard value > 0 else { throw fail(link, "\(what) must be > 0, found \(value)", detail: context + ">") }
            return value
        }
        switch shape.name {
        case "box":
            let s = try numbers(shape, "size", count: 3, in: link, context: context)
            for x in s { _ = try positive(x, "box size") }
            return .box(size: Vec3(s[0], s[1], s[2]))
        case "cylinder":
            return .cylinder(radius: try positive(try number(shape, "radius", in: link, context: context), "radius"),
                             length: try positive(try number(shape, "length", in: link, context: context), "length"))
        case "sphere":
            return .sphere(radius: try positive(try number(shape, "radius", in: link, context: context), "radius"))
        case "mesh":
            let filename = try required(shape, "filename", in: link, context: context)
            var scale = Vec3(1, 1, 1)
            if shape.attributes["scale"] != nil {
                let s = try numbers(shape, "scale", count: 3, in: link, context: context)
                scale = Vec3(s[0], s[1], s[2])
            }
            return .mesh(filename: filename, scale: scale)
        default:
            throw fail(link, "unknown geometry <\(shape.name)>; expected box, cylinder, sphere or mesh",
                       detail: "<\(parent.name)><geometry>")
        }
    }

    func joint(_ node: XMLNode) throws(URDFError) -> URDF.Joint {
        let name = try required(node, "name")
        let typeName = try required(node, "type")
        guard let type = URDF.JointType(rawValue: typeName) else {
            throw fail(node, "unknown joint type \"\(typeName)\"; expected revolute, continuous, prismatic or fixed")
        }
        if type == .floating || type == .planar {
            throw fail(node, "joint type \"\(typeName)\" is not supported yet (fixed-base robots only)")
        }
        guard let parentNode = node.child(named: "parent") else { throw fail(node, "missing <parent link=…>") }
        guard let childNode = node.child(named: "child") else { throw fail(node, "missing <child link=…>") }
        let parent = try required(parentNode, "link", in: node, context: "<parent")
        let child = try required(childNode, "link", in: node, context: "<child")

        var axis = Vec3.unitX
        if let a = node.child(named: "axis") {
            let v = try numbers(a, "xyz", count: 3, in: node, context: "<axis")
            if let unit = Vec3(v[0], v[1], v[2]).normalized {
                axis = unit
            } else if type != .fixed {  // a fixed joint's axis means nothing; real files leave it zero
                throw fail(node, "axis must be a non-zero vector", detail: "<axis xyz>")
            }
        }

        var limit: URDF.Limit?
        if let l = node.child(named: "limit") {
            let lower = try optionalNumber(l, "lower", in: node, context: "<limit") ?? 0
            let upper = try optionalNumber(l, "upper", in: node, context: "<limit") ?? 0
            let effort = try number(l, "effort", in: node, context: "<limit")
            let velocity = try number(l, "velocity", in: node, context: "<limit")
            guard effort >= 0, velocity >= 0 else {
                throw fail(node, "effort and velocity limits must be ≥ 0", detail: "<limit>")
            }
            if type != .continuous, type != .fixed, lower > upper {
                throw fail(node, "lower limit \(lower) is above upper limit \(upper)", detail: "<limit>")
            }
            limit = URDF.Limit(lower: lower, upper: upper, effort: effort, velocity: velocity)
        } else if type == .revolute || type == .prismatic {
            throw fail(node, "a \(typeName) joint needs <limit effort=… velocity=… [lower=… upper=…]>")
        }

        var damping = 0.0, friction = 0.0
        if let d = node.child(named: "dynamics") {
            damping = try optionalNumber(d, "damping", in: node, context: "<dynamics") ?? 0
            friction = try optionalNumber(d, "friction", in: node, context: "<dynamics") ?? 0
        }
        var mimic: URDF.Mimic?
        if let m = node.child(named: "mimic") {
            mimic = URDF.Mimic(joint: try required(m, "joint", in: node, context: "<mimic"),
                               multiplier: try optionalNumber(m, "multiplier", in: node, context: "<mimic") ?? 1,
                               offset: try optionalNumber(m, "offset", in: node, context: "<mimic") ?? 0)
        }
        return URDF.Joint(name: name, type: type, parent: parent, child: child, origin: try origin(node, in: node),
                          axis: axis, limit: limit, damping: damping, friction: friction, mimic: mimic,
                          line: node.line)
    }

    /// The `<origin xyz rpy>` child of `node` (identity when absent).
    func origin(_ node: XMLNode, in owner: XMLNode) throws(URDFError) -> Transform {
        guard let o = node.child(named: "origin") else { return .identity }
        let context = owner.line == node.line && owner.name == node.name ? "<origin" : "<\(node.name)><origin"
        let xyz = o.attributes["xyz"] == nil ? [0, 0, 0] : try numbers(o, "xyz", count: 3, in: owner, context: context)
        let rpy = o.attributes["rpy"] == nil ? [0, 0, 0] : try numbers(o, "rpy", count: 3, in: owner, context: context)
        return Transform(rotation: .rpy(rpy[0], rpy[1], rpy[2]), translation: Vec3(xyz[0], xyz[1], xyz[2]))
    }

    // MARK: Attributes

    func required(_ node: XMLNode, _ attribute: String) throws(URDFError) -> String {
        guard let value = node.attributes[attribute], !value.isEmpty else {
            throw fail(node, "missing required attribute \"\(attribute)\"")
        }
        return value
    }

    func required(_ node: XMLNode, _ attribute: String, in owner: XMLNode, context: String) throws(URDFError) -> String {
        guard let value = node.attributes[attribute], !value.isEmpty else {
            throw fail(owner, "missing required attribute \"\(attribute)\"", detail: context + ">")
        }
        return value
    }

    func number(_ node: XMLNode, _ attribute: String, in owner: XMLNode, context: String? = nil) throws(URDFError) -> Double {
        guard let value = try optionalNumber(node, attribute, in: owner, context: context) else {
            throw fail(owner, "missing required attribute \"\(attribute)\"", detail: (context ?? "<\(node.name)") + ">")
        }
        return value
    }

    func optionalNumber(_ node: XMLNode, _ attribute: String, in owner: XMLNode, context: String? = nil) throws(URDFError) -> Double? {
        guard node.attributes[attribute] != nil else { return nil }
        return try numbers(node, attribute, count: 1, in: owner, context: context)[0]
    }

    /// Exactly `count` finite numbers separated by white space, or an error quoting the bad token.
    func numbers(_ node: XMLNode, _ attribute: String, count: Int, in owner: XMLNode, context: String? = nil) throws(URDFError) -> [Double] {
        let where_ = (context ?? "<\(node.name)") + " \(attribute)>"
        guard let text = node.attributes[attribute] else {
            throw fail(owner, "missing required attribute \"\(attribute)\"", detail: where_)
        }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        let expected = count == 1 ? "a number" : "\(count) numbers separated by spaces"
        guard tokens.count == count else {
            throw fail(owner, "expected \(expected), found \(tokens.count) in \"\(text)\"", detail: where_)
        }
        var values: [Double] = []
        for token in tokens {
            guard let value = Double(token), value.isFinite else {
                throw fail(owner, "expected \(expected), but \"\(token)\" is not a number", detail: where_)
            }
            values.append(value)
        }
        return values
    }

    // MARK: Tree

    /// One root, every joint's links exist, no link has two parents, no cycles.
    func checkTree(_ robot: URDF) throws(URDFError) {
        let linkNames = Set(robot.links.map(\.name))
        var parentJoint: [String: URDF.Joint] = [:]
        for j in robot.joints {
            let element = "<joint name=\"\(j.name)\">"
            for (role, link) in [("parent", j.parent), ("child", j.child)] where !linkNames.contains(link) {
                throw URDFError(file: file, line: j.line, element: element,
                                message: "\(role) link \"\(link)\" does not exist")
            }
            if j.parent == j.child {
                throw URDFError(file: file, line: j.line, element: element,
                                message: "link \"\(j.child)\" is its own parent")
            }
            if let other = parentJoint[j.child] {
                throw URDFError(file: file, line: j.line, element: element,
                                message: "link \"\(j.child)\" has two parents: joint \"\(other.name)\" (line \(other.line)) and this one")
            }
            parentJoint[j.child] = j
            if let m = j.mimic, !robot.joints.contains(where: { $0.name == m.joint }) {
                throw URDFError(file: file, line: j.line, element: element + " <mimic>",
                                message: "mimicked joint \"\(m.joint)\" does not exist")
            }
        }
        let roots = robot.links.filter { parentJoint[$0.name] == nil }
        if roots.count > 1 {
            let names = roots.prefix(4).map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw URDFError(file: file, line: roots[1].line, element: "<link name=\"\(roots[1].name)\">",
                            message: "the robot has \(roots.count) root links (\(names)); links must form one tree")
        }
        // With one parent per link, a link that the root cannot reach lies on a cycle.
        var reached: Set<String> = []
        if let root = roots.first {
            var children: [String: [String]] = [:]
            for j in robot.joints { children[j.parent, default: []].append(j.child) }
            var stack = [root.name]
            while let l = stack.popLast() {
                reached.insert(l)
                stack.append(contentsOf: children[l] ?? [])
            }
        }
        if let stray = robot.links.first(where: { !reached.contains($0.name) }) {
            var cycle = [stray.name]
            var link = stray.name
            while let j = parentJoint[link], !cycle.dropFirst().contains(j.parent), cycle.count <= robot.links.count {
                cycle.append(j.parent)
                link = j.parent
                if link == stray.name { break }
            }
            let joint = parentJoint[stray.name]!
            throw URDFError(file: file, line: joint.line, element: "<joint name=\"\(joint.name)\">",
                            message: "the joints form a cycle: " + cycle.reversed().joined(separator: " → "))
        }
    }
}
