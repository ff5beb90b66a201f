/// Gray from interleaved 8-bit RGB with BT.601 weights, in the same fixed point as OpenCV's
/// `cvtColor(RGB2GRAY)` (0.299 R + 0.587 G + 0.114 B as 15-bit weights 9798/19235/3735, rounded), so simulator
/// renders and decoded videos reach the DVS emulator as the same gray values. Allocation-free, for
/// feeding a camera render to `emulateDVS` every control tick.
public func lumaFromRGB(_ rgb: UnsafeBufferPointer<UInt8>, into gray: UnsafeMutableBufferPointer<UInt8>) {
    precondition(rgb.count == gray.count * 3, "\(rgb.count) RGB bytes for \(gray.count) gray pixels")
    var i = 0
    var j = 0
    while i < gray.count {
        let r = Int32(rgb[j]), g = Int32(rgb[j + 1]), b = Int32(rgb[j + 2])
        gray[i] = UInt8(truncatingIfNeeded: (r &* 9798 &+ g &* 19235 &+ b &* 3735 &+ 16384) >> 15)
        i += 1
        j += 3
    }
}
