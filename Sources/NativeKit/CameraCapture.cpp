// Frames from V4L2 cameras and video files through cv::VideoCapture, as RGB, optionally undistorted and resized.
//
// Why check the device node ourselves before OpenCV: cv::VideoCapture reports every failure as isOpened() ==
// false plus a warning on stderr. A robot operator needs the reason (unplugged, not in the `video` group,
// another program streaming, a metadata node instead of the video node, size not offered), and the kernel
// tells us exactly that through stat/open/ioctl.
#include "FileAccess.hpp"
#include "Internal.hpp"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <linux/videodev2.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <string>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

struct nk_camera {
    cv::VideoCapture capture;
    std::string name;  // device path or file path, for messages
    bool isDevice = false;
    int sourceWidth = 0, sourceHeight = 0;
    int width = 0, height = 0;  // output size
    double fps = 0;
    int64_t framesRead = 0;
    bool undistort = false;
    cv::Mat map1, map2;            // undistortion maps (source size), computed once
    cv::Mat frame, rgb, rectified;  // reused between frames
};

namespace {

int64_t monotonicNanoseconds() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return int64_t(now.tv_sec) * 1000000000 + now.tv_nsec;
}

/// Closes a file descriptor on every path out of the check.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) close(fd);
    }
};

/// The discrete frame sizes the device offers in any pixel format, e.g. "640x480, 1280x720" (empty if unknown).
std::string offeredSizes(const char *device) {
    Descriptor node{open(device, O_RDWR | O_NONBLOCK)};
    if (node.fd < 0) return "";
    std::string list;
    v4l2_fmtdesc format{};
    format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (format.index = 0; ioctl(node.fd, VIDIOC_ENUM_FMT, &format) == 0; ++format.index) {
        v4l2_frmsizeenum size{};
        size.pixel_format = format.pixelformat;
        for (size.index = 0; ioctl(node.fd, VIDIOC_ENUM_FRAMESIZES, &size) == 0; ++size.index) {
            std::string entry;
            if (size.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
                entry = std::to_string(size.discrete.width) + "x" + std::to_string(size.discrete.height);
            } else {
                entry = std::to_string(size.stepwise.min_width) + "x" + std::to_string(size.stepwise.min_height) +
                        "..." + std::to_string(size.stepwise.max_width) + "x" + std::to_string(size.stepwise.max_height);
            }
            if (list.find(entry) == std::string::npos) list += (list.empty() ? "" : ", ") + entry;
            if (size.type != V4L2_FRMSIZE_TYPE_DISCRETE) break;
        }
    }
    return list;
}

/// Stat, open and query the node so a failure names its cause; NK_OK if OpenCV should be able to stream from it.
nk_status checkDevice(const char *device, nk_camera_fault *fault) {
    struct stat info {};
    if (stat(device, &info) != 0) {
        *fault = errno == EACCES ? NK_CAMERA_FAULT_PERMISSION : NK_CAMERA_FAULT_NO_DEVICE;
        if (errno == ENOENT || errno == ENOTDIR) return nk::fail(NK_IO_ERROR, "%s: no such device", device);
        return nk::fail(NK_IO_ERROR, "%s: %s", device, std::strerror(errno));
    }
    if (!S_ISCHR(info.st_mode)) {
        *fault = NK_CAMERA_FAULT_NOT_CAPTURE;
        return nk::fail(NK_IO_ERROR, "%s: not a video device (not a character device)", device);
    }
    Descriptor node{open(device, O_RDWR | O_NONBLOCK)};
    if (node.fd < 0) {
        const int error = errno;
        if (error == EACCES || error == EPERM) {
            *fault = NK_CAMERA_FAULT_PERMISSION;
            return nk::fail(NK_IO_ERROR, "%s: permission denied (add the user to the 'video' group)", device);
        }
        if (error == EBUSY) {
            *fault = NK_CAMERA_FAULT_BUSY;
            return nk::fail(NK_IO_ERROR, "%s: busy (another program is using the camera)", device);
        }
        *fault = error == ENODEV || error == ENXIO ? NK_CAMERA_FAULT_NO_DEVICE : NK_CAMERA_FAULT_OTHER;
        return nk::fail(NK_IO_ERROR, "%s: %s", device, std::strerror(error));
    }
    v4l2_capability capability{};
    if (ioctl(node.fd, VIDIOC_QUERYCAP, &capability) != 0) {
        *fault = NK_CAMERA_FAULT_NOT_CAPTURE;
        return nk::fail(NK_IO_ERROR, "%s: not a V4L2 video device (%s)", device, std::strerror(errno));
    }
    const uint32_t caps = (capability.capabilities & V4L2_CAP_DEVICE_CAPS) ? capability.device_caps
                                                                            : capability.capabilities;
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE)) {
        *fault = NK_CAMERA_FAULT_NOT_CAPTURE;
        return nk::fail(NK_IO_ERROR, "%s: '%s' node cannot capture video (a metadata node? try the neighbouring "
                        "/dev/video number)", device, reinterpret_cast<const char *>(capability.card));
    }
    // Asking for zero buffers changes nothing, but videobuf2 answers EBUSY when another file handle owns the queue.
    v4l2_requestbuffers request{};
    request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    request.memory = V4L2_MEMORY_MMAP;
    request.count = 0;
    if (ioctl(node.fd, VIDIOC_REQBUFS, &request) != 0 && errno == EBUSY) {
        *fault = NK_CAMERA_FAULT_BUSY;
        return nk::fail(NK_IO_ERROR, "%s: busy (another program is streaming from '%s')", device,
                        reinterpret_cast<const char *>(capability.card));
    }
    return NK_OK;
}

/// Reads one frame into camera->frame; false at the end of a file or when a device delivers nothing.
bool readFrame(nk_camera *camera, int64_t *timestamp) {
    if (!camera->capture.grab()) return false;
    if (camera->isDevice) {
        *timestamp = monotonicNanoseconds();
    } else {
        // Media time from the frame index: exact and monotonic, unlike container timestamps of some codecs.
        *timestamp = camera->fps > 0 ? int64_t(std::llround(double(camera->framesRead) * 1e9 / camera->fps)) : 0;
    }
    if (!camera->capture.retrieve(camera->frame) || camera->frame.empty()) return false;
    ++camera->framesRead;
    return true;
}

/// Frame to RGB at the source size (BGR, gray and BGRA all occur depending on backend and pixel format).
nk_status toRGB(nk_camera *camera, cv::Mat &target) {
    const cv::Mat &frame = camera->frame;
    if (frame.cols != camera->sourceWidth || frame.rows != camera->sourceHeight || frame.depth() != CV_8U) {
        return nk::fail(NK_IO_ERROR, "%s: frame is %dx%d (type %d), expected %dx%d 8-bit", camera->name.c_str(),
                        frame.cols, frame.rows, frame.type(), camera->sourceWidth, camera->sourceHeight);
    }
    switch (frame.channels()) {
    case 1: cv::cvtColor(frame, target, cv::COLOR_GRAY2RGB); break;
    case 3: cv::cvtColor(frame, target, cv::COLOR_BGR2RGB); break;
    case 4: cv::cvtColor(frame, target, cv::COLOR_BGRA2RGB); break;
    default:
        return nk::fail(NK_IO_ERROR, "%s: frame has %d channels", camera->name.c_str(), frame.channels());
    }
    return NK_OK;
}

}  // namespace

extern "C" {

nk_status nk_camera_open_device(const char *device, int32_t width, int32_t height, double fps,
                                const char *pixel_format, nk_camera **out, nk_camera_fault *fault_out) {
    nk_camera_fault ignored = NK_CAMERA_FAULT_NONE;
    nk_camera_fault *fault = fault_out ? fault_out : &ignored;
    *fault = NK_CAMERA_FAULT_OTHER;
    nk_status status = nk::guarded(__func__, [&] {
        if (device == nullptr || out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "device or output is NULL");
        *out = nullptr;
        if (width < 0 || height < 0 || width > 16384 || height > 16384 || !(fps >= 0) || !std::isfinite(fps)) {
            return nk::fail(NK_INVALID_ARGUMENT, "%s: requested %dx%d at %g fps", device, width, height, fps);
        }
        if (pixel_format != nullptr && std::strlen(pixel_format) != 4) {
            return nk::fail(NK_INVALID_ARGUMENT, "%s: pixel format '%s' is not a FOURCC like MJPG or YUYV", device,
                            pixel_format);
        }
        if (nk_status checked = checkDevice(device, fault)) return checked;
        auto camera = std::make_unique<nk_camera>();
        camera->name = device;
        camera->isDevice = true;
        if (!camera->capture.open(device, cv::CAP_V4L2) || !camera->capture.isOpened()) {
            *fault = NK_CAMERA_FAULT_OTHER;
            return nk::fail(NK_IO_ERROR, "%s: OpenCV's V4L2 backend could not open it", device);
        }
        if (pixel_format != nullptr) {
            const int fourcc = cv::VideoWriter::fourcc(pixel_format[0], pixel_format[1], pixel_format[2], pixel_format[3]);
            camera->capture.set(cv::CAP_PROP_FOURCC, fourcc);
            if (int(camera->capture.get(cv::CAP_PROP_FOURCC)) != fourcc) {
                *fault = NK_CAMERA_FAULT_UNSUPPORTED;
                return nk::fail(NK_IO_ERROR, "%s: pixel format %s not supported", device, pixel_format);
            }
        }
        if (width > 0) camera->capture.set(cv::CAP_PROP_FRAME_WIDTH, width);
        if (height > 0) camera->capture.set(cv::CAP_PROP_FRAME_HEIGHT, height);
        if (fps > 0) camera->capture.set(cv::CAP_PROP_FPS, fps);
        camera->sourceWidth = int(camera->capture.get(cv::CAP_PROP_FRAME_WIDTH));
        camera->sourceHeight = int(camera->capture.get(cv::CAP_PROP_FRAME_HEIGHT));
        camera->fps = camera->capture.get(cv::CAP_PROP_FPS);
        if ((width > 0 && camera->sourceWidth != width) || (height > 0 && camera->sourceHeight != height)) {
            *fault = NK_CAMERA_FAULT_UNSUPPORTED;
            const std::string offered = offeredSizes(device);
            return nk::fail(NK_IO_ERROR, "%s: %dx%d not supported (the driver chose %dx%d; offered: %s)", device, width,
                            height, camera->sourceWidth, camera->sourceHeight,
                            offered.empty() ? "unknown" : offered.c_str());
        }
        camera->width = camera->sourceWidth;
        camera->height = camera->sourceHeight;
        // Prove the stream runs now rather than at the first grab in the control loop (STREAMON can fail late).
        int64_t timestamp = 0;
        if (!readFrame(camera.get(), &timestamp)) {
            *fault = NK_CAMERA_FAULT_NO_FRAMES;
            return nk::fail(NK_IO_ERROR, "%s: opened but delivered no frame (busy, or the format cannot stream)", device);
        }
        *fault = NK_CAMERA_FAULT_NONE;
        *out = camera.release();
        return NK_OK;
    });
    if (status != NK_OK && *fault == NK_CAMERA_FAULT_NONE) *fault = NK_CAMERA_FAULT_OTHER;
    return status;
}

nk_status nk_camera_open_file(const char *path, nk_camera **out) {
    return nk::guarded(__func__, [&] {
        if (path == nullptr || out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "path or output is NULL");
        *out = nullptr;
        if (nk_status status = nk::checkReadable(path)) return status;
        auto camera = std::make_unique<nk_camera>();
        camera->name = path;
        if (!camera->capture.open(path, cv::CAP_ANY) || !camera->capture.isOpened()) {
            return nk::fail(NK_CODEC_UNAVAILABLE, "no OpenCV video backend can decode '%s'", path);
        }
        camera->sourceWidth = camera->width = int(camera->capture.get(cv::CAP_PROP_FRAME_WIDTH));
        camera->sourceHeight = camera->height = int(camera->capture.get(cv::CAP_PROP_FRAME_HEIGHT));
        camera->fps = camera->capture.get(cv::CAP_PROP_FPS);
        if (camera->sourceWidth < 1 || camera->sourceHeight < 1) {
            return nk::fail(NK_IO_ERROR, "'%s' reports no frame size", path);
        }
        *out = camera.release();
        return NK_OK;
    });
}

void nk_camera_destroy(nk_camera *camera) { delete camera; }
int32_t nk_camera_source_width(const nk_camera *camera) { return camera ? camera->sourceWidth : 0; }
int32_t nk_camera_source_height(const nk_camera *camera) { return camera ? camera->sourceHeight : 0; }
int32_t nk_camera_width(const nk_camera *camera) { return camera ? camera->width : 0; }
int32_t nk_camera_height(const nk_camera *camera) { return camera ? camera->height : 0; }
double nk_camera_fps(const nk_camera *camera) { return camera ? camera->fps : 0; }

nk_status nk_camera_set_output(nk_camera *camera, int32_t width, int32_t height, const double *camera_matrix,
                               const double *distortion, int32_t distortion_count) {
    return nk::guarded(__func__, [&] {
        if (camera == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "camera is NULL");
        if ((width == 0) != (height == 0) || width < 0 || height < 0 || width > 16384 || height > 16384) {
            return nk::fail(NK_INVALID_ARGUMENT, "output size %d x %d; expected both positive, or 0 x 0", width, height);
        }
        if (camera_matrix != nullptr) {
            if (distortion_count < 0 || distortion_count > NK_MAX_DISTORTION ||
                (distortion_count > 0 && distortion == nullptr)) {
                return nk::fail(NK_INVALID_ARGUMENT, "%d distortion coefficients", distortion_count);
            }
            const cv::Mat matrix(3, 3, CV_64F, const_cast<double *>(camera_matrix));
            const cv::Mat coefficients = distortion_count > 0
                                             ? cv::Mat(distortion_count, 1, CV_64F, const_cast<double *>(distortion))
                                             : cv::Mat();
            if (!cv::checkRange(matrix) || (!coefficients.empty() && !cv::checkRange(coefficients))) {
                return nk::fail(NK_NOT_FINITE, "camera matrix or distortion");
            }
            cv::initUndistortRectifyMap(matrix, coefficients, cv::Mat(), matrix,
                                        cv::Size(camera->sourceWidth, camera->sourceHeight), CV_16SC2, camera->map1,
                                        camera->map2);
            camera->undistort = true;
        } else {
            camera->undistort = false;
            camera->map1.release();
            camera->map2.release();
        }
        camera->width = width > 0 ? width : camera->sourceWidth;
        camera->height = height > 0 ? height : camera->sourceHeight;
        return NK_OK;
    });
}

nk_status nk_camera_grab(nk_camera *camera, uint8_t *rgb_out, size_t capacity, int64_t *timestamp_ns,
                         int32_t *got_frame, nk_camera_fault *fault_out) {
    nk_camera_fault ignored = NK_CAMERA_FAULT_NONE;
    nk_camera_fault *fault = fault_out ? fault_out : &ignored;
    *fault = NK_CAMERA_FAULT_NONE;
    nk_status status = nk::guarded(__func__, [&] {
        if (camera == nullptr || rgb_out == nullptr || timestamp_ns == nullptr || got_frame == nullptr) {
            return nk::fail(NK_INVALID_ARGUMENT, "camera, output, timestamp or flag is NULL");
        }
        *got_frame = 0;
        const size_t needed = size_t(camera->width) * size_t(camera->height) * 3;
        if (capacity < needed) {
            return nk::fail(NK_INVALID_ARGUMENT, "%s: buffer of %zu bytes for a %dx%d RGB frame (%zu bytes)",
                            camera->name.c_str(), capacity, camera->width, camera->height, needed);
        }
        if (!readFrame(camera, timestamp_ns)) {
            if (!camera->isDevice) return NK_OK;  // end of the file
            *fault = NK_CAMERA_FAULT_NO_FRAMES;
            return nk::fail(NK_IO_ERROR, "%s: stopped delivering frames (unplugged?)", camera->name.c_str());
        }
        cv::Mat output(camera->height, camera->width, CV_8UC3, rgb_out);
        const bool resize = camera->width != camera->sourceWidth || camera->height != camera->sourceHeight;
        // Each stage writes straight into the caller's buffer when it is the last one.
        cv::Mat &rgb = camera->undistort || resize ? camera->rgb : output;
        if (nk_status converted = toRGB(camera, rgb)) return converted;
        if (camera->undistort) {
            cv::Mat &rectified = resize ? camera->rectified : output;
            cv::remap(rgb, rectified, camera->map1, camera->map2, cv::INTER_LINEAR, cv::BORDER_CONSTANT);
            if (resize) {
                const bool shrinking = camera->width < camera->sourceWidth && camera->height < camera->sourceHeight;
                cv::resize(rectified, output, output.size(), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
            }
        } else if (resize) {
            const bool shrinking = camera->width < camera->sourceWidth && camera->height < camera->sourceHeight;
            cv::resize(rgb, output, output.size(), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        }
        if (output.data != rgb_out) {
            return nk::fail(NK_INTERNAL_ERROR, "%s: OpenCV reallocated the output frame", camera->name.c_str());
        }
        *got_frame = 1;
        return NK_OK;
    });
    if (status != NK_OK && *fault == NK_CAMERA_FAULT_NONE) *fault = NK_CAMERA_FAULT_OTHER;
    return status;
}

}  // extern "C"
