import VLA

/// Where a VLA planner takes its camera images and events when it does not render a lockstep
/// world itself: an emulated rig's plant (``PlantCameraFeed``), a paced simulation's camera
/// thread, or a real arm's V4L2 cameras. One protocol so the planner does not know which: the
/// same 64×64 front and wrist images and the front camera's event counts, however they were made.
public protocol VLACameraFeed: AnyObject {
    /// Copies the newest front and wrist images (the model's image size, RGB) into `input` and
    /// replaces `input.events` with the front camera's event counts since the last call (2·H·W
    /// bytes, ON plane then OFF). False before the first frame: the planner then sends no chunk.
    /// Called on the planner's thread only.
    func take(into input: inout VLAInput) -> Bool
}
