import NativeKit

/// Writes `image` as a PNG (lossless; 8- or 16-bit; gray, RGB or RGBA) regardless of the path's extension.
public func writePNG(_ image: Image, to path: String) throws(ImagingError) {
    let status = image.pixels.withUnsafeBytes { bytes in
        nk_png_write(path, bytes.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                     Int32(image.bitDepth))
    }
    try ImagingError.check(status)
}

/// Reads any image OpenCV decodes (PNG, JPEG, …), keeping 16-bit depth and alpha; colour comes back as RGB(A).
public func readImage(at path: String) throws(ImagingError) -> Image {
    var handle: OpaquePointer?
    try ImagingError.check(nk_image_read(path, &handle))
    guard let handle else { throw .internalError("nk_image_read returned no image") }
    defer { nk_image_destroy(handle) }
    let bytes = UnsafeRawBufferPointer(start: nk_image_bytes(handle), count: nk_image_byte_count(handle))
    return try Image(
        width: Int(nk_image_width(handle)), height: Int(nk_image_height(handle)),
        channels: Int(nk_image_channels(handle)), bitDepth: Int(nk_image_bit_depth(handle)), pixels: [UInt8](bytes))
}
