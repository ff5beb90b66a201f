// General dense matrix product C = A·B for the planner's network inference (10 Hz, not the 1 kHz loop).
//
// Eigen's GEMM packs blocks of A and B into scratch buffers; up to Eigen's stack limit (128 KiB) those
// live on the stack, larger products take them from the heap. That is fine at planner rate, and the
// reason this function is not offered to the control loop.
#include "Internal.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <functional>

namespace {

template <class Scalar>
bool overlaps(const Scalar *a, std::int64_t aCount, const Scalar *b, std::int64_t bCount) {
    std::less<const Scalar *> before;
    return before(a, b + bCount) && before(b, a + aCount);
}

template <class Scalar>
nk_status multiply(const char *function, const Scalar *a, const Scalar *b, Scalar *c, int32_t m, int32_t k,
                   int32_t n) {
    return nk::guarded(function, [&] {
        using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        if (m < 0 || k < 0 || n < 0) return nk::fail(NK_INVALID_ARGUMENT, "negative size %d x %d x %d", m, k, n);
        const std::int64_t aCount = std::int64_t(m) * k, bCount = std::int64_t(k) * n, cCount = std::int64_t(m) * n;
        if ((aCount > 0 && a == nullptr) || (bCount > 0 && b == nullptr) || (cCount > 0 && c == nullptr)) {
            return nk::fail(NK_INVALID_ARGUMENT, "a matrix pointer is NULL");
        }
        if (cCount == 0) return NK_OK;
        if (overlaps<Scalar>(c, cCount, a, aCount) || overlaps<Scalar>(c, cCount, b, bCount)) {
            return nk::fail(NK_INVALID_ARGUMENT, "C overlaps A or B; the product cannot be written in place");
        }
        Eigen::Map<Matrix> C(c, m, n);
        if (k == 0) {
            C.setZero();
            return NK_OK;
        }
        C.noalias() = Eigen::Map<const Matrix>(a, m, k) * Eigen::Map<const Matrix>(b, k, n);
        return NK_OK;
    });
}

}  // namespace

extern "C" {

nk_status nk_matmul_f64(const double *a, const double *b, double *c, int32_t m, int32_t k, int32_t n) {
    return multiply<double>(__func__, a, b, c, m, k, n);
}

nk_status nk_matmul_f32(const float *a, const float *b, float *c, int32_t m, int32_t k, int32_t n) {
    return multiply<float>(__func__, a, b, c, m, k, n);
}

}  // extern "C"
