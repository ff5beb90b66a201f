import NativeKit

/// Decodes a video file frame by frame into 8-bit RGB images (to check recordings, replay camera logs).
public final class VideoReader {
    public let width: Int
    public let height: Int
    /// Frame rate stored in the container (0 if unknown).
    public let fps: Double

    private let handle: OpaquePointer

    public init(path: String) throws(ImagingError) {
        var created: OpaquePointer?
        try ImagingError.check(nk_video_reader_open(path, &created))
        guard let created else { throw .internalError("nk_video_reader_open returned no reader") }
        handle = created
        width = Int(nk_video_reader_width(created))
        height = Int(nk_video_reader_height(created))
        fps = nk_video_reader_fps(created)
    }

    deinit { nk_video_reader_destroy(handle) }

    /// The next frame, or nil at the end of the stream.
    public func nextFrame() throws(ImagingError) -> Image? {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        var got: Int32 = 0
        try ImagingError.check(pixels.withUnsafeMutableBufferPointer { nk_video_reader_next(handle, $0.baseAddress, &got) })
        guard got != 0 else { return nil }
        return try Image(width: width, height: height, channels: 3, bitDepth: 8, pixels: pixels)
    }

    /// Decodes to the end and returns how many frames there were (container counts can be estimates).
    public func countRemainingFrames() throws(ImagingError) -> Int {
        var count = 0
        while try nextFrame() != nil { count += 1 }
        return count
    }
}
