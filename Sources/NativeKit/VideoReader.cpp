// Decoding video files frame by frame (tests read recordings back; later, recorded camera streams).
#include "FileAccess.hpp"
#include "Internal.hpp"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <memory>

struct nk_video_reader {
    cv::VideoCapture capture;
    cv::Mat frame;  // decoded BGR, reused between frames
    int width = 0, height = 0;
    double fps = 0;
};

extern "C" {

nk_status nk_video_reader_open(const char *path, nk_video_reader **out) {
    return nk::guarded(__func__, [&] {
        if (path == nullptr || out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "path or output is NULL");
        *out = nullptr;
        if (nk_status status = nk::checkReadable(path)) return status;
        auto reader = std::make_unique<nk_video_reader>();
        if (!reader->capture.open(path) || !reader->capture.isOpened()) {
            return nk::fail(NK_CODEC_UNAVAILABLE, "no OpenCV video backend can decode '%s'", path);
        }
        reader->width = int(reader->capture.get(cv::CAP_PROP_FRAME_WIDTH));
        reader->height = int(reader->capture.get(cv::CAP_PROP_FRAME_HEIGHT));
        reader->fps = reader->capture.get(cv::CAP_PROP_FPS);
        if (reader->width < 1 || reader->height < 1) {
            return nk::fail(NK_IO_ERROR, "'%s' reports no frame size", path);
        }
        *out = reader.release();
        return NK_OK;
    });
}

void nk_video_reader_destroy(nk_video_reader *reader) { delete reader; }
int32_t nk_video_reader_width(const nk_video_reader *reader) { return reader ? reader->width : 0; }
int32_t nk_video_reader_height(const nk_video_reader *reader) { return reader ? reader->height : 0; }
double nk_video_reader_fps(const nk_video_reader *reader) { return reader ? reader->fps : 0; }

nk_status nk_video_reader_next(nk_video_reader *reader, uint8_t *rgb_out, int32_t *got_frame) {
    return nk::guarded(__func__, [&] {
        if (reader == nullptr || rgb_out == nullptr || got_frame == nullptr) {
            return nk::fail(NK_INVALID_ARGUMENT, "reader, output or flag is NULL");
        }
        *got_frame = 0;
        if (!reader->capture.read(reader->frame) || reader->frame.empty()) return NK_OK;  // end of stream
        if (reader->frame.cols != reader->width || reader->frame.rows != reader->height || reader->frame.type() != CV_8UC3) {
            return nk::fail(NK_IO_ERROR, "decoded frame is %dx%d (type %d), expected %dx%d RGB", reader->frame.cols,
                            reader->frame.rows, reader->frame.type(), reader->width, reader->height);
        }
        cv::Mat output(reader->height, reader->width, CV_8UC3, rgb_out);
        cv::cvtColor(reader->frame, output, cv::COLOR_BGR2RGB);
        *got_frame = 1;
        return NK_OK;
    });
}

}  // extern "C"
