import Imaging

/// One camera image, recorded as Foxglove's `foxglove.CompressedImage` so the file opens in Foxglove.
public struct RecordedCameraFrame: Sendable {
    /// How the image arrives: raw pixels are PNG-encoded on the recorder's thread, so the producer
    /// pays only for handing over the pixel array; already-encoded bytes are stored as they are.
    public enum Payload: Sendable {
        case image(Image)
        /// Encoded bytes and their format ("png" or "jpeg").
        case encoded(format: String, data: [UInt8])
    }

    /// Nanoseconds (the message's log time and the image's timestamp).
    public var time: Int64
    /// The camera's frame name (from the URDF or scene).
    public var frameID: String
    /// The MCAP topic; each camera gets its own.
    public var topic: String
    public var payload: Payload

    public init(time: Int64, frameID: String, topic: String = "/camera", image: Image) {
        self.time = time
        self.frameID = frameID
        self.topic = topic
        payload = .image(image)
    }

    public init(time: Int64, frameID: String, topic: String = "/camera", format: String, data: [UInt8]) {
        self.time = time
        self.frameID = frameID
        self.topic = topic
        payload = .encoded(format: format, data: data)
    }
}
