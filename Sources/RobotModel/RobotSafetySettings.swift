import Spatial

extension RobotConfiguration {
    /// The `[safety]` table of `robot.toml`: how the supervisor brakes, how long it trusts the
    /// planner and the sensors, and the Cartesian zones it keeps the arm in. Every key is optional;
    /// the defaults (``Safety/defaults``) are documented in `robots/README.md`.
    public struct Safety: Sendable, Equatable {
        /// Braking deceleration of each joint as a fraction of its `limits.acceleration`, in (0, 1]:
        /// below 1 leaves acceleration headroom so the envelope can always be kept.
        public var braking: Double
        /// The supervisor keeps commanded positions this far inside the URDF limits (rad or m): the
        /// allowance for the servo's tracking error.
        public var positionMargin: Double
        /// The same for prismatic joints, m (a gripper's slide is a few centimetres long).
        public var prismaticMargin: Double
        /// A planner chunk older than this (s) → controlled stop and hold until a fresh one comes.
        public var chunkTimeout: Double
        /// A joint state this old (s), or no controller tick for this long → latched fault.
        public var stateTimeout: Double
        public var tickTimeout: Double
        /// Tool speed limits, m/s: normal and collaborative mode.
        public var toolSpeed: Double
        public var collaborativeToolSpeed: Double
        /// Box the tool must stay in, robot base frame (nil: none).
        public var workspace: (min: Vec3, max: Vec3)?
        /// Height of the table top in the base frame: links (from the third on) and the tool stay
        /// `linkRadius` above it (nil: no table).
        public var tableHeight: Double?
        /// Radius of the capsules around the links, m.
        public var linkRadius: Double
        /// A vertical cylinder about the base's z axis the tool must not enter (nil: none).
        public var baseColumn: (radius: Double, height: Double)?
        /// Stop category of the e-stop input: 0 (torque off at once) or 1 (brake, then torque off).
        public var eStopCategory: Int

        public static let defaults = Safety(
            braking: 0.8, positionMargin: 0.02, prismaticMargin: 0.001, chunkTimeout: 0.5, stateTimeout: 0.02, tickTimeout: 0.02,
            toolSpeed: 1.0, collaborativeToolSpeed: 0.25, workspace: nil, tableHeight: nil, linkRadius: 0.02,
            baseColumn: nil, eStopCategory: 0)

        public static func == (a: Safety, b: Safety) -> Bool {
            a.braking == b.braking && a.positionMargin == b.positionMargin && a.prismaticMargin == b.prismaticMargin && a.chunkTimeout == b.chunkTimeout
                && a.stateTimeout == b.stateTimeout && a.tickTimeout == b.tickTimeout && a.toolSpeed == b.toolSpeed
                && a.collaborativeToolSpeed == b.collaborativeToolSpeed && a.workspace?.min == b.workspace?.min
                && a.workspace?.max == b.workspace?.max && a.tableHeight == b.tableHeight && a.linkRadius == b.linkRadius
                && a.baseColumn?.radius == b.baseColumn?.radius && a.baseColumn?.height == b.baseColumn?.height
                && a.eStopCategory == b.eStopCategory
        }
    }
}
