import NativeKit

/// Which encoder a `VideoWriter` ended up with.
public enum VideoCodec: String, Sendable {
    /// MPEG-4 part 2 (`mp4v`) in an .mp4 container: small files, plays everywhere.
    case mpeg4 = "mp4v"
    /// Motion JPEG in an .avi container: the fallback OpenCV can always write, larger files.
    case motionJPEG = "MJPG"
}

/// Records 8-bit gray or RGB frames to a video file (simulation renders, camera logs).
///
/// Why report the codec: encoders depend on how OpenCV/FFmpeg were built. The writer asks for MPEG-4
/// and, if that is missing and `allowFallback` is set, writes Motion JPEG to the same name with `.avi`;
/// `codec` and `path` say what actually happened instead of leaving an empty file.
/// Call `close()` to finish the file; `deinit` closes it too but cannot report errors.
public final class VideoWriter {
    public let width: Int
    public let height: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    public let codec: VideoCodec
    /// The file being written (the requested path, or the `.avi` fallback).
    public let path: String
    /// Frames appended so far.
    public private(set) var frameCount = 0

    private var handle: OpaquePointer?

    public init(path: String, width: Int, height: Int, fps: Double, channels: Int = 3, allowFallback: Bool = true)
        throws(ImagingError)
    {
        guard let w = Int32(exactly: width), let h = Int32(exactly: height) else {
            throw .invalidArgument("frame size \(width) x \(height) is out of range")
        }
        var created: OpaquePointer?
        var codec = NK_VIDEO_CODEC_MP4V
        var chosen = [CChar](repeating: 0, count: 4096)
        let status = chosen.withUnsafeMutableBufferPointer { buffer in
            nk_video_writer_open(
                path, w, h, fps, Int32(clamping: channels), allowFallback ? 1 : 0, &created, &codec,
                buffer.baseAddress, buffer.count)
        }
        try ImagingError.check(status)
        self.handle = created
        self.width = width
        self.height = height
        self.channels = channels
        self.codec = codec == NK_VIDEO_CODEC_MJPG ? .motionJPEG : .mpeg4
        self.path = String(decoding: chosen.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        if let handle { _ = nk_video_writer_close(handle) }
    }

    /// Appends one frame; it must match the writer's size and channel count.
    public func append(_ frame: Image) throws(ImagingError) {
        guard frame.width == width, frame.height == height, frame.channels == channels, frame.bitDepth == 8 else {
            throw .invalidArgument(
                "frame is \(frame.width)x\(frame.height)x\(frame.channels) \(frame.bitDepth)-bit; the video is \(width)x\(height)x\(channels) 8-bit")
        }
        try append(pixels: frame.pixels)
    }

    /// Appends one frame from raw bytes (width · height · channels), e.g. a renderer's buffer.
    public func append(pixels: [UInt8]) throws(ImagingError) {
        guard let handle else { throw .invalidArgument("the video '\(path)' is already closed") }
        guard pixels.count == width * height * channels else {
            throw .invalidArgument("frame has \(pixels.count) bytes; expected \(width * height * channels)")
        }
        try ImagingError.check(pixels.withUnsafeBufferPointer { nk_video_writer_write(handle, $0.baseAddress) })
        frameCount += 1
    }

    /// Finishes the container (index, trailer). Further appends fail; closing twice is harmless.
    public func close() throws(ImagingError) {
        guard let handle else { return }
        self.handle = nil
        try ImagingError.check(nk_video_writer_close(handle))
    }
}
