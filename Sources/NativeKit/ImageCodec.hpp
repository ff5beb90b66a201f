// Mapping between the ABI's pixel description (channels, bit depth, RGB order) and OpenCV's Mat types.
#pragma once

#include "NativeKit.h"

#include <opencv2/core.hpp>

namespace nk {

/// NK_OK and the OpenCV type for 1/3/4 channels of 8/16-bit samples; NK_INVALID_ARGUMENT otherwise.
nk_status pixelType(int32_t width, int32_t height, int32_t channels, int32_t bitDepth, int *type);

/// A Mat header over caller memory (no copy). const_cast is sound: callers pass read-only views only to
/// OpenCV functions that read them.
inline cv::Mat wrap(const void *pixels, int32_t width, int32_t height, int type) {
    return cv::Mat(height, width, type, const_cast<void *>(pixels));
}

}  // namespace nk
