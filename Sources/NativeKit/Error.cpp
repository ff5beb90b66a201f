// The per-thread error message behind nk_last_error_message().
#include "Internal.hpp"

#include <cstdio>

namespace {
// A plain array (not std::string) so recording an error never allocates.
thread_local char lastMessage[1024] = "";
}  // namespace

namespace nk {

nk_status fail(nk_status status, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    std::vsnprintf(lastMessage, sizeof lastMessage, format, arguments);
    va_end(arguments);
    return status;
}

void clearError() noexcept { lastMessage[0] = '\0'; }

}  // namespace nk

extern "C" const char *nk_last_error_message(void) { return lastMessage; }
