/*
 * NativeKit: the only C++ in Embody (Eigen and OpenCV), seen from Swift through this pure C ABI.
 *
 * Why a C ABI: Swift imports C headers without C++ interop, so the rest of the stack stays plain Swift and
 * the C++ stays swappable. Every function returns an `nk_status` and never lets a C++ exception escape;
 * on failure a human-readable message is available from `nk_last_error_message()` (per thread).
 *
 * Memory layout: every matrix on this ABI is dense and ROW-MAJOR (the layout of a Swift `[Double]`
 * filled row by row). Images are row-major, interleaved channels, tightly packed rows, channel order
 * RGB / RGBA (not OpenCV's BGR); 16-bit samples are native-endian uint16.
 *
 * Hot-path contract: `nk_ldlt_factorize`, `nk_ldlt_solve`, `nk_dls_solve` do no heap allocation; all
 * memory is taken when the workspace is created.
 */
#ifndef NATIVEKIT_H
#define NATIVEKIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result of every NativeKit call. */
typedef enum nk_status {
    NK_OK = 0,
    /** A size, pointer or parameter is out of range (e.g. n larger than the workspace capacity). */
    NK_INVALID_ARGUMENT = 1,
    /** The matrix handed to an SPD factorization is not (numerically) symmetric positive definite. */
    NK_NOT_POSITIVE_DEFINITE = 2,
    /** `solve` called without a successful `factorize` since creation or since the last failure. */
    NK_NOT_FACTORIZED = 3,
    /** The system to solve is singular (e.g. undamped least squares on a rank-deficient Jacobian). */
    NK_SINGULAR = 4,
    /** Memory could not be obtained (only when creating a workspace or decoding an image). */
    NK_OUT_OF_MEMORY = 5,
    /** A file could not be read or written (missing directory, permissions, unreadable data). */
    NK_IO_ERROR = 6,
    /** No usable video codec / backend for the request. */
    NK_CODEC_UNAVAILABLE = 7,
    /** The input contains NaN or infinity. */
    NK_NOT_FINITE = 8,
    /** Anything else (an unexpected exception inside Eigen or OpenCV). */
    NK_INTERNAL_ERROR = 9
} nk_status;

/** Message describing the last failure on the calling thread; empty after success is not guaranteed. */
const char *nk_last_error_message(void);

/* ---------------------------------------------------------------- SPD solver (LDLT) */

/** Workspace for factorizing symmetric positive-definite matrices of size n <= capacity. */
typedef struct nk_ldlt nk_ldlt;

/** Allocates everything the factorization and solves will ever need for n <= capacity. */
nk_status nk_ldlt_create(int32_t capacity, nk_ldlt **out);
void nk_ldlt_destroy(nk_ldlt *solver);
int32_t nk_ldlt_capacity(const nk_ldlt *solver);

/**
 * Factorizes the n x n matrix `a` (row-major; only the lower triangle is read) as P^T L D L^T P.
 * Fails with NK_NOT_POSITIVE_DEFINITE when a pivot of D is not safely positive. No heap allocation.
 */
nk_status nk_ldlt_factorize(nk_ldlt *solver, const double *a, int32_t n);

/**
 * Solves A X = B in place: `b` holds the n x nrhs right-hand sides (row-major) and receives X.
 * No heap allocation.
 */
nk_status nk_ldlt_solve(const nk_ldlt *solver, double *b, int32_t nrhs);

/** Writes the n pivots of D (in pivoted order); useful to judge conditioning. */
nk_status nk_ldlt_diagonal(const nk_ldlt *solver, double *d_out);

/* ---------------------------------------------------------------- Damped least squares */

/** Workspace for dq = J^T (J J^T + lambda^2 I)^-1 e with an m x n Jacobian, m <= 6, n <= max_cols. */
typedef struct nk_dls nk_dls;

nk_status nk_dls_create(int32_t max_cols, nk_dls **out);
void nk_dls_destroy(nk_dls *solver);

/**
 * `jacobian`: m x n row-major, `error`: m, `dq_out`: n. `singular_values_out` (may be NULL) receives the
 * m singular values of J in descending order. With lambda == 0 a rank-deficient J yields NK_SINGULAR.
 * No heap allocation.
 */
nk_status nk_dls_solve(nk_dls *solver, const double *jacobian, int32_t m, int32_t n,
                       const double *error, double lambda, double *dq_out, double *singular_values_out);

/* ---------------------------------------------------------------- Matrix product */

/** C (m x n) = A (m x k) * B (k x n), all row-major; C must not overlap A or B. */
nk_status nk_matmul_f64(const double *a, const double *b, double *c, int32_t m, int32_t k, int32_t n);
nk_status nk_matmul_f32(const float *a, const float *b, float *c, int32_t m, int32_t k, int32_t n);

/* ---------------------------------------------------------------- Images */

/** A decoded image owned by NativeKit (returned by nk_image_read). */
typedef struct nk_image nk_image;

/**
 * Writes a PNG. `channels` is 1 (gray), 3 (RGB) or 4 (RGBA); `bit_depth` is 8 or 16.
 * `pixels` holds height * width * channels samples, rows tightly packed.
 */
nk_status nk_png_write(const char *path, const void *pixels, int32_t width, int32_t height,
                       int32_t channels, int32_t bit_depth);

/** Decodes any image OpenCV can read, keeping alpha and 16-bit depth; colour comes back as RGB(A). */
nk_status nk_image_read(const char *path, nk_image **out);
void nk_image_destroy(nk_image *image);
int32_t nk_image_width(const nk_image *image);
int32_t nk_image_height(const nk_image *image);
int32_t nk_image_channels(const nk_image *image);
int32_t nk_image_bit_depth(const nk_image *image);
/** Tightly packed samples, height * width * channels * (bit_depth / 8) bytes. */
const void *nk_image_bytes(const nk_image *image);
size_t nk_image_byte_count(const nk_image *image);

typedef enum nk_interpolation {
    NK_INTERPOLATION_NEAREST = 0,
    NK_INTERPOLATION_LINEAR = 1,
    NK_INTERPOLATION_AREA = 2,
    NK_INTERPOLATION_CUBIC = 3
} nk_interpolation;

/** Resizes `src` into the caller's `dst` buffer (dst_width x dst_height, same channels and depth). */
nk_status nk_image_resize(const void *src, int32_t width, int32_t height, int32_t channels, int32_t bit_depth,
                          void *dst, int32_t dst_width, int32_t dst_height, nk_interpolation interpolation);

/** RGB or RGBA (3 or 4 channels) to one gray channel, ITU-R BT.601 weights, into `dst`. */
nk_status nk_image_to_gray(const void *src, int32_t width, int32_t height, int32_t channels, int32_t bit_depth,
                           void *dst);

/* ---------------------------------------------------------------- Video */

typedef struct nk_video_writer nk_video_writer;

/** Codec actually chosen by nk_video_writer_open. */
typedef enum nk_video_codec {
    NK_VIDEO_CODEC_MP4V = 0,  /**< MPEG-4 part 2 in an .mp4 container */
    NK_VIDEO_CODEC_MJPG = 1   /**< Motion JPEG in an .avi container (fallback) */
} nk_video_codec;

/**
 * Opens a writer for 8-bit frames with `channels` 1 (gray) or 3 (RGB). Tries MPEG-4 (`mp4v`) at `path`;
 * if the backend cannot, and `allow_fallback` is non-zero, tries Motion JPEG at the same path with the
 * extension replaced by `.avi`. The chosen codec and the path actually written are reported back
 * (`path_out` gets at most path_out_capacity bytes including the terminator).
 */
nk_status nk_video_writer_open(const char *path, int32_t width, int32_t height, double fps, int32_t channels,
                               int32_t allow_fallback, nk_video_writer **out, nk_video_codec *codec_out,
                               char *path_out, size_t path_out_capacity);
/** Appends one frame of width * height * channels bytes. */
nk_status nk_video_writer_write(nk_video_writer *writer, const uint8_t *pixels);
/** Finishes the file and frees the writer (also on error); `writer` is invalid afterwards. */
nk_status nk_video_writer_close(nk_video_writer *writer);

typedef struct nk_video_reader nk_video_reader;

/** Opens a video file for decoding; frames come back as 8-bit RGB. */
nk_status nk_video_reader_open(const char *path, nk_video_reader **out);
void nk_video_reader_destroy(nk_video_reader *reader);
int32_t nk_video_reader_width(const nk_video_reader *reader);
int32_t nk_video_reader_height(const nk_video_reader *reader);
double nk_video_reader_fps(const nk_video_reader *reader);
/**
 * Decodes the next frame into `rgb_out` (width * height * 3 bytes). `*got_frame` is 1 on a frame and 0
 * at the end of the stream.
 */
nk_status nk_video_reader_next(nk_video_reader *reader, uint8_t *rgb_out, int32_t *got_frame);

/* ---------------------------------------------------------------- Drawing (plots, overlays) */

/**
 * An 8-bit RGB raster to draw on (cv::Mat underneath), for plots in run reports. Coordinates are pixels,
 * x to the right and y down; integer coordinates are pixel centres (OpenCV's convention), fractions are
 * drawn with sub-pixel precision. Anything outside the canvas (or the clip rectangle) is cut off, not an error.
 * Non-finite coordinates are rejected with NK_NOT_FINITE.
 */
typedef struct nk_canvas nk_canvas;

/** An 8-bit RGB colour. */
typedef struct nk_rgb {
    uint8_t r, g, b;
} nk_rgb;

/** Creates a width x height canvas (1...16384 each) filled with `background`. */
nk_status nk_canvas_create(int32_t width, int32_t height, nk_rgb background, nk_canvas **out);
void nk_canvas_destroy(nk_canvas *canvas);
int32_t nk_canvas_width(const nk_canvas *canvas);
int32_t nk_canvas_height(const nk_canvas *canvas);

/**
 * Restricts all further drawing to the rectangle (x, y, width, height), e.g. a plot's data area so lines
 * leaving the axis range are cut at the frame. The rectangle is intersected with the canvas; width or
 * height <= 0 means "no clipping" again.
 */
nk_status nk_canvas_set_clip(nk_canvas *canvas, int32_t x, int32_t y, int32_t width, int32_t height);

/**
 * Connected line through `count` points, `xy` = x0, y0, x1, y1, … (count >= 1; one point draws a dot).
 * `thickness` in pixels (>= 1, rounded). `dash` > 0 draws dashes of `dash` pixels separated by `gap`
 * pixels, measured along the line so the pattern continues across vertices; `dash` == 0 is solid.
 * `antialiased` != 0 smooths edges.
 */
nk_status nk_canvas_polyline(nk_canvas *canvas, const double *xy, int32_t count, nk_rgb colour, double thickness,
                             double dash, double gap, int32_t antialiased);

/** One segment from (x0, y0) to (x1, y1); see nk_canvas_polyline. */
nk_status nk_canvas_line(nk_canvas *canvas, double x0, double y0, double x1, double y1, nk_rgb colour,
                         double thickness, int32_t antialiased);

/** Outline of the rectangle with corners (x, y) and (x + width, y + height). */
nk_status nk_canvas_rectangle(nk_canvas *canvas, double x, double y, double width, double height, nk_rgb colour,
                              double thickness);

/** The rectangle (x, y, width, height) filled with `colour`, edges rounded to whole pixels. */
nk_status nk_canvas_fill_rectangle(nk_canvas *canvas, double x, double y, double width, double height, nk_rgb colour);

/** Circle around (cx, cy); `filled` != 0 fills it, otherwise an outline of `thickness` pixels. */
nk_status nk_canvas_circle(nk_canvas *canvas, double cx, double cy, double radius, nk_rgb colour, double thickness,
                           int32_t filled, int32_t antialiased);

/** Marker shapes (OpenCV's cv::MarkerTypes). */
typedef enum nk_marker {
    NK_MARKER_CROSS = 0,          /**< + */
    NK_MARKER_TILTED_CROSS = 1,   /**< x */
    NK_MARKER_STAR = 2,           /**< + and x */
    NK_MARKER_DIAMOND = 3,
    NK_MARKER_SQUARE = 4,
    NK_MARKER_TRIANGLE_UP = 5,
    NK_MARKER_TRIANGLE_DOWN = 6
} nk_marker;

/** A marker of `size` pixels centred on (x, y), e.g. the start and end of a path. */
nk_status nk_canvas_marker(nk_canvas *canvas, double x, double y, nk_marker marker, double size, nk_rgb colour,
                           double thickness);

/** Text direction: horizontal, or turned 90 degrees counter-clockwise (read bottom to top, y-axis labels). */
typedef enum nk_text_orientation {
    NK_TEXT_HORIZONTAL = 0,
    NK_TEXT_VERTICAL = 1
} nk_text_orientation;

/**
 * Size of the box `text` occupies when drawn horizontally with Hershey Simplex at `scale` (1.0 is about
 * 22 px cap height) and stroke `thickness`: `width` x `height`, where `height` includes the descender
 * part and `baseline` is the distance from the box's bottom up to the baseline. Vertical text occupies the
 * same box turned: `height` wide and `width` tall.
 *
 * Text is UTF-8. The Hershey font is ASCII; "µ" (micro sign, U+00B5 / U+03BC) and "°" are drawn as
 * glyphs of their own so units like µs and ° stay readable; any other non-ASCII character shows as '?'.
 */
nk_status nk_text_size(const char *text, double scale, int32_t thickness, int32_t *width, int32_t *height,
                       int32_t *baseline);

/**
 * Draws `text` (anti-aliased, blended onto the canvas) so that its box, as measured by nk_text_size
 * and turned for NK_TEXT_VERTICAL, has its top-left corner at (x, y).
 */
nk_status nk_canvas_text(nk_canvas *canvas, const char *text, double x, double y, double scale, int32_t thickness,
                         nk_rgb colour, nk_text_orientation orientation);

/** Copies the pixels out as width * height * 3 bytes of RGB; `capacity` is the size of `rgb_out`. */
nk_status nk_canvas_copy_rgb(const nk_canvas *canvas, uint8_t *rgb_out, size_t capacity);

/* ================================================================ Cameras: calibration and capture
 * (section owned by the camera work: Sources/NativeKit/CameraCalibration.cpp, CameraCapture.cpp)
 *
 * Intrinsics follow OpenCV: `camera_matrix` is 3 x 3 row-major [fx 0 cx; 0 fy cy; 0 0 1] with pixel centres at
 * integer coordinates; distortion is OpenCV's list (k1, k2, p1, p2[, k3[, k4, k5, k6[, s1..s4[, tx, ty]]]]).
 */

/** Longest distortion vector OpenCV defines (rational + thin prism + tilted model). */
#define NK_MAX_DISTORTION 14

/**
 * Looks for a chessboard with `columns` x `rows` INNER corners in an 8-bit gray, RGB or RGBA image and refines the
 * corners to sub-pixel accuracy (cornerSubPix). `corners_out` receives columns * rows (x, y) pairs in OpenCV's
 * order (row by row); `*found` is 1 when the whole board was seen and 0 when not (which is not an error).
 */
nk_status nk_chessboard_find(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels,
                             int32_t columns, int32_t rows, double *corners_out, int32_t *found);

/**
 * Zhang's calibration (cv::calibrateCamera) from `view_count` views of a planar chessboard whose inner corners are
 * `square` metres apart; `corners` holds view_count * columns * rows (x, y) pairs as nk_chessboard_find writes
 * them. Estimates fx, fy, cx, cy and 5 distortion coefficients (k1, k2, p1, p2, k3) into `camera_matrix_out` (9)
 * and `distortion_out` (5); `*rms_out` is the RMS reprojection error over all corners and `per_view_rms_out`
 * (view_count values) the same per view, in pixels.
 */
nk_status nk_camera_calibrate(const double *corners, int32_t view_count, int32_t columns, int32_t rows, double square,
                              int32_t width, int32_t height, double *camera_matrix_out, double *distortion_out,
                              double *rms_out, double *per_view_rms_out);

/** A camera calibration as stored in OpenCV's YAML layout (cv::FileStorage, `!!opencv-matrix`). */
typedef struct nk_camera_calibration {
    int32_t width, height;
    double camera_matrix[9];
    int32_t distortion_count;
    double distortion[NK_MAX_DISTORTION];
    /** RMS reprojection error in pixels (`avg_reprojection_error`); negative when the file has none. */
    double rms;
    /** How the calibration was made (0 when unknown): board inner corners, square size (m), views used. */
    int32_t board_columns, board_rows;
    double square;
    int32_t view_count;
} nk_camera_calibration;

/** Writes `calibration` with cv::FileStorage (`%YAML:1.0`, image_width, image_height, camera_matrix, …). */
nk_status nk_camera_calibration_write(const char *path, const nk_camera_calibration *calibration);

/**
 * Reads a calibration in OpenCV's layout, or ROS camera_calibration's (plain rows/cols/data maps). Missing or
 * malformed fields fail with NK_INVALID_ARGUMENT and a message naming the file and the field.
 */
nk_status nk_camera_calibration_read(const char *path, nk_camera_calibration *out);

/** A frame source: a V4L2 camera or a video file (cv::VideoCapture), plus optional undistortion and resizing. */
typedef struct nk_camera nk_camera;

/** Why a camera failed, so callers can tell the user what to do. */
typedef enum nk_camera_fault {
    NK_CAMERA_FAULT_NONE = 0,
    /** No such device node (unplugged, wrong number). */
    NK_CAMERA_FAULT_NO_DEVICE = 1,
    /** The node exists but this user may not open it (not in the `video` group). */
    NK_CAMERA_FAULT_PERMISSION = 2,
    /** Another program is streaming from it. */
    NK_CAMERA_FAULT_BUSY = 3,
    /** The node is not a V4L2 video capture device (e.g. a UVC metadata node, or not V4L2 at all). */
    NK_CAMERA_FAULT_NOT_CAPTURE = 4,
    /** The requested size (or pixel format) is not offered; the message lists what is. */
    NK_CAMERA_FAULT_UNSUPPORTED = 5,
    /** It opened but stopped (or never started) delivering frames. */
    NK_CAMERA_FAULT_NO_FRAMES = 6,
    /** Anything else (bad arguments, OpenCV failures). */
    NK_CAMERA_FAULT_OTHER = 7
} nk_camera_fault;

/**
 * Opens a V4L2 capture device (`device` is a path like /dev/video0) through OpenCV's CAP_V4L2 backend, asking for
 * `width` x `height` at `fps` (0 keeps the driver's choice for each) and `pixel_format` (a FOURCC like "MJPG" or
 * "YUYV", or NULL). The node is checked first (exists, permissions, V4L2 capture capability, not busy) so that
 * failures have a reason; a size the driver does not honour is an error listing the offered sizes. One frame is
 * read to prove the stream works. On failure `*fault_out` says which kind.
 */
nk_status nk_camera_open_device(const char *device, int32_t width, int32_t height, double fps,
                                const char *pixel_format, nk_camera **out, nk_camera_fault *fault_out);

/** Opens a video file (recorded camera stream) as a frame source; frames end at the end of the file. */
nk_status nk_camera_open_file(const char *path, nk_camera **out);
void nk_camera_destroy(nk_camera *camera);
/** Size the device or file delivers, before undistortion and resizing. */
int32_t nk_camera_source_width(const nk_camera *camera);
int32_t nk_camera_source_height(const nk_camera *camera);
/** Size of the frames nk_camera_grab writes (the source size unless nk_camera_set_output changed it). */
int32_t nk_camera_width(const nk_camera *camera);
int32_t nk_camera_height(const nk_camera *camera);
double nk_camera_fps(const nk_camera *camera);

/**
 * Sets what nk_camera_grab delivers: frames undistorted with `camera_matrix` (9) and `distortion`
 * (distortion_count values; camera_matrix NULL means no undistortion; the undistorted image keeps the same camera
 * matrix, as cv::undistort does), then resized (area averaging when shrinking) to `width` x `height` (0 x 0 keeps the
 * source size). The undistortion maps are computed here once, so grabbing stays cheap.
 */
nk_status nk_camera_set_output(nk_camera *camera, int32_t width, int32_t height, const double *camera_matrix,
                               const double *distortion, int32_t distortion_count);

/**
 * Reads the next frame as 8-bit RGB into `rgb_out` (width * height * 3 bytes of nk_camera_width/height;
 * `capacity` is its size). `*timestamp_ns`: for devices the CLOCK_MONOTONIC time at which the frame was
 * dequeued; for files the frame's media time. `*got_frame` is 0 at the end of a file; a device that delivers no
 * frame is an error with NK_CAMERA_FAULT_NO_FRAMES.
 */
nk_status nk_camera_grab(nk_camera *camera, uint8_t *rgb_out, size_t capacity, int64_t *timestamp_ns,
                         int32_t *got_frame, nk_camera_fault *fault_out);

/* ================================================================ end of the camera section */

#ifdef __cplusplus
}
#endif

#endif /* NATIVEKIT_H */
