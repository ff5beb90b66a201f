#include "FileAccess.hpp"

#include "Internal.hpp"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace nk {

nk_status checkWritable(const char *path) {
    std::string directory(path);
    const auto slash = directory.find_last_of('/');
    directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : directory.substr(0, slash));
    struct stat info {};
    if (stat(directory.c_str(), &info) != 0) {
        return fail(NK_IO_ERROR, "cannot write '%s': directory '%s': %s", path, directory.c_str(), std::strerror(errno));
    }
    if (!S_ISDIR(info.st_mode)) {
        return fail(NK_IO_ERROR, "cannot write '%s': '%s' is not a directory", path, directory.c_str());
    }
    if (access(directory.c_str(), W_OK) != 0) {
        return fail(NK_IO_ERROR, "cannot write '%s': directory '%s': %s", path, directory.c_str(), std::strerror(errno));
    }
    if (stat(path, &info) == 0) {
        if (S_ISDIR(info.st_mode)) return fail(NK_IO_ERROR, "cannot write '%s': it is a directory", path);
        if (access(path, W_OK) != 0) return fail(NK_IO_ERROR, "cannot write '%s': %s", path, std::strerror(errno));
    }
    return NK_OK;
}

nk_status checkReadable(const char *path) {
    struct stat info {};
    if (stat(path, &info) != 0) return fail(NK_IO_ERROR, "cannot read '%s': %s", path, std::strerror(errno));
    if (S_ISDIR(info.st_mode)) return fail(NK_IO_ERROR, "cannot read '%s': it is a directory", path);
    if (access(path, R_OK) != 0) return fail(NK_IO_ERROR, "cannot read '%s': %s", path, std::strerror(errno));
    return NK_OK;
}

}  // namespace nk
