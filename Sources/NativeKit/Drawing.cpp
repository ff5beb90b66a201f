// A small 8-bit RGB canvas over cv::Mat for plots in run reports: lines, rectangles, markers and text.
//
// Why here and not in Swift: OpenCV already has anti-aliased, sub-pixel line drawing and a stroke font
// (Hershey) that needs no font files at run time; the plot layout itself lives in Swift (Imaging/Plot*).
// The Mat holds RGB order directly (colours are passed as Scalar(r, g, b)), so no channel swap is needed
// on the way out.
#include "Internal.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

struct nk_canvas {
    cv::Mat pixels;  // CV_8UC3, RGB, continuous
    cv::Rect clip;   // always inside the canvas; the whole canvas when not clipping
};

namespace {

// Sub-pixel precision of OpenCV's drawing functions: coordinates carry kShift fractional bits.
constexpr int kShift = 4;
constexpr double kScale = 1 << kShift;
constexpr int kFont = cv::FONT_HERSHEY_SIMPLEX;

struct Point2 {
    double x, y;
};

cv::Scalar scalar(nk_rgb colour) { return cv::Scalar(colour.r, colour.g, colour.b); }

bool isFinite(double value) { return std::isfinite(value); }

nk_status checkCanvas(const nk_canvas *canvas) {
    if (canvas == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "canvas is NULL");
    return NK_OK;
}

nk_status checkThickness(double thickness) {
    if (!isFinite(thickness) || thickness < 0.5 || thickness > 1000) {
        return nk::fail(NK_INVALID_ARGUMENT, "line thickness %g is outside 0.5...1000 pixels", thickness);
    }
    return NK_OK;
}

int pixels(double thickness) { return std::max(1, int(std::lround(thickness))); }

/// The canvas region drawing goes to; points are shifted by its origin.
cv::Mat target(nk_canvas &canvas) { return canvas.pixels(canvas.clip); }

cv::Point fixedPoint(const nk_canvas &canvas, Point2 p) {
    return cv::Point(int(std::lround((p.x - canvas.clip.x) * kScale)), int(std::lround((p.y - canvas.clip.y) * kScale)));
}

/// Liang–Barsky: cuts the segment a-b to the box; false when nothing is left. Done in doubles before
/// converting to OpenCV's fixed-point ints, so far-away data (a diverged run) cannot overflow them.
bool clipSegment(Point2 &a, Point2 &b, double x0, double y0, double x1, double y1) {
    double t0 = 0, t1 = 1;
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x - x0, x1 - a.x, a.y - y0, y1 - a.y};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1) return false;
            t0 = std::max(t0, t);
        } else {
            if (t < t0) return false;
            t1 = std::min(t1, t);
        }
    }
    const Point2 start{a.x + t0 * dx, a.y + t0 * dy}, end{a.x + t1 * dx, a.y + t1 * dy};
    a = start;
    b = end;
    return true;
}

/// Draws connected runs of points, clipped to the clip rectangle (plus a margin for the stroke width).
void drawRuns(nk_canvas &canvas, const std::vector<std::vector<Point2>> &runs, nk_rgb colour, int thickness,
              int lineType) {
    const double margin = thickness + 2;
    const double x0 = canvas.clip.x - margin, y0 = canvas.clip.y - margin;
    const double x1 = canvas.clip.x + canvas.clip.width + margin, y1 = canvas.clip.y + canvas.clip.height + margin;
    std::vector<std::vector<cv::Point>> pieces;
    std::vector<cv::Point> current;
    auto flush = [&] {
        if (!current.empty()) pieces.push_back(std::move(current));
        current.clear();
    };
    for (const auto &run : runs) {
        if (run.size() == 1) {
            Point2 a = run[0], b = run[0];
            if (clipSegment(a, b, x0, y0, x1, y1)) pieces.push_back({fixedPoint(canvas, a)});
            continue;
        }
        for (size_t i = 1; i < run.size(); ++i) {
            Point2 a = run[i - 1], b = run[i];
            if (!clipSegment(a, b, x0, y0, x1, y1)) {
                flush();
                continue;
            }
            const bool startCut = a.x != run[i - 1].x || a.y != run[i - 1].y;
            if (current.empty() || startCut) {
                flush();
                current.push_back(fixedPoint(canvas, a));
            }
            current.push_back(fixedPoint(canvas, b));
            if (b.x != run[i].x || b.y != run[i].y) flush();
        }
        flush();
    }
    cv::Mat region = target(canvas);
    for (const auto &piece : pieces) {
        if (piece.size() == 1) {
            cv::line(region, piece[0], piece[0], scalar(colour), thickness, lineType, kShift);
        } else {
            cv::polylines(region, piece, false, scalar(colour), thickness, lineType, kShift);
        }
    }
}

/// Splits a polyline into dashes of `dash` pixels with `gap` pixels between them, measured along the line.
std::vector<std::vector<Point2>> dashed(const std::vector<Point2> &line, double dash, double gap) {
    std::vector<std::vector<Point2>> dashes;
    std::vector<Point2> current{line[0]};
    bool drawing = true;
    double left = dash;  // length remaining in the current dash or gap
    for (size_t i = 1; i < line.size(); ++i) {
        Point2 a = line[i - 1];
        const Point2 b = line[i];
        double length = std::hypot(b.x - a.x, b.y - a.y);
        while (length > left) {
            const double t = left / length;
            const Point2 cut{a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            if (drawing) {
                current.push_back(cut);
                dashes.push_back(std::move(current));
                current.clear();
            } else {
                current = {cut};
            }
            drawing = !drawing;
            length -= left;
            left = drawing ? dash : gap;
            a = cut;
        }
        left -= length;
        if (drawing) current.push_back(b);
    }
    if (drawing && current.size() > 1) dashes.push_back(std::move(current));
    return dashes;
}

// ---- text

/// One piece of a label: a run of ASCII drawn by putText, or one of the glyphs Hershey lacks.
struct Piece {
    enum Kind { ascii, micro, degree } kind;
    std::string text;  // for ascii
};

/// UTF-8 to pieces; characters the font cannot draw become '?' rather than an error, because a label
/// with one odd character is still better than no plot.
std::vector<Piece> pieces(const char *text) {
    std::vector<Piece> result;
    auto ascii = [&](char c) {
        if (result.empty() || result.back().kind != Piece::ascii) result.push_back({Piece::ascii, {}});
        result.back().text.push_back(c);
    };
    const auto *bytes = reinterpret_cast<const unsigned char *>(text);
    for (size_t i = 0; bytes[i] != 0;) {
        const unsigned char c = bytes[i];
        if (c < 0x80) {
            ascii(c >= 0x20 && c < 0x7f ? char(c) : (c == '\t' ? ' ' : '?'));
            ++i;
            continue;
        }
        size_t length = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
        for (size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xc0) != 0x80) {  // truncated sequence (also stops at the terminator)
                length = k;
                break;
            }
        }
        if (length == 2 && ((c == 0xc2 && bytes[i + 1] == 0xb5) || (c == 0xce && bytes[i + 1] == 0xbc))) {
            result.push_back({Piece::micro, {}});
        } else if (length == 2 && c == 0xc2 && bytes[i + 1] == 0xb0) {
            result.push_back({Piece::degree, {}});
        } else {
            ascii('?');
        }
        i += length;
    }
    return result;
}

struct TextLayout {
    std::vector<Piece> pieces;
    std::vector<int> advances;  // width of each piece
    int width = 0, height = 0, baseline = 0;  // the box, as reported by nk_text_size
    int pad = 0, ascent = 0, descent = 0;     // font metrics inside the box
};

TextLayout layout(const char *text, double scale, int thickness) {
    TextLayout result;
    result.pieces = pieces(text);
    int descent = 0;
    const cv::Size reference = cv::getTextSize("u", kFont, scale, thickness, &descent);
    const int uWidth = reference.width;
    int total = 0;
    for (const auto &piece : result.pieces) {
        int advance = 0;
        switch (piece.kind) {
            case Piece::ascii: advance = cv::getTextSize(piece.text, kFont, scale, thickness, nullptr).width; break;
            case Piece::micro: advance = uWidth; break;
            case Piece::degree: advance = std::max(3, int(std::lround(uWidth * 0.6))); break;
        }
        result.advances.push_back(advance);
        total += advance;
    }
    // Strokes reach thickness/2 beyond the glyph skeleton, and anti-aliasing one pixel more.
    result.pad = thickness / 2 + 1;
    result.ascent = reference.height;
    result.descent = descent;
    result.width = total + 2 * result.pad;
    result.height = reference.height + descent + 2 * result.pad;
    result.baseline = descent + result.pad;
    return result;
}

/// Renders the text as coverage (0...255) in a mask the size of its box.
cv::Mat coverage(const TextLayout &text, double scale, int thickness) {
    cv::Mat mask = cv::Mat::zeros(text.height, text.width, CV_8UC1);
    const int baselineY = text.pad + text.ascent;
    int x = text.pad;
    for (size_t i = 0; i < text.pieces.size(); ++i) {
        const Piece &piece = text.pieces[i];
        switch (piece.kind) {
            case Piece::ascii:
                cv::putText(mask, piece.text, cv::Point(x, baselineY), kFont, scale, cv::Scalar(255), thickness,
                            cv::LINE_AA);
                break;
            case Piece::micro: {
                // A "u" whose left stem runs down through the descender: µ.
                cv::putText(mask, "u", cv::Point(x, baselineY), kFont, scale, cv::Scalar(255), thickness, cv::LINE_AA);
                int stem = x;
                const int row = std::max(0, baselineY - text.ascent / 3);
                for (int column = x; column < std::min(mask.cols, x + text.advances[i]); ++column) {
                    if (mask.at<uchar>(row, column) > 128) {
                        stem = column;
                        break;
                    }
                }
                stem += (thickness - 1) / 2;
                cv::line(mask, cv::Point(stem, baselineY - text.ascent / 3), cv::Point(stem, baselineY + text.descent),
                         cv::Scalar(255), thickness, cv::LINE_AA);
                break;
            }
            case Piece::degree: {
                const int radius = std::max(2, int(std::lround(text.ascent * 0.18)));
                cv::circle(mask, cv::Point(x + text.advances[i] / 2, baselineY - text.ascent + radius + 1), radius,
                           cv::Scalar(255), std::max(1, thickness - 1), cv::LINE_AA);
                break;
            }
        }
        x += text.advances[i];
    }
    return mask;
}

/// Blends `colour` onto the canvas through `mask` placed with its top-left corner at (x, y), inside the clip.
void blend(nk_canvas &canvas, const cv::Mat &mask, int x, int y, nk_rgb colour) {
    const cv::Rect placed(x, y, mask.cols, mask.rows);
    const cv::Rect visible = placed & canvas.clip;
    if (visible.empty()) return;
    const int ink[3] = {colour.r, colour.g, colour.b};
    for (int row = visible.y; row < visible.y + visible.height; ++row) {
        const uchar *alpha = mask.ptr<uchar>(row - y) + (visible.x - x);
        uchar *pixel = canvas.pixels.ptr<uchar>(row) + 3 * visible.x;
        for (int column = 0; column < visible.width; ++column, pixel += 3) {
            const int a = alpha[column];
            if (a == 0) continue;
            for (int c = 0; c < 3; ++c) pixel[c] = uchar((pixel[c] * (255 - a) + ink[c] * a + 127) / 255);
        }
    }
}

nk_status checkText(const char *text, double scale, int32_t thickness) {
    if (text == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "text is NULL");
    if (!isFinite(scale) || scale <= 0 || scale > 20) return nk::fail(NK_INVALID_ARGUMENT, "text scale %g is outside (0, 20]", scale);
    if (thickness < 1 || thickness > 50) return nk::fail(NK_INVALID_ARGUMENT, "text thickness %d is outside 1...50", thickness);
    return NK_OK;
}

}  // namespace

extern "C" {

nk_status nk_canvas_create(int32_t width, int32_t height, nk_rgb background, nk_canvas **out) {
    return nk::guarded(__func__, [&] {
        if (out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "output is NULL");
        *out = nullptr;
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            return nk::fail(NK_INVALID_ARGUMENT, "canvas size %d x %d is outside 1...16384", width, height);
        }
        auto canvas = std::make_unique<nk_canvas>();
        canvas->pixels = cv::Mat(height, width, CV_8UC3, scalar(background));
        canvas->clip = cv::Rect(0, 0, width, height);
        *out = canvas.release();
        return NK_OK;
    });
}

void nk_canvas_destroy(nk_canvas *canvas) { delete canvas; }
int32_t nk_canvas_width(const nk_canvas *canvas) { return canvas ? canvas->pixels.cols : 0; }
int32_t nk_canvas_height(const nk_canvas *canvas) { return canvas ? canvas->pixels.rows : 0; }

nk_status nk_canvas_set_clip(nk_canvas *canvas, int32_t x, int32_t y, int32_t width, int32_t height) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkCanvas(canvas)) return status;
        const cv::Rect whole(0, 0, canvas->pixels.cols, canvas->pixels.rows);
        if (width <= 0 || height <= 0) {
            canvas->clip = whole;
            return NK_OK;
        }
        const cv::Rect clip = cv::Rect(x, y, width, height) & whole;
        if (clip.empty()) {
            return nk::fail(NK_INVALID_ARGUMENT, "clip rectangle (%d, %d, %d x %d) lies outside the %d x %d canvas", x,
                            y, width, height, whole.width, whole.height);
        }
        canvas->clip = clip;
        return NK_OK;
    });
}

nk_status nk_canvas_polyline(nk_canvas *canvas, const double *xy, int32_t count, nk_rgb colour, double thickness,
                             double dash, double gap, int32_t antialiased) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkCanvas(canvas)) return status;
        if (xy == nullptr || count < 1) return nk::fail(NK_INVALID_ARGUMENT, "polyline needs at least one point (got %d)", count);
        if (nk_status status = checkThickness(thickness)) return status;
        if (!isFinite(dash) || !isFinite(gap) || dash < 0 || (dash > 0 && gap <= 0)) {
            return nk::fail(NK_INVALID_ARGUMENT, "dash %g / gap %g: expected dash 0 (solid) or dash, gap > 0", dash, gap);
        }
        std::vector<Point2> line(static_cast<size_t>(count));
        for (int32_t i = 0; i < count; ++i) {
            line[size_t(i)] = {xy[2 * i], xy[2 * i + 1]};
            if (!isFinite(line[size_t(i)].x) || !isFinite(line[size_t(i)].y)) {
                return nk::fail(NK_NOT_FINITE, "polyline point %d is (%g, %g)", i, line[size_t(i)].x, line[size_t(i)].y);
            }
        }
        const auto runs = dash > 0 && count > 1 ? dashed(line, dash, gap) : std::vector<std::vector<Point2>>{line};
        drawRuns(*canvas, runs, colour, pixels(thickness), antialiased ? cv::LINE_AA : cv::LINE_8);
        return NK_OK;
    });
}

nk_status nk_canvas_line(nk_canvas *canvas, double x0, double y0, double x1, double y1, nk_rgb colour,
                         double thickness, int32_t antialiased) {
    const double xy[4] = {x0, y0, x1, y1};
    return nk_canvas_polyline(canvas, xy, 2, colour, thickness, 0, 0, antialiased);
}

nk_status nk_canvas_rectangle(nk_canvas *canvas, double x, double y, double width, double height, nk_rgb colour,
                              double thickness) {
    const double xy[10] = {x, y, x + width, y, x + width, y + height, x, y + height, x, y};
    return nk_canvas_polyline(canvas, xy, 5, colour, thickness, 0, 0, 0);
}

nk_status nk_canvas_fill_rectangle(nk_canvas *canvas, double x, double y, double width, double height, nk_rgb colour) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkCanvas(canvas)) return status;
        if (!isFinite(x) || !isFinite(y) || !isFinite(width) || !isFinite(height)) {
            return nk::fail(NK_NOT_FINITE, "rectangle (%g, %g, %g x %g) is not finite", x, y, width, height);
        }
        // Round the edges, not the size, so adjacent bars share their edge exactly.
        const double left = std::min(x, x + width), right = std::max(x, x + width);
        const double top = std::min(y, y + height), bottom = std::max(y, y + height);
        auto clamp = [](double v) { return int(std::lround(std::clamp(v, -1e6, 1e6))); };
        const cv::Rect area = cv::Rect(cv::Point(clamp(left), clamp(top)), cv::Point(clamp(right), clamp(bottom))) & canvas->clip;
        if (!area.empty()) canvas->pixels(area).setTo(scalar(colour));
        return NK_OK;
    });
}

nk_status nk_canvas_circle(nk_canvas *canvas, double cx, double cy, double radius, nk_rgb colour, double thickness,
                           int32_t filled, int32_t antialiased) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkCanvas(canvas)) return status;
        if (!isFinite(cx) || !isFinite(cy) || !isFinite(radius)) {
            return nk::fail(NK_NOT_FINITE, "circle at (%g, %g) radius %g is not finite", cx, cy, radius);
        }
        if (radius < 0 || radius > 1e5) return nk::fail(NK_INVALID_ARGUMENT, "circle radius %g is outside 0...1e5", radius);
        if (!filled) {
            if (nk_status status = checkThickness(thickness)) return status;
        }
        const double reach = radius + thickness + 2;
        const cv::Rect clip = canvas->clip;
        if (cx + reach < clip.x || cy + reach < clip.y || cx - reach > clip.x + clip.width || cy - reach > clip.y + clip.height) {
            return NK_OK;
        }
        cv::circle(target(*canvas), fixedPoint(*canvas, {cx, cy}), int(std::lround(radius * kScale)), scalar(colour),
                   filled ? cv::FILLED : pixels(thickness), antialiased ? cv::LINE_AA : cv::LINE_8, kShift);
        return NK_OK;
    });
}

nk_status nk_canvas_marker(nk_canvas *canvas, double x, double y, nk_marker marker, double size, nk_rgb colour,
                           double thickness) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkCanvas(canvas)) return status;
        if (!isFinite(x) || !isFinite(y) || !isFinite(size)) return nk::fail(NK_NOT_FINITE, "marker at (%g, %g) size %g is not finite", x, y, size);
        if (size < 1 || size > 1000) return nk::fail(NK_INVALID_ARGUMENT, "marker size %g is outside 1...1000", size);
        if (nk_status status = checkThickness(thickness)) return status;
        if (int(marker) < int(NK_MARKER_CROSS) || int(marker) > int(NK_MARKER_TRIANGLE_DOWN)) {
            return nk::fail(NK_INVALID_ARGUMENT, "unknown marker %d", int(marker));
        }
        const cv::Rect clip = canvas->clip;
        if (x + size < clip.x || y + size < clip.y || x - size > clip.x + clip.width || y - size > clip.y + clip.height) {
            return NK_OK;
        }
        // cv::drawMarker has no sub-pixel shift; whole pixels are fine for markers.
        const cv::Point centre(int(std::lround(x)) - clip.x, int(std::lround(y)) - clip.y);
        cv::drawMarker(target(*canvas), centre, scalar(colour), int(marker), int(std::lround(size)), pixels(thickness),
                       cv::LINE_AA);
        return NK_OK;
    });
}

nk_status nk_text_size(const char *text, double scale, int32_t thickness, int32_t *width, int32_t *height,
                       int32_t *baseline) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkText(text, scale, thickness)) return status;
        const TextLayout box = layout(text, scale, thickness);
        if (width != nullptr) *width = box.width;
        if (height != nullptr) *height = box.height;
        if (baseline != nullptr) *baseline = box.baseline;
        return NK_OK;
    });
}

nk_status nk_canvas_text(nk_canvas *canvas, const char *text, double x, double y, double scale, int32_t thickness,
                         nk_rgb colour, nk_text_orientation orientation) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkCanvas(canvas)) return status;
        if (nk_status status = checkText(text, scale, thickness)) return status;
        if (!isFinite(x) || !isFinite(y)) return nk::fail(NK_NOT_FINITE, "text position (%g, %g) is not finite", x, y);
        if (orientation != NK_TEXT_HORIZONTAL && orientation != NK_TEXT_VERTICAL) {
            return nk::fail(NK_INVALID_ARGUMENT, "unknown text orientation %d", int(orientation));
        }
        const TextLayout box = layout(text, scale, thickness);
        if (box.width <= 2 * box.pad) return NK_OK;  // empty text
        cv::Mat mask = coverage(box, scale, thickness);
        if (orientation == NK_TEXT_VERTICAL) {
            // Drawn upright, then turned: putText itself only writes horizontally.
            cv::Mat turned;
            cv::rotate(mask, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
            mask = turned;
        }
        auto place = [](double v) { return int(std::lround(std::clamp(v, -1e6, 1e6))); };
        blend(*canvas, mask, place(x), place(y), colour);
        return NK_OK;
    });
}

nk_status nk_canvas_copy_rgb(const nk_canvas *canvas, uint8_t *rgb_out, size_t capacity) {
    return nk::guarded(__func__, [&] {
        if (nk_status status = checkCanvas(canvas)) return status;
        if (rgb_out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "output buffer is NULL");
        const size_t needed = canvas->pixels.total() * 3;
        if (capacity < needed) {
            return nk::fail(NK_INVALID_ARGUMENT, "output buffer of %zu bytes is smaller than the %zu bytes of a %d x %d canvas",
                            capacity, needed, canvas->pixels.cols, canvas->pixels.rows);
        }
        std::memcpy(rgb_out, canvas->pixels.data, needed);
        return NK_OK;
    });
}

}  // extern "C"
