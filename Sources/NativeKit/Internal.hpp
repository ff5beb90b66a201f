// Shared plumbing of the C ABI: the per-thread error message and the exception firewall.
// Private to NativeKit (not under include/), so Swift never sees C++.
#pragma once

#include "NativeKit.h"

#include <cstdarg>
#include <exception>
#include <new>

namespace nk {

/// Records a printf-style message for `nk_last_error_message()` and returns `status`, so error paths
/// read as `return fail(NK_..., "...")`. Writes into a fixed thread-local buffer: no allocation, so it is
/// safe on the hot path too (e.g. "not positive definite" inside the 1 kHz loop).
nk_status fail(nk_status status, const char *format, ...) __attribute__((format(printf, 2, 3)));

/// Clears the message; called on entry of every ABI function so a stale message never describes a success.
void clearError() noexcept;

/// Runs `body` and converts any C++ exception into a status, because unwinding through Swift frames is
/// undefined behaviour. Every `extern "C"` entry point goes through here.
template <class Body>
nk_status guarded(const char *function, Body &&body) noexcept {
    try {
        clearError();
        return body();
    } catch (const std::bad_alloc &) {
        return fail(NK_OUT_OF_MEMORY, "%s: out of memory", function);
    } catch (const std::exception &error) {
        return fail(NK_INTERNAL_ERROR, "%s: %s", function, error.what());
    } catch (...) {
        return fail(NK_INTERNAL_ERROR, "%s: unknown C++ exception", function);
    }
}

}  // namespace nk
