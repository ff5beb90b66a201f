import NativeKit

/// An 8-bit RGB colour for plots.
public struct PlotColor: Equatable, Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xff), green: UInt8((hex >> 8) & 0xff), blue: UInt8(hex & 0xff))
    }

    public static let white = PlotColor(hex: 0xffffff)
    public static let black = PlotColor(hex: 0x000000)
    public static let gray = PlotColor(hex: 0x666666)

    /// Okabe & Ito's colour-blind-safe palette (yellow left out: it vanishes on white), then two extra
    /// hues; series without a colour take these in order.
    public static let palette: [PlotColor] = [
        PlotColor(hex: 0x0072B2),  // blue
        PlotColor(hex: 0xD55E00),  // vermillion
        PlotColor(hex: 0x009E73),  // bluish green
        PlotColor(hex: 0xCC79A7),  // reddish purple
        PlotColor(hex: 0xE69F00),  // orange
        PlotColor(hex: 0x56B4E9),  // sky blue
        PlotColor(hex: 0x000000),  // black
        PlotColor(hex: 0x8C564B),  // brown
    ]

    /// The palette colour for the `index`-th series (wrapping around).
    public static func palette(_ index: Int) -> PlotColor { palette[((index % palette.count) + palette.count) % palette.count] }

    /// Mixed with white; `amount` 0 keeps the colour, 1 gives white (light fills for bars).
    func lightened(_ amount: Double) -> PlotColor {
        func mix(_ c: UInt8) -> UInt8 { UInt8((Double(c) + (255 - Double(c)) * amount).rounded()) }
        return PlotColor(red: mix(red), green: mix(green), blue: mix(blue))
    }

    var native: nk_rgb { nk_rgb(r: red, g: green, b: blue) }
}

/// How a line is stroked.
public enum LineStyle: Sendable, Equatable {
    case solid
    /// Dashes, e.g. for reference trajectories drawn under the measured ones.
    case dashed
}

/// A rectangle in pixels (x right, y down).
struct PixelRect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func intersects(_ other: PixelRect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
    func contains(x px: Double, y py: Double) -> Bool { px >= x && px <= maxX && py >= y && py <= maxY }
}

/// A font size and stroke weight for the Hershey stroke font NativeKit draws with.
struct TextStyle {
    var scale: Double
    var thickness: Int32
}

/// The Swift face of NativeKit's canvas: an RGB raster with lines, rectangles and text, turned into an
/// `Image` at the end. Internal: the public surface is the plots.
final class Canvas {
    let width: Int
    let height: Int
    private let handle: OpaquePointer

    init(width: Int, height: Int, background: PlotColor = .white) throws(ImagingError) {
        guard let w = Int32(exactly: width), let h = Int32(exactly: height) else {
            throw .invalidArgument("canvas size \(width) x \(height) is out of range")
        }
        var created: OpaquePointer?
        try ImagingError.check(nk_canvas_create(w, h, background.native, &created))
        guard let created else { throw .internalError("nk_canvas_create returned no canvas") }
        self.handle = created
        self.width = width
        self.height = height
    }

    deinit { nk_canvas_destroy(handle) }

    /// Restricts drawing to `rect` (nil: the whole canvas).
    func clip(to rect: PixelRect?) throws(ImagingError) {
        guard let rect else { return try ImagingError.check(nk_canvas_set_clip(handle, 0, 0, 0, 0)) }
        let x = Int32(rect.x.rounded(.down)), y = Int32(rect.y.rounded(.down))
        let w = Int32(rect.maxX.rounded(.up)) - x + 1, h = Int32(rect.maxY.rounded(.up)) - y + 1
        try ImagingError.check(nk_canvas_set_clip(handle, x, y, w, h))
    }

    /// A polyline through `xy` (x0, y0, x1, y1, …).
    func polyline(_ xy: [Double], color: PlotColor, thickness: Double, style: LineStyle = .solid,
                  antialiased: Bool = true) throws(ImagingError)
    {
        guard xy.count >= 2 else { return }
        let (dash, gap) = style == .dashed ? (7.0 * max(1, thickness / 2), 5.0 * max(1, thickness / 2)) : (0, 0)
        let status = xy.withUnsafeBufferPointer {
            nk_canvas_polyline(
                handle, $0.baseAddress, Int32(xy.count / 2), color.native, thickness, dash, gap, antialiased ? 1 : 0)
        }
        try ImagingError.check(status)
    }

    func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: PlotColor, thickness: Double = 1,
              antialiased: Bool = false) throws(ImagingError) {
        try ImagingError.check(nk_canvas_line(handle, x0, y0, x1, y1, color.native, thickness, antialiased ? 1 : 0))
    }

    func stroke(_ rect: PixelRect, color: PlotColor, thickness: Double = 1) throws(ImagingError) {
        try ImagingError.check(nk_canvas_rectangle(handle, rect.x, rect.y, rect.width, rect.height, color.native, thickness))
    }

    func fill(_ rect: PixelRect, color: PlotColor) throws(ImagingError) {
        try ImagingError.check(nk_canvas_fill_rectangle(handle, rect.x, rect.y, rect.width, rect.height, color.native))
    }

    func circle(x: Double, y: Double, radius: Double, color: PlotColor, filled: Bool = true) throws(ImagingError) {
        try ImagingError.check(nk_canvas_circle(handle, x, y, radius, color.native, 1.5, filled ? 1 : 0, 1))
    }

    /// Width and height of `text`'s box in pixels (turned for vertical text by the caller).
    func measure(_ text: String, _ style: TextStyle) throws(ImagingError) -> (width: Double, height: Double) {
        var w: Int32 = 0, h: Int32 = 0, baseline: Int32 = 0
        try ImagingError.check(nk_text_size(text, style.scale, style.thickness, &w, &h, &baseline))
        return (Double(w), Double(h))
    }

    /// Draws `text` with its box's top-left corner at (x, y); `vertical` turns it to read bottom to top.
    func text(_ text: String, x: Double, y: Double, _ style: TextStyle, color: PlotColor, vertical: Bool = false)
        throws(ImagingError)
    {
        try ImagingError.check(
            nk_canvas_text(handle, text, x, y, style.scale, style.thickness, color.native,
                           vertical ? NK_TEXT_VERTICAL : NK_TEXT_HORIZONTAL))
    }

    /// Horizontal alignment of a text box relative to an anchor point.
    enum Align { case leading, center, trailing }

    /// Draws `text` aligned around (x, y): `horizontal` picks the anchor's place in the box's width,
    /// `vertical` in its height. Returns the box it used.
    @discardableResult
    func text(_ text: String, at x: Double, _ y: Double, _ style: TextStyle, color: PlotColor, horizontal: Align,
              vertical: Align) throws(ImagingError) -> PixelRect
    {
        let size = try measure(text, style)
        let left = horizontal == .leading ? x : horizontal == .center ? x - size.width / 2 : x - size.width
        let top = vertical == .leading ? y : vertical == .center ? y - size.height / 2 : y - size.height
        try self.text(text, x: left.rounded(), y: top.rounded(), style, color: color)
        return PixelRect(x: left, y: top, width: size.width, height: size.height)
    }

    /// The pixels as an 8-bit RGB image.
    func image() throws(ImagingError) -> Image {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let status = pixels.withUnsafeMutableBufferPointer { nk_canvas_copy_rgb(handle, $0.baseAddress, $0.count) }
        try ImagingError.check(status)
        return try Image(width: width, height: height, channels: 3, bitDepth: 8, pixels: pixels)
    }
}
