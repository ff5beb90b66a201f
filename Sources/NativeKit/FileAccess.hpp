// Turns "OpenCV returned false" into a reason a person can act on (missing directory, permissions).
#pragma once

#include "NativeKit.h"

#include <string>

namespace nk {

/// NK_OK if a file could be created at `path`; otherwise NK_IO_ERROR with a message naming the cause.
/// Checks the directory without creating anything, because OpenCV's writers fail silently or vaguely.
nk_status checkWritable(const char *path);

/// NK_OK if `path` exists and is readable; otherwise NK_IO_ERROR with the reason (strerror).
nk_status checkReadable(const char *path);

}  // namespace nk
