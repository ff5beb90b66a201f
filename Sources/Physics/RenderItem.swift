import Spatial

/// One thing to draw: a shape at a world pose with a flat surface colour.
///
/// The renderer reads the same `Shape` the collision pipeline uses, so what the camera sees is
/// exactly what collides; a separate visual geometry would let the two drift apart.
public struct RenderItem: Sendable, Equatable {
    public var shape: Shape
    /// `world_M_shape`.
    public var pose: Transform
    /// Linear RGB reflectance, each channel in [0, 1].
    public var color: Vec3

    public init(shape: Shape, pose: Transform, color: Vec3) {
        self.shape = shape
        self.pose = pose
        self.color = color
    }
}
