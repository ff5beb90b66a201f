// LDLT factorization of symmetric positive-definite matrices (e.g. the joint-space mass matrix) with
// every byte of storage taken at creation, so factorize/solve can run inside the 1 kHz loop.
//
// Why fixed-capacity Eigen types: Eigen::LDLT<MatrixXd> reallocates its matrix, transpositions and
// scratch vector whenever n changes. Matrix<double, Dynamic, Dynamic, ColMajor, Max, Max> keeps its
// coefficients inline (no heap) and resizes freely up to Max, so one workspace serves any n <= capacity
// without touching malloc. Capacities are rounded up to a few buckets; beyond the largest bucket a
// heap-backed LDLT is used, which allocates only when n differs from the previous factorization.
#include "Internal.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <memory>

struct nk_ldlt {
    virtual ~nk_ldlt() = default;
    virtual nk_status factorize(const double *a, int n) = 0;
    virtual nk_status solve(double *b, int nrhs) const = 0;
    virtual void diagonal(double *out) const = 0;
    int capacity = 0;
    int size = 0;             // n of the current factorization
    bool factorized = false;  // false after creation and after a failed factorize
};

namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <int MaxN>
struct LDLTWorkspace final : nk_ldlt {
    using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, MaxN, MaxN>;

    explicit LDLTWorkspace(int capacity) : ldlt(capacity), column(capacity) {
        this->capacity = capacity;
        // Touch every buffer at full size once so that a heap-backed (MaxN == Dynamic) workspace holds
        // its memory from the start; the inline variants are unaffected.
        Matrix identity = Matrix::Identity(capacity, capacity);
        ldlt.compute(identity);
    }

    nk_status factorize(const double *a, int n) override {
        factorized = false;
        // NaN would flow through the factorization silently; reject it with a clear error instead.
        for (int row = 0; row < n; ++row) {
            for (int col = 0; col <= row; ++col) {
                if (!std::isfinite(a[row * n + col])) {
                    return nk::fail(NK_NOT_FINITE, "matrix entry (%d, %d) is not finite", row, col);
                }
            }
        }
        // Row-major on the ABI; the Map converts while copying into the column-major workspace.
        ldlt.compute(Eigen::Map<const RowMajorMatrix>(a, n, n));
        if (ldlt.info() != Eigen::Success) {
            return nk::fail(NK_NOT_POSITIVE_DEFINITE, "LDLT factorization of the %dx%d matrix failed", n, n);
        }
        // Eigen's LDLT also succeeds on semidefinite and some indefinite matrices, so positive
        // definiteness is judged on D: every pivot must be positive and above the rounding noise.
        const auto d = ldlt.vectorD();
        const double largest = d.cwiseAbs().maxCoeff();
        const double noise = largest * n * std::numeric_limits<double>::epsilon();
        for (int i = 0; i < n; ++i) {
            if (!(d(i) > noise)) {
                return nk::fail(NK_NOT_POSITIVE_DEFINITE,
                                "matrix (%dx%d) is not positive definite: pivot %d of D is %.3g (largest %.3g)", n,
                                n, i, d(i), largest);
            }
        }
        size = n;
        factorized = true;
        return NK_OK;
    }

    nk_status solve(double *b, int nrhs) const override {
        if (!factorized) return nk::fail(NK_NOT_FACTORIZED, "solve called without a successful factorize");
        if (nrhs == 1) {
            Eigen::Map<Eigen::VectorXd> x(b, size);
            x = ldlt.solve(x);  // LDLT solves in place: it copies rhs into dst first, then works on dst.
        } else {
            // One column at a time through a preallocated contiguous vector: a blocked multi-column
            // triangular solve would take packing buffers from the heap once n x n exceeds Eigen's
            // 128 KiB stack limit (n > ~128), breaking the no-allocation contract.
            Eigen::Map<RowMajorMatrix> x(b, size, nrhs);
            auto column = this->column.head(size);
            for (int j = 0; j < nrhs; ++j) {
                column = x.col(j);
                column = ldlt.solve(column);
                x.col(j) = column;
            }
        }
        return NK_OK;
    }

    void diagonal(double *out) const override {
        Eigen::Map<Eigen::VectorXd>(out, size) = ldlt.vectorD();
    }

    Eigen::LDLT<Matrix, Eigen::Lower> ldlt;
    mutable Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, MaxN, 1> column;  // multi-rhs scratch
};

std::unique_ptr<nk_ldlt> makeWorkspace(int capacity) {
    if (capacity <= 8) return std::make_unique<LDLTWorkspace<8>>(capacity);
    if (capacity <= 16) return std::make_unique<LDLTWorkspace<16>>(capacity);
    if (capacity <= 32) return std::make_unique<LDLTWorkspace<32>>(capacity);
    if (capacity <= 64) return std::make_unique<LDLTWorkspace<64>>(capacity);
    if (capacity <= 128) return std::make_unique<LDLTWorkspace<128>>(capacity);
    return std::make_unique<LDLTWorkspace<Eigen::Dynamic>>(capacity);
}

}  // namespace

extern "C" {

nk_status nk_ldlt_create(int32_t capacity, nk_ldlt **out) {
    return nk::guarded(__func__, [&] {
        if (out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "output pointer is NULL");
        *out = nullptr;
        if (capacity < 1 || capacity > 4096) {
            return nk::fail(NK_INVALID_ARGUMENT, "capacity %d is outside 1...4096", capacity);
        }
        *out = makeWorkspace(capacity).release();
        return NK_OK;
    });
}

void nk_ldlt_destroy(nk_ldlt *solver) { delete solver; }

int32_t nk_ldlt_capacity(const nk_ldlt *solver) { return solver ? solver->capacity : 0; }

nk_status nk_ldlt_factorize(nk_ldlt *solver, const double *a, int32_t n) {
    return nk::guarded(__func__, [&] {
        if (solver == nullptr || a == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "solver or matrix is NULL");
        if (n < 1 || n > solver->capacity) {
            return nk::fail(NK_INVALID_ARGUMENT, "n = %d is outside 1...%d (the workspace capacity)", n,
                            solver->capacity);
        }
        return solver->factorize(a, n);
    });
}

nk_status nk_ldlt_solve(const nk_ldlt *solver, double *b, int32_t nrhs) {
    return nk::guarded(__func__, [&] {
        if (solver == nullptr || b == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "solver or rhs is NULL");
        if (nrhs < 1) return nk::fail(NK_INVALID_ARGUMENT, "nrhs = %d must be at least 1", nrhs);
        return solver->solve(b, nrhs);
    });
}

nk_status nk_ldlt_diagonal(const nk_ldlt *solver, double *d_out) {
    return nk::guarded(__func__, [&] {
        if (solver == nullptr || d_out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "solver or output is NULL");
        if (!solver->factorized) return nk::fail(NK_NOT_FACTORIZED, "no successful factorization to read D from");
        solver->diagonal(d_out);
        return NK_OK;
    });
}

}  // extern "C"
