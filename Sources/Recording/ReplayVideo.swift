import Imaging

extension ReplayLog {
    /// Writes the camera frames to a video at their recorded rate. Frames are decoded with Imaging;
    /// all take the first frame's size and channel count (odd sizes are rounded up to even, which
    /// MPEG-4 needs). Returns the writer's actual path (the .avi fallback when MPEG-4 is missing)
    /// and the frame count; nil when the recording has no frames.
    public func writeVideo(to path: String) throws -> (path: String, frames: Int)? {
        guard let first = frames.first else { return nil }
        let firstImage = try decodeImage(first.data, format: first.format)
        let width = firstImage.width + firstImage.width % 2
        let height = firstImage.height + firstImage.height % 2
        let channels = firstImage.channels == 1 ? 1 : 3
        var fps = 10.0
        if frames.count > 1, let last = frames.last, last.time > first.time {
            fps = min(120, max(1, Double(frames.count - 1) / (Double(last.time - first.time) * 1e-9)))
        }
        let video = try VideoWriter(path: path, width: width, height: height, fps: fps, channels: channels)
        for frame in frames {
            var image = try decodeImage(frame.data, format: frame.format)
            if image.channels != channels {
                image = channels == 1 ? try image.grayscale() : try rgb(image)
            }
            if image.width != width || image.height != height { image = try image.resized(width: width, height: height) }
            try video.append(image)
        }
        try video.close()
        return (video.path, video.frameCount)
    }

    /// Gray → RGB (replicated) or RGBA → RGB (alpha dropped).
    private func rgb(_ image: Image) throws -> Image {
        var pixels = [UInt8]()
        pixels.reserveCapacity(image.width * image.height * 3)
        for p in 0..<(image.width * image.height) {
            if image.channels == 1 {
                let v = image.pixels[p]
                pixels += [v, v, v]
            } else {
                pixels += image.pixels[(p * image.channels)..<(p * image.channels + 3)]
            }
        }
        return try Image(width: image.width, height: image.height, channels: 3, bitDepth: 8, pixels: pixels)
    }
}
