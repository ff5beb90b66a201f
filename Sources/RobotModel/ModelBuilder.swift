import Spatial

extension Model {
    /// Builds the dynamics model of a URDF: depth-first over the link tree, children in document
    /// order; fixed joints merge their child link into the parent body and keep it as a frame.
    public init(_ urdf: URDF) {
        var childJoints: [String: [URDF.Joint]] = [:]
        var isChild: Set<String> = []
        for j in urdf.joints {
            childJoints[j.parent, default: []].append(j)
            isChild.insert(j.child)
        }
        let linksByName = Dictionary(urdf.links.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let root = urdf.links.first { !isChild.contains($0.name) }!

        var joints = [Joint(kind: .universe, parent: 0, axis: .zero, alignedAxis: -1, placement: .identity, body: .zero)]
        var info = [JointInfo(name: "universe", type: .fixed, childLink: root.name, limit: nil,
                              damping: 0, friction: 0, mimic: nil)]
        var frames: [Frame] = []

        /// Attaches `link` to joint `joint` at `placement`, then walks its children.
        func visit(_ link: URDF.Link, joint: Int, placement: Transform) {
            frames.append(Frame(name: link.name, parentJoint: joint, placement: placement,
                                mass: link.inertial?.mass ?? 0))
            if let inertial = link.inertial {
                joints[joint].body += inertial.spatialInertia.transformed(by: placement)
            }
            for j in childJoints[link.name] ?? [] {
                let child = linksByName[j.child]!
                let jointPlacement = placement * j.origin
                switch j.type {
                case .fixed:
                    visit(child, joint: joint, placement: jointPlacement)
                default:
                    let aligned: Int8 = j.axis == .unitX ? 0 : j.axis == .unitY ? 1 : j.axis == .unitZ ? 2 : -1
                    joints.append(Joint(kind: j.type == .prismatic ? .prismatic : .revolute, parent: joint,
                                        axis: j.axis, alignedAxis: aligned, placement: jointPlacement, body: .zero))
                    info.append(JointInfo(name: j.name, type: j.type, childLink: j.child, limit: j.limit,
                                          damping: j.damping, friction: j.friction, mimic: j.mimic))
                    visit(child, joint: joints.count - 1, placement: .identity)
                }
            }
        }
        visit(root, joint: 0, placement: .identity)
        self.init(name: urdf.name, joints: joints, jointInfo: info, frames: frames)
    }

    /// Loads a URDF file and builds its model.
    public init(urdfPath path: String) throws(URDFError) {
        self.init(try URDF.load(contentsOf: path))
    }
}
