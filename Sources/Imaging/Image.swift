/// A raster image in memory: rows top to bottom, pixels left to right, channels interleaved
/// (gray, RGB or RGBA), 8- or 16-bit unsigned samples.
///
/// Why raw bytes: the same value carries camera frames, depth maps (16-bit) and renders to NativeKit
/// without conversion; `samples16` gives typed access to 16-bit data.
public struct Image: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// 1 (gray), 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// 8 or 16 bits per sample.
    public let bitDepth: Int
    /// width · height · channels · bitDepth/8 bytes; 16-bit samples in native byte order.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, bitDepth: Int, pixels: [UInt8]) throws(ImagingError) {
        guard width > 0, height > 0, width <= 65536, height <= 65536 else {
            throw .invalidArgument("image size \(width) x \(height) is outside 1...65536")
        }
        guard [1, 3, 4].contains(channels) else {
            throw .invalidArgument("\(channels) channels; expected 1 (gray), 3 (RGB) or 4 (RGBA)")
        }
        guard bitDepth == 8 || bitDepth == 16 else { throw .invalidArgument("bit depth \(bitDepth); expected 8 or 16") }
        let expected = width * height * channels * bitDepth / 8
        guard pixels.count == expected else {
            throw .invalidArgument("\(pixels.count) bytes for a \(width)x\(height)x\(channels) \(bitDepth)-bit image; expected \(expected)")
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.pixels = pixels
    }

    /// A 16-bit image (e.g. a depth map in millimetres) from its samples.
    public init(width: Int, height: Int, channels: Int, samples16: [UInt16]) throws(ImagingError) {
        let bytes = samples16.withUnsafeBytes { [UInt8]($0) }
        try self.init(width: width, height: height, channels: channels, bitDepth: 16, pixels: bytes)
    }

    /// The samples of a 16-bit image; empty for 8-bit images.
    public var samples16: [UInt16] {
        guard bitDepth == 16 else { return [] }
        return pixels.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
    }

    /// Bytes per row (rows are tightly packed).
    public var bytesPerRow: Int { width * channels * bitDepth / 8 }
}
