import NativeKit

/// How `resized` samples the source.
public enum Interpolation: Sendable {
    /// Nearest neighbour: keeps label/ID images exact.
    case nearest
    /// Bilinear: cheap and smooth for upscaling.
    case linear
    /// Pixel-area averaging: the right choice for downscaling camera frames (no aliasing).
    case area
    /// Bicubic.
    case cubic

    var native: nk_interpolation {
        switch self {
        case .nearest: NK_INTERPOLATION_NEAREST
        case .linear: NK_INTERPOLATION_LINEAR
        case .area: NK_INTERPOLATION_AREA
        case .cubic: NK_INTERPOLATION_CUBIC
        }
    }
}

extension Image {
    /// The image scaled to `width` x `height` (same channels and depth), e.g. to a network's input size.
    public func resized(width: Int, height: Int, interpolation: Interpolation = .area) throws(ImagingError) -> Image {
        var output = try Image(
            width: width, height: height, channels: channels, bitDepth: bitDepth,
            pixels: [UInt8](repeating: 0, count: width * height * channels * bitDepth / 8))
        let status = pixels.withUnsafeBytes { source in
            output.pixels.withUnsafeMutableBytes { target in
                nk_image_resize(
                    source.baseAddress, Int32(self.width), Int32(self.height), Int32(channels), Int32(bitDepth),
                    target.baseAddress, Int32(width), Int32(height), interpolation.native)
            }
        }
        try ImagingError.check(status)
        return output
    }

    /// One gray channel from RGB(A) with BT.601 weights (0.299 R + 0.587 G + 0.114 B); alpha is dropped.
    /// A gray image is returned unchanged.
    public func grayscale() throws(ImagingError) -> Image {
        if channels == 1 { return self }
        var output = try Image(
            width: width, height: height, channels: 1, bitDepth: bitDepth,
            pixels: [UInt8](repeating: 0, count: width * height * bitDepth / 8))
        let status = pixels.withUnsafeBytes { source in
            output.pixels.withUnsafeMutableBytes { target in
                nk_image_to_gray(
                    source.baseAddress, Int32(width), Int32(height), Int32(channels), Int32(bitDepth), target.baseAddress)
            }
        }
        try ImagingError.check(status)
        return output
    }
}
