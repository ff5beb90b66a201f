// Camera calibration with OpenCV: chessboard corners, Zhang's method, and the YAML file OpenCV tools share.
//
// Why cv::FileStorage for the file: it is the writer of OpenCV's own calibration sample, so the file is
// byte-for-byte what other OpenCV-based tools expect (`%YAML:1.0`, `!!opencv-matrix` with rows/cols/dt/data).
#include "FileAccess.hpp"
#include "ImageCodec.hpp"
#include "Internal.hpp"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

/// Inner-corner grid sizes OpenCV's detector handles sensibly; also keeps buffer sizes in range.
bool validBoard(int32_t columns, int32_t rows) { return columns >= 2 && rows >= 2 && columns <= 100 && rows <= 100; }

/// The board's corners in its own plane (z = 0), row by row like findChessboardCorners reports them.
std::vector<cv::Point3f> boardPoints(int32_t columns, int32_t rows, double square) {
    std::vector<cv::Point3f> points;
    points.reserve(size_t(columns) * size_t(rows));
    for (int32_t r = 0; r < rows; ++r) {
        for (int32_t c = 0; c < columns; ++c) points.emplace_back(float(c * square), float(r * square), 0.0f);
    }
    return points;
}

/// A numeric matrix field: OpenCV's `!!opencv-matrix` or ROS's plain map with rows/cols/data.
nk_status readMatrix(const cv::FileStorage &storage, const char *path, const char *name, std::vector<double> &values,
                     int32_t *rows_out, int32_t *cols_out) {
    const cv::FileNode node = storage[name];
    if (node.empty()) return nk::fail(NK_INVALID_ARGUMENT, "%s: no '%s' field", path, name);
    if (!node.isMap() || node["rows"].empty() || node["cols"].empty() || !node["data"].isSeq()) {
        return nk::fail(NK_INVALID_ARGUMENT, "%s: '%s' is not a matrix with rows, cols and data", path, name);
    }
    const int rows = int(node["rows"]), cols = int(node["cols"]);
    const cv::FileNode data = node["data"];
    if (rows < 1 || cols < 1 || size_t(rows) * size_t(cols) != data.size()) {
        return nk::fail(NK_INVALID_ARGUMENT, "%s: '%s' says %d x %d but has %zu values", path, name, rows, cols,
                        data.size());
    }
    values.clear();
    for (const cv::FileNode &value : data) {
        if (!value.isReal() && !value.isInt()) {
            return nk::fail(NK_INVALID_ARGUMENT, "%s: '%s' holds a value that is not a number", path, name);
        }
        values.push_back(double(value));
    }
    *rows_out = rows;
    *cols_out = cols;
    return NK_OK;
}

/// An integer field that must be present and positive.
nk_status readPositive(const cv::FileStorage &storage, const char *path, const char *name, int32_t *out) {
    const cv::FileNode node = storage[name];
    if (node.empty() || !node.isInt()) return nk::fail(NK_INVALID_ARGUMENT, "%s: no integer '%s' field", path, name);
    const int value = int(node);
    if (value < 1) return nk::fail(NK_INVALID_ARGUMENT, "%s: '%s' is %d; expected a positive size", path, name, value);
    *out = value;
    return NK_OK;
}

}  // namespace

extern "C" {

nk_status nk_chessboard_find(const uint8_t *pixels, int32_t width, int32_t height, int32_t channels,
                             int32_t columns, int32_t rows, double *corners_out, int32_t *found) {
    return nk::guarded(__func__, [&] {
        if (pixels == nullptr || corners_out == nullptr || found == nullptr) {
            return nk::fail(NK_INVALID_ARGUMENT, "pixels, corners or flag is NULL");
        }
        *found = 0;
        int type = 0;
        if (nk_status status = nk::pixelType(width, height, channels, 8, &type)) return status;
        if (!validBoard(columns, rows)) {
            return nk::fail(NK_INVALID_ARGUMENT, "board of %d x %d inner corners; expected 2...100 each", columns, rows);
        }
        const cv::Mat image = nk::wrap(pixels, width, height, type);
        cv::Mat gray;
        if (channels == 1) {
            gray = image;
        } else {
            cv::cvtColor(image, gray, channels == 3 ? cv::COLOR_RGB2GRAY : cv::COLOR_RGBA2GRAY);
        }
        std::vector<cv::Point2f> corners;
        const int flags = cv::CALIB_CB_ADAPTIVE_THRESH | cv::CALIB_CB_NORMALIZE_IMAGE | cv::CALIB_CB_FAST_CHECK;
        if (!cv::findChessboardCorners(gray, cv::Size(columns, rows), corners, flags)) return NK_OK;
        // The window OpenCV's calibration sample uses (11 x 11); 30 iterations or 0.001 px.
        cv::cornerSubPix(gray, corners, cv::Size(5, 5), cv::Size(-1, -1),
                         cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 30, 0.001));
        for (size_t i = 0; i < corners.size(); ++i) {
            corners_out[2 * i] = corners[i].x;
            corners_out[2 * i + 1] = corners[i].y;
        }
        *found = 1;
        return NK_OK;
    });
}

nk_status nk_camera_calibrate(const double *corners, int32_t view_count, int32_t columns, int32_t rows, double square,
                              int32_t width, int32_t height, double *camera_matrix_out, double *distortion_out,
                              double *rms_out, double *per_view_rms_out) {
    return nk::guarded(__func__, [&] {
        if (corners == nullptr || camera_matrix_out == nullptr || distortion_out == nullptr || rms_out == nullptr ||
            per_view_rms_out == nullptr) {
            return nk::fail(NK_INVALID_ARGUMENT, "an input or output pointer is NULL");
        }
        if (view_count < 1) return nk::fail(NK_INVALID_ARGUMENT, "%d views; need at least one", view_count);
        if (!validBoard(columns, rows)) {
            return nk::fail(NK_INVALID_ARGUMENT, "board of %d x %d inner corners; expected 2...100 each", columns, rows);
        }
        if (!(square > 0) || !std::isfinite(square)) {
            return nk::fail(NK_INVALID_ARGUMENT, "square size %g m; expected a positive length", square);
        }
        if (width < 1 || height < 1) return nk::fail(NK_INVALID_ARGUMENT, "image size %d x %d", width, height);
        const size_t perView = size_t(columns) * size_t(rows);
        const std::vector<cv::Point3f> board = boardPoints(columns, rows, square);
        std::vector<std::vector<cv::Point3f>> objectPoints(size_t(view_count), board);
        std::vector<std::vector<cv::Point2f>> imagePoints(static_cast<size_t>(view_count));
        for (size_t v = 0; v < size_t(view_count); ++v) {
            imagePoints[v].reserve(perView);
            for (size_t i = 0; i < perView; ++i) {
                const double x = corners[2 * (v * perView + i)], y = corners[2 * (v * perView + i) + 1];
                if (!std::isfinite(x) || !std::isfinite(y)) return nk::fail(NK_NOT_FINITE, "corner %zu of view %zu", i, v);
                imagePoints[v].emplace_back(float(x), float(y));
            }
        }
        cv::Mat cameraMatrix = cv::Mat::eye(3, 3, CV_64F), distortion = cv::Mat::zeros(5, 1, CV_64F);
        std::vector<cv::Mat> rotations, translations;
        cv::Mat intrinsicsDeviation, extrinsicsDeviation, perViewErrors;
        const double rms = cv::calibrateCamera(objectPoints, imagePoints, cv::Size(width, height), cameraMatrix,
                                               distortion, rotations, translations, intrinsicsDeviation,
                                               extrinsicsDeviation, perViewErrors);
        if (!std::isfinite(rms) || !cv::checkRange(cameraMatrix) || !cv::checkRange(distortion)) {
            return nk::fail(NK_NOT_FINITE, "calibration diverged (RMS %g); the views may all be nearly parallel", rms);
        }
        for (int r = 0; r < 3; ++r) {
            for (int c = 0; c < 3; ++c) camera_matrix_out[3 * r + c] = cameraMatrix.at<double>(r, c);
        }
        for (int i = 0; i < 5; ++i) distortion_out[i] = distortion.at<double>(i);
        *rms_out = rms;
        for (int v = 0; v < view_count; ++v) per_view_rms_out[v] = perViewErrors.at<double>(v);
        return NK_OK;
    });
}

nk_status nk_camera_calibration_write(const char *path, const nk_camera_calibration *calibration) {
    return nk::guarded(__func__, [&] {
        if (path == nullptr || calibration == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "path or calibration is NULL");
        if (calibration->distortion_count < 0 || calibration->distortion_count > NK_MAX_DISTORTION) {
            return nk::fail(NK_INVALID_ARGUMENT, "%d distortion coefficients; expected 0...%d",
                            calibration->distortion_count, NK_MAX_DISTORTION);
        }
        if (nk_status status = nk::checkWritable(path)) return status;
        cv::FileStorage storage(path, cv::FileStorage::WRITE | cv::FileStorage::FORMAT_YAML);
        if (!storage.isOpened()) return nk::fail(NK_IO_ERROR, "cannot write '%s'", path);
        // Field names and order of OpenCV's calibration sample (samples/cpp/calibration.cpp).
        storage << "image_width" << calibration->width;
        storage << "image_height" << calibration->height;
        if (calibration->board_columns > 0 && calibration->board_rows > 0) {
            storage << "board_width" << calibration->board_columns;
            storage << "board_height" << calibration->board_rows;
            storage << "square_size" << calibration->square;
        }
        if (calibration->view_count > 0) storage << "nr_of_frames" << calibration->view_count;
        storage << "camera_matrix" << cv::Mat(3, 3, CV_64F, const_cast<double *>(calibration->camera_matrix));
        storage << "distortion_coefficients"
                << cv::Mat(calibration->distortion_count, 1, CV_64F, const_cast<double *>(calibration->distortion));
        if (calibration->rms >= 0) storage << "avg_reprojection_error" << calibration->rms;
        storage.release();
        return NK_OK;
    });
}

nk_status nk_camera_calibration_read(const char *path, nk_camera_calibration *out) {
    return nk::guarded(__func__, [&] {
        if (path == nullptr || out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "path or output is NULL");
        *out = nk_camera_calibration{};
        out->rms = -1;
        if (nk_status status = nk::checkReadable(path)) return status;
        cv::FileStorage storage;
        try {
            // OpenCV's YAML parser insists on the `%YAML` directive, which ROS's files lack: supply it.
            std::ifstream file(path, std::ios::binary);
            std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
            if (text.rfind("%YAML", 0) != 0) text = "%YAML:1.0\n---\n" + text;
            storage.open(text, cv::FileStorage::READ | cv::FileStorage::MEMORY | cv::FileStorage::FORMAT_YAML);
        } catch (const cv::Exception &error) {
            return nk::fail(NK_INVALID_ARGUMENT, "%s: not a YAML calibration file (%s)", path, error.err.c_str());
        }
        if (!storage.isOpened()) return nk::fail(NK_INVALID_ARGUMENT, "%s: not a YAML calibration file", path);
        if (nk_status status = readPositive(storage, path, "image_width", &out->width)) return status;
        if (nk_status status = readPositive(storage, path, "image_height", &out->height)) return status;
        std::vector<double> values;
        int32_t rows = 0, cols = 0;
        if (nk_status status = readMatrix(storage, path, "camera_matrix", values, &rows, &cols)) return status;
        if (rows != 3 || cols != 3) {
            return nk::fail(NK_INVALID_ARGUMENT, "%s: 'camera_matrix' is %d x %d; expected 3 x 3", path, rows, cols);
        }
        for (int i = 0; i < 9; ++i) out->camera_matrix[i] = values[size_t(i)];
        if (!(values[0] > 0) || !(values[4] > 0)) {
            return nk::fail(NK_INVALID_ARGUMENT, "%s: 'camera_matrix' has focal lengths %g, %g; expected positive", path,
                            values[0], values[4]);
        }
        if (nk_status status = readMatrix(storage, path, "distortion_coefficients", values, &rows, &cols)) return status;
        const size_t count = values.size();
        if ((rows != 1 && cols != 1) || (count != 4 && count != 5 && count != 8 && count != 12 && count != 14)) {
            return nk::fail(NK_INVALID_ARGUMENT,
                            "%s: 'distortion_coefficients' is %d x %d; expected a vector of 4, 5, 8, 12 or 14", path,
                            rows, cols);
        }
        out->distortion_count = int32_t(count);
        for (size_t i = 0; i < count; ++i) out->distortion[i] = values[i];
        const cv::FileNode rms = storage["avg_reprojection_error"];
        if (!rms.empty() && (rms.isReal() || rms.isInt())) out->rms = double(rms);
        const cv::FileNode boardWidth = storage["board_width"], boardHeight = storage["board_height"];
        if (boardWidth.isInt() && boardHeight.isInt()) {
            out->board_columns = int(boardWidth);
            out->board_rows = int(boardHeight);
        }
        const cv::FileNode square = storage["square_size"];
        if (square.isReal() || square.isInt()) out->square = double(square);
        const cv::FileNode frames = storage["nr_of_frames"];
        if (frames.isInt()) out->view_count = int(frames);
        return NK_OK;
    });
}

}  // extern "C"
