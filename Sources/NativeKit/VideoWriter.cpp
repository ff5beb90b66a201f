// Video recording of camera frames / renders (MPEG-4 in .mp4, Motion JPEG in .avi as a fallback).
//
// Why a fallback: which encoders cv::VideoWriter has depends on how OpenCV and FFmpeg were built; the
// `mp4v` encoder is in Debian's FFmpeg, Motion JPEG is built into OpenCV itself (no FFmpeg needed).
// The caller learns which one was used rather than getting a silent empty file.
#include "FileAccess.hpp"
#include "Internal.hpp"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <sys/stat.h>

struct nk_video_writer {
    cv::VideoWriter writer;
    cv::Mat bgr;  // preallocated conversion target, so appending a frame does not allocate a frame
    std::string path;
    int width = 0, height = 0, channels = 0;
};

namespace {

std::string withExtension(const std::string &path, const char *extension) {
    const auto slash = path.find_last_of('/');
    const auto dot = path.find_last_of('.');
    const bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    return (hasExtension ? path.substr(0, dot) : path) + extension;
}

bool tryOpen(nk_video_writer &video, const std::string &path, int fourcc, double fps) {
    // Always colour: gray frames are expanded on append, because single-channel input is not supported
    // by every backend/codec pair.
    return video.writer.open(path, fourcc, fps, cv::Size(video.width, video.height), true) && video.writer.isOpened();
}

}  // namespace

extern "C" {

nk_status nk_video_writer_open(const char *path, int32_t width, int32_t height, double fps, int32_t channels,
                               int32_t allow_fallback, nk_video_writer **out, nk_video_codec *codec_out,
                               char *path_out, size_t path_out_capacity) {
    return nk::guarded(__func__, [&] {
        if (path == nullptr || out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "path or output is NULL");
        *out = nullptr;
        if (width < 2 || height < 2 || width > 16384 || height > 16384 || width % 2 || height % 2) {
            // MPEG-4 uses 4:2:0 chroma, so odd sizes are rejected up front instead of failing in FFmpeg.
            return nk::fail(NK_INVALID_ARGUMENT, "frame size %d x %d must be even and within 2...16384", width, height);
        }
        if (!(fps > 0) || !std::isfinite(fps) || fps > 1000) {
            return nk::fail(NK_INVALID_ARGUMENT, "frame rate %g must be within (0, 1000]", fps);
        }
        if (channels != 1 && channels != 3) {
            return nk::fail(NK_INVALID_ARGUMENT, "%d channels; video frames are 1 (gray) or 3 (RGB)", channels);
        }
        if (nk_status status = nk::checkWritable(path)) return status;

        auto video = std::make_unique<nk_video_writer>();
        video->width = width;
        video->height = height;
        video->channels = channels;
        video->bgr.create(height, width, CV_8UC3);
        nk_video_codec codec = NK_VIDEO_CODEC_MP4V;
        std::string chosen = path;
        if (!tryOpen(*video, chosen, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), fps)) {
            std::string fallback = withExtension(path, ".avi");
            if (!allow_fallback) {
                return nk::fail(NK_CODEC_UNAVAILABLE, "no OpenCV video backend can write MPEG-4 ('mp4v') to '%s'", path);
            }
            if (nk_status status = nk::checkWritable(fallback.c_str())) return status;
            if (!tryOpen(*video, fallback, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps)) {
                return nk::fail(NK_CODEC_UNAVAILABLE,
                                "no OpenCV video backend can write MPEG-4 to '%s' or Motion JPEG to '%s'", path,
                                fallback.c_str());
            }
            codec = NK_VIDEO_CODEC_MJPG;
            chosen = fallback;
        }
        video->path = chosen;
        if (codec_out != nullptr) *codec_out = codec;
        if (path_out != nullptr && path_out_capacity > 0) {
            if (chosen.size() + 1 > path_out_capacity) {
                return nk::fail(NK_INVALID_ARGUMENT, "path buffer of %zu bytes is too small for '%s'",
                                path_out_capacity, chosen.c_str());
            }
            std::memcpy(path_out, chosen.c_str(), chosen.size() + 1);
        }
        *out = video.release();
        return NK_OK;
    });
}

nk_status nk_video_writer_write(nk_video_writer *writer, const uint8_t *pixels) {
    return nk::guarded(__func__, [&] {
        if (writer == nullptr || pixels == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "writer or pixels is NULL");
        cv::Mat frame(writer->height, writer->width, CV_8UC(writer->channels), const_cast<uint8_t *>(pixels));
        cv::cvtColor(frame, writer->bgr, writer->channels == 3 ? cv::COLOR_RGB2BGR : cv::COLOR_GRAY2BGR);
        writer->writer.write(writer->bgr);
        return NK_OK;
    });
}

nk_status nk_video_writer_close(nk_video_writer *writer) {
    return nk::guarded(__func__, [&] {
        if (writer == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "writer is NULL");
        std::unique_ptr<nk_video_writer> owned(writer);
        owned->writer.release();
        struct stat info {};
        if (stat(owned->path.c_str(), &info) != 0 || info.st_size == 0) {
            return nk::fail(NK_IO_ERROR, "the video backend left no data in '%s'", owned->path.c_str());
        }
        return NK_OK;
    });
}

}  // extern "C"
