// PNG writing, image reading, resizing and gray conversion with OpenCV, in RGB order on the ABI.
//
// Why encode to memory and write the file ourselves: cv::imwrite chooses the format from the extension
// and reports failure as a bare `false`; imencode(".png") always makes a PNG, and fopen/fwrite give the
// errno that says why a path is not writable.
#include "FileAccess.hpp"
#include "ImageCodec.hpp"
#include "Internal.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

struct nk_image {
    cv::Mat pixels;  // continuous, RGB(A) order
};

namespace nk {

nk_status pixelType(int32_t width, int32_t height, int32_t channels, int32_t bitDepth, int *type) {
    if (width < 1 || height < 1 || width > 1 << 16 || height > 1 << 16) {
        return fail(NK_INVALID_ARGUMENT, "image size %d x %d is outside 1...65536", width, height);
    }
    if (channels != 1 && channels != 3 && channels != 4) {
        return fail(NK_INVALID_ARGUMENT, "%d channels; expected 1 (gray), 3 (RGB) or 4 (RGBA)", channels);
    }
    if (bitDepth != 8 && bitDepth != 16) return fail(NK_INVALID_ARGUMENT, "bit depth %d; expected 8 or 16", bitDepth);
    *type = CV_MAKETYPE(bitDepth == 8 ? CV_8U : CV_16U, channels);
    return NK_OK;
}

}  // namespace nk

namespace {

/// RGB(A) <-> BGR(A); gray needs no swap. The conversion is its own inverse.
int swapCode(int channels) { return channels == 3 ? cv::COLOR_RGB2BGR : cv::COLOR_RGBA2BGRA; }

}  // namespace

extern "C" {

nk_status nk_png_write(const char *path, const void *pixels, int32_t width, int32_t height, int32_t channels,
                       int32_t bit_depth) {
    return nk::guarded(__func__, [&] {
        if (path == nullptr || pixels == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "path or pixels is NULL");
        int type = 0;
        if (nk_status status = nk::pixelType(width, height, channels, bit_depth, &type)) return status;
        if (nk_status status = nk::checkWritable(path)) return status;
        cv::Mat image = nk::wrap(pixels, width, height, type);
        cv::Mat ordered;
        if (channels == 1) {
            ordered = image;
        } else {
            cv::cvtColor(image, ordered, swapCode(channels));
        }
        std::vector<uchar> encoded;
        if (!cv::imencode(".png", ordered, encoded, {cv::IMWRITE_PNG_COMPRESSION, 3})) {
            return nk::fail(NK_CODEC_UNAVAILABLE, "OpenCV could not encode a PNG (was it built without libpng?)");
        }
        std::FILE *file = std::fopen(path, "wb");
        if (file == nullptr) return nk::fail(NK_IO_ERROR, "cannot write '%s': %s", path, std::strerror(errno));
        const size_t written = std::fwrite(encoded.data(), 1, encoded.size(), file);
        const int writeError = written == encoded.size() ? 0 : errno;
        if (std::fclose(file) != 0 || writeError != 0) {
            return nk::fail(NK_IO_ERROR, "writing '%s' failed: %s", path, std::strerror(writeError ? writeError : errno));
        }
        return NK_OK;
    });
}

nk_status nk_image_read(const char *path, nk_image **out) {
    return nk::guarded(__func__, [&] {
        if (path == nullptr || out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "path or output is NULL");
        *out = nullptr;
        if (nk_status status = nk::checkReadable(path)) return status;
        cv::Mat decoded = cv::imread(path, cv::IMREAD_UNCHANGED);
        if (decoded.empty()) return nk::fail(NK_IO_ERROR, "'%s' is not an image OpenCV can decode", path);
        if (decoded.depth() != CV_8U && decoded.depth() != CV_16U) {
            return nk::fail(NK_INVALID_ARGUMENT, "'%s' has %s samples; only 8- and 16-bit unsigned are supported",
                            path, cv::depthToString(decoded.depth()));
        }
        auto image = std::make_unique<nk_image>();
        switch (decoded.channels()) {
            case 1: image->pixels = decoded.isContinuous() ? decoded : decoded.clone(); break;
            case 3: cv::cvtColor(decoded, image->pixels, cv::COLOR_BGR2RGB); break;
            case 4: cv::cvtColor(decoded, image->pixels, cv::COLOR_BGRA2RGBA); break;
            default:
                return nk::fail(NK_INVALID_ARGUMENT, "'%s' has %d channels; expected 1, 3 or 4", path,
                                decoded.channels());
        }
        *out = image.release();
        return NK_OK;
    });
}

void nk_image_destroy(nk_image *image) { delete image; }
int32_t nk_image_width(const nk_image *image) { return image ? image->pixels.cols : 0; }
int32_t nk_image_height(const nk_image *image) { return image ? image->pixels.rows : 0; }
int32_t nk_image_channels(const nk_image *image) { return image ? image->pixels.channels() : 0; }
int32_t nk_image_bit_depth(const nk_image *image) {
    return image ? (image->pixels.depth() == CV_16U ? 16 : 8) : 0;
}
const void *nk_image_bytes(const nk_image *image) { return image ? image->pixels.data : nullptr; }
size_t nk_image_byte_count(const nk_image *image) {
    return image ? image->pixels.total() * image->pixels.elemSize() : 0;
}

nk_status nk_image_resize(const void *src, int32_t width, int32_t height, int32_t channels, int32_t bit_depth,
                          void *dst, int32_t dst_width, int32_t dst_height, nk_interpolation interpolation) {
    return nk::guarded(__func__, [&] {
        if (src == nullptr || dst == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "source or destination is NULL");
        int type = 0;
        if (nk_status status = nk::pixelType(width, height, channels, bit_depth, &type)) return status;
        if (nk_status status = nk::pixelType(dst_width, dst_height, channels, bit_depth, &type)) return status;
        int flag = 0;
        switch (interpolation) {
            case NK_INTERPOLATION_NEAREST: flag = cv::INTER_NEAREST; break;
            case NK_INTERPOLATION_LINEAR: flag = cv::INTER_LINEAR; break;
            case NK_INTERPOLATION_AREA: flag = cv::INTER_AREA; break;
            case NK_INTERPOLATION_CUBIC: flag = cv::INTER_CUBIC; break;
            default: return nk::fail(NK_INVALID_ARGUMENT, "unknown interpolation %d", int(interpolation));
        }
        cv::Mat output = nk::wrap(dst, dst_width, dst_height, type);
        void *const target = output.data;
        cv::resize(nk::wrap(src, width, height, type), output, cv::Size(dst_width, dst_height), 0, 0, flag);
        // The header already has the right size and type, so OpenCV writes into the caller's buffer.
        if (output.data != target) return nk::fail(NK_INTERNAL_ERROR, "cv::resize reallocated its output");
        return NK_OK;
    });
}

nk_status nk_image_to_gray(const void *src, int32_t width, int32_t height, int32_t channels, int32_t bit_depth,
                           void *dst) {
    return nk::guarded(__func__, [&] {
        if (src == nullptr || dst == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "source or destination is NULL");
        if (channels != 3 && channels != 4) {
            return nk::fail(NK_INVALID_ARGUMENT, "gray conversion needs 3 (RGB) or 4 (RGBA) channels, got %d", channels);
        }
        int type = 0, grayType = 0;
        if (nk_status status = nk::pixelType(width, height, channels, bit_depth, &type)) return status;
        if (nk_status status = nk::pixelType(width, height, 1, bit_depth, &grayType)) return status;
        cv::Mat output = nk::wrap(dst, width, height, grayType);
        void *const target = output.data;
        cv::cvtColor(nk::wrap(src, width, height, type), output,
                     channels == 3 ? cv::COLOR_RGB2GRAY : cv::COLOR_RGBA2GRAY);
        if (output.data != target) return nk::fail(NK_INTERNAL_ERROR, "cv::cvtColor reallocated its output");
        return NK_OK;
    });
}

}  // extern "C"
