import Foundation
import RobotModel
import Spatial
import TOMLKit

extension SceneDescription {
    /// Reads the scene at `path` and checks it against the schema in `sim/README.md`, loading the
    /// robot's URDF (resolved against the scene file's folder) to check the joint and link names
    /// the scene refers to.
    public static func load(contentsOf path: String) throws(SceneError) -> SceneDescription {
        try parse(TOMLDocument.text(contentsOf: path), file: path)
    }

    /// Parses a scene document; `file` names it in errors and anchors the relative URDF path.
    public static func parse(_ text: String, file: String) throws(SceneError) -> SceneDescription {
        let root = try TOMLDocument.parse(text, file: file)
        let lines = TOMLSourceLines(text, repeatedHeader: .first, fileArrayNames: true)
        return try SceneReader(file: file, lines: lines).scene(root)
    }
}

/// A table of a scene file, as errors name it.
enum SceneTable: TOMLTableName {
    case root, world, robot
    /// The index-th `[[body]]` entry, with its name once that is known.
    case body(Int, String?)
    /// The index-th `[[camera]]` entry, with its name once that is known.
    case camera(Int, String?)

    /// `[world]`, `[[body]] "red_cube"`, `[[camera]] #2`, or nil for the document itself.
    var header: String? {
        switch self {
        case .root: nil
        case .world: "[world]"
        case .robot: "[robot]"
        case .body(_, let name?): "[[body]] \"\(name)\""
        case .body(let index, nil): "[[body]] #\(index + 1)"
        case .camera(_, let name?): "[[camera]] \"\(name)\""
        case .camera(let index, nil): "[[camera]] #\(index + 1)"
        }
    }

    var sourceName: String {
        switch self {
        case .root: ""
        case .world: "world"
        case .robot: "robot"
        case .body(let index, _): "body#\(index)"
        case .camera(let index, _): "camera#\(index)"
        }
    }
}

/// Walks the parsed TOML, checking each value as it is read.
private struct SceneReader: TOMLValueReading {
    typealias Table = SceneTable
    let file: String
    let lines: TOMLSourceLines

    static let defaultGravity = Vec3(0, 0, -9.81)
    static let defaultTimestep = 0.001
    static let maximumTimestep = 0.01
    static let defaultFovY = 60.0
    static let defaultImageSize = 128
    static let imageSizes = 1...4096

    func scene(_ root: TOMLTable) throws(SceneError) -> SceneDescription {
        try onlyKnownKeys(root, ["world", "robot", "body", "camera"], in: .root)

        var gravity = Self.defaultGravity
        var timestep = Self.defaultTimestep
        if let world = try section(root, .world, required: false) {
            try onlyKnownKeys(world, ["gravity", "timestep"], in: .world)
            gravity = try vec3(world, "gravity", in: .world) ?? gravity
            if world.contains(key: "timestep") {
                timestep = try number(world, "timestep", in: .world, positive: nil)
                guard timestep > 0, timestep <= Self.maximumTimestep else {
                    throw fail(.world, "timestep", "expected a step in (0, \(Self.maximumTimestep)] s, found \(timestep)")
                }
            }
        }

        var placement: RobotPlacement?
        var urdf: URDF?
        if let robot = try section(root, .robot, required: false) {
            (placement, urdf) = try self.robot(robot)
        }

        var bodies: [BodyDescription] = []
        var bodyIndex: [String: Int] = [:]
        for (index, entry) in (try arrayOfTables(root, "body") ?? []).enumerated() {
            let body = try self.body(entry, index: index)
            if let first = bodyIndex[body.name] {
                throw fail(.body(index, body.name), "name", "\"\(body.name)\" is already used by \(firstEntry(.body(first, nil))); body names are unique")
            }
            bodyIndex[body.name] = index
            bodies.append(body)
        }

        var cameras: [CameraDescription] = []
        var cameraIndex: [String: Int] = [:]
        for (index, entry) in (try arrayOfTables(root, "camera") ?? []).enumerated() {
            let camera = try self.camera(entry, index: index, urdf: urdf)
            if let first = cameraIndex[camera.name] {
                throw fail(.camera(index, camera.name), "name", "\"\(camera.name)\" is already used by \(firstEntry(.camera(first, nil))); camera names are unique")
            }
            cameraIndex[camera.name] = index
            cameras.append(camera)
        }

        return SceneDescription(file: file, gravity: gravity, timestep: timestep, robot: placement,
                                bodies: bodies, cameras: cameras)
    }

    /// `[[body]] #1 (line 12)`: the earlier entry a duplicate collides with.
    func firstEntry(_ table: SceneTable) -> String {
        table.header! + (lines.line(of: table, key: nil).map { " (line \($0))" } ?? "")
    }

    // MARK: [robot]

    func robot(_ t: TOMLTable) throws(SceneError) -> (RobotPlacement, URDF) {
        try onlyKnownKeys(t, ["urdf", "position", "rpy", "initial", "colors"], in: .robot)
        let given = try string(t, "urdf", in: .robot)!
        let path = resolve(given)
        let urdf: URDF
        do {
            urdf = try URDF.load(contentsOf: path)
        } catch {
            throw fail(.robot, "urdf", "cannot load \"\(given)\": \(error.description)")
        }
        let pose = try self.pose(t, in: .robot)

        var initial: [String: Double] = [:]
        if t.contains(key: "initial") {
            let table = try self.table(t, "initial", in: .robot)
            let movable = urdf.joints.filter { $0.type != .fixed && $0.mimic == nil }.map(\.name)
            for name in table.keys.sorted() {
                let key = "initial.\(name)"
                guard let joint = urdf.joints.first(where: { $0.name == name }) else {
                    throw fail(.robot, key, "unknown joint \"\(name)\" in \(urdf.name); expected one of \(movable.joined(separator: ", "))")
                }
                guard joint.type != .fixed else {
                    throw fail(.robot, key, "\"\(name)\" is a fixed joint; expected one of \(movable.joined(separator: ", "))")
                }
                if let mimic = joint.mimic {
                    throw fail(.robot, key, "\"\(name)\" mimics \"\(mimic.joint)\"; set \"\(mimic.joint)\" instead")
                }
                let value = try number(table, name, in: .robot, prefix: "initial.", positive: nil)
                if joint.type != .continuous, let limit = joint.limit, !(limit.lower...limit.upper).contains(value) {
                    throw fail(.robot, key, "\(value) is outside the joint's URDF limits [\(limit.lower), \(limit.upper)]")
                }
                initial[name] = value
            }
        }
        var colors: [String: Vec3] = [:]
        if t.contains(key: "colors") {
            let table = try self.table(t, "colors", in: .robot)
            for name in table.keys.sorted() {
                let key = "colors.\(name)"
                guard urdf.materials[name] != nil else {
                    let known = urdf.materials.keys.sorted().joined(separator: ", ")
                    throw fail(.robot, key, "unknown material \"\(name)\" in \(urdf.name); expected one of \(known)")
                }
                colors[name] = try color(table[name]!, key, in: .robot)
            }
        }
        return (RobotPlacement(urdf: path, pose: pose, initial: initial, colors: colors), urdf)
    }

    /// An absolute, standardized path: relative paths are taken from the scene file's folder.
    func resolve(_ path: String) -> String {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    // MARK: [[body]]

    enum ShapeKind: String, CaseIterable {
        case box, sphere, capsule, cylinder, plane
    }

    func body(_ t: TOMLTable, index: Int) throws(SceneError) -> BodyDescription {
        let name = try string(t, "name", in: .body(index, nil))!
        let at = SceneTable.body(index, name)
        try onlyKnownKeys(t, ["name", "shape", "size", "mass", "static", "position", "rpy", "velocity",
                              "angular_velocity", "friction", "restitution", "color"], in: at)
        let kind = try choice(t, "shape", in: at, ShapeKind.self)

        let isStatic: Bool
        if kind == .plane {
            if try bool(t, "static", in: at) == false {
                throw fail(at, "static", "a plane is always static; remove the key or set it to true")
            }
            isStatic = true
        } else {
            isStatic = try bool(t, "static", in: at) ?? false
        }

        let shape = try self.shape(t, kind, in: at)
        var mass = 0.0
        if !isStatic {
            mass = try number(t, "mass", in: at, positive: true, why: "required for a body that is not static")
        }
        let pose = try self.pose(t, in: at, positionRequired: true)
        let velocity = try vec3(t, "velocity", in: at) ?? .zero
        let angularVelocity = try vec3(t, "angular_velocity", in: at) ?? .zero
        if isStatic {
            for (key, value) in [("velocity", velocity), ("angular_velocity", angularVelocity)] where value != .zero {
                throw fail(at, key, "expected [0, 0, 0] or no key for a static body (it never moves), found \(format(value))")
            }
        }

        var material = Material()
        if t.contains(key: "friction") {
            material.friction = try number(t, "friction", in: at, positive: false)
        }
        if t.contains(key: "restitution") {
            material.restitution = try number(t, "restitution", in: at, positive: false)
            guard material.restitution <= 1 else {
                throw fail(at, "restitution", "expected a coefficient in [0, 1], found \(material.restitution)")
            }
        }
        let color = try t["color"].map { value throws(SceneError) in try self.color(value, "color", in: at) } ?? BodyDescription.defaultColor
        return BodyDescription(name: name, shape: shape, mass: mass, isStatic: isStatic, pose: pose,
                               linearVelocity: velocity, angularVelocity: angularVelocity,
                               material: material, color: color)
    }

    /// The file gives full sizes (box extents, cylinder lengths); `Shape` holds halves.
    func shape(_ t: TOMLTable, _ kind: ShapeKind, in at: SceneTable) throws(SceneError) -> Shape {
        let expected: String
        switch kind {
        case .plane: return .plane  // size is ignored: a plane is unbounded
        case .box: expected = "3 positive numbers for a box (full extents along x, y, z)"
        case .sphere: expected = "1 positive number for a sphere (radius)"
        case .capsule: expected = "2 positive numbers for a capsule (radius, length between the cap centres)"
        case .cylinder: expected = "2 positive numbers for a cylinder (radius, length)"
        }
        let count = kind == .box ? 3 : kind == .sphere ? 1 : 2
        guard let value = t["size"] else { throw fail(at, "size", "missing; expected \(expected)") }
        let size = try numbers(value, "size", in: at, expected: expected)
        guard size.count == count else { throw fail(at, "size", "expected \(expected), found \(size.count)") }
        guard size.allSatisfy({ $0 > 0 }) else { throw fail(at, "size", "expected \(expected), found \(format(size))") }
        switch kind {
        case .box: return .box(halfExtents: 0.5 * Vec3(size[0], size[1], size[2]))
        case .sphere: return .sphere(radius: size[0])
        case .capsule: return .capsule(radius: size[0], halfLength: 0.5 * size[1])
        case .cylinder: return .cylinder(radius: size[0], halfLength: 0.5 * size[1])
        case .plane: return .plane
        }
    }

    // MARK: [[camera]]

    func camera(_ t: TOMLTable, index: Int, urdf: URDF?) throws(SceneError) -> CameraDescription {
        let name = try string(t, "name", in: .camera(index, nil))!
        let at = SceneTable.camera(index, name)
        try onlyKnownKeys(t, ["name", "link", "position", "rpy", "look_at", "up", "fov_y_deg", "width", "height"], in: at)

        let mount: CameraDescription.Mount
        if let link = try string(t, "link", in: at, required: false) {
            guard let urdf else {
                throw fail(at, "link", "a camera on link \"\(link)\" needs a [robot]; the scene has none")
            }
            guard urdf.links.contains(where: { $0.name == link }) else {
                throw fail(at, "link", "unknown link \"\(link)\" in \(urdf.name); expected one of \(urdf.links.map(\.name).joined(separator: ", "))")
            }
            for key in ["look_at", "up"] where t.contains(key: key) {
                throw fail(at, key, "not allowed for a camera on a link; give its orientation in the link frame with rpy")
            }
            mount = .link(name: link, linkFromCamera: try pose(t, in: at, positionRequired: true))
        } else if t.contains(key: "look_at") {
            if t.contains(key: "rpy") {
                throw fail(at, "rpy", "not allowed together with look_at; give one or the other")
            }
            let position = try vec3(t, "position", in: at, required: true)!
            let target = try vec3(t, "look_at", in: at)!
            let up = try vec3(t, "up", in: at) ?? .unitZ
            guard target != position else {
                throw fail(at, "look_at", "equals position \(format(position)); expected a point the camera can look at")
            }
            guard up != .zero else { throw fail(at, "up", "expected a non-zero vector, found [0, 0, 0]") }
            // A roll is only defined when up is not along the line of sight (within ~0.06°).
            guard (target - position).normalized!.cross(up.normalized!).norm > 1e-3 else {
                if !t.contains(key: "up") {
                    throw fail(at, "up", "missing; the default up [0, 0, 1] is parallel to the line of sight from position to look_at, so give an up = [x, y, z] that is not")
                }
                throw fail(at, "up", "\(format(up)) is parallel to the line of sight from position to look_at; expected a direction that is not")
            }
            mount = .fixed(worldFromCamera: .camera(eye: position, lookAt: target, up: up))
        } else if t.contains(key: "rpy") {
            if t.contains(key: "up") {
                throw fail(at, "up", "only allowed with look_at")
            }
            mount = .fixed(worldFromCamera: try pose(t, in: at, positionRequired: true))
        } else {
            throw fail(at, "look_at", "missing; expected look_at = [x, y, z] (or rpy, or link = \"<robot link>\")")
        }

        var fov = Self.defaultFovY
        if t.contains(key: "fov_y_deg") {
            fov = try number(t, "fov_y_deg", in: at, positive: nil)
            guard fov > 0, fov < 180 else {
                throw fail(at, "fov_y_deg", "expected a vertical field of view in (0, 180) degrees, found \(fov)")
            }
        }
        var size: [Int] = []
        for key in ["width", "height"] {
            let pixels = try integer(t, key, in: at, required: false) ?? Self.defaultImageSize
            guard Self.imageSizes.contains(pixels) else {
                throw fail(at, key, "expected \(Self.imageSizes.lowerBound)...\(Self.imageSizes.upperBound) pixels, found \(pixels)")
            }
            size.append(pixels)
        }
        return CameraDescription(name: name, width: size[0], height: size[1], fovYDegrees: fov, mount: mount)
    }

    // MARK: Typed values

    /// `position` (zero unless required) and `rpy` (zero by default) as a transform.
    func pose(_ t: TOMLTable, in at: SceneTable, positionRequired: Bool = false) throws(SceneError) -> Transform {
        let position = try vec3(t, "position", in: at, required: positionRequired) ?? .zero
        let rpy = try vec3(t, "rpy", in: at) ?? .zero
        return Transform(rotation: .rpy(rpy.x, rpy.y, rpy.z), translation: position)
    }

    /// An `[x, y, z]` of finite numbers; nil when absent and not required.
    func vec3(_ t: TOMLTable, _ key: String, in at: SceneTable, required: Bool = false) throws(SceneError) -> Vec3? {
        let expected = "3 numbers [x, y, z]"
        guard let value = try present(t, key, in: at, required: required, expected: expected) else { return nil }
        let v = try numbers(value, key, in: at, expected: expected)
        guard v.count == 3 else { throw fail(at, key, "expected \(expected), found \(v.count)") }
        return Vec3(v[0], v[1], v[2])
    }

    /// An RGB colour: 3 numbers in [0, 1].
    func color(_ value: TOMLValueConvertible, _ key: String, in at: SceneTable) throws(SceneError) -> Vec3 {
        let expected = "3 numbers in [0, 1] (red, green, blue)"
        let rgb = try numbers(value, key, in: at, expected: expected)
        guard rgb.count == 3, rgb.allSatisfy({ (0...1).contains($0) }) else {
            throw fail(at, key, "expected \(expected), found \(format(rgb))")
        }
        return Vec3(rgb[0], rgb[1], rgb[2])
    }

    func format(_ v: Vec3) -> String { format([v.x, v.y, v.z]) }

    func format(_ values: [Double]) -> String {
        "[" + values.map { "\($0)" }.joined(separator: ", ") + "]"
    }
}
