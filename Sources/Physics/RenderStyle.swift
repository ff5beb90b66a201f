import Spatial

/// How the renderer lights and colours a scene: one directional light plus ambient, a background,
/// and the checker texture laid on planes.
///
/// Deliberately simple (no shadows, no specular): the consumers are an event-camera emulator and a
/// learned policy, which need stable edges and texture, not photorealism. Planes get a checker
/// because a uniform floor produces no events when the camera moves over it, unlike any real floor.
public struct RenderStyle: Sendable, Equatable {
    /// Direction from the scene towards the light, world frame (normalised when rendering).
    public var lightDirection: Vec3
    /// Fraction of the surface colour every visible point receives.
    public var ambient: Double
    /// Fraction added in proportion to `max(0, normal · lightDirection)` (Lambert).
    public var diffuse: Double
    /// RGB in [0, 1] for pixels where nothing is hit.
    public var background: Vec3
    /// Planes are unbounded in the collision model; they are drawn as a square of this half side
    /// (metres) so that the horizon stays finite and does not alias into noise.
    public var planeHalfExtent: Double
    /// Side of one checker square on planes, metres.
    public var checkerSize: Double
    /// Relative brightness difference between light and dark checker squares (0 = no texture).
    public var checkerContrast: Double

    public init(lightDirection: Vec3 = Vec3(0.4, 0.3, 1), ambient: Double = 0.35, diffuse: Double = 0.65,
                background: Vec3 = .zero, planeHalfExtent: Double = 10, checkerSize: Double = 0.1,
                checkerContrast: Double = 0.2) {
        self.lightDirection = lightDirection
        self.ambient = ambient
        self.diffuse = diffuse
        self.background = background
        self.planeHalfExtent = planeHalfExtent
        self.checkerSize = checkerSize
        self.checkerContrast = checkerContrast
    }
}
