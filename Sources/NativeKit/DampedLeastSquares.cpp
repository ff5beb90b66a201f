// Damped least squares for differential inverse kinematics: dq = Jᵀ (J Jᵀ + λ² I)⁻¹ e.
//
// Why through the eigen-decomposition of J Jᵀ: the task space is at most 6-dimensional, so J Jᵀ is a
// tiny m x m matrix whatever the number of joints. Its eigen-decomposition J Jᵀ = U diag(σ²) Uᵀ gives the
// damped inverse (each direction scaled by 1 / (σᵢ² + λ²)) and, for free, the singular values σᵢ of J that
// manipulability measures and adaptive damping need. All small matrices have inline storage (max 6 x 6),
// and J, e and dq are used in place through Eigen::Map, so a solve never allocates.
#include "Internal.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
constexpr int maxRows = 6;
using Small = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor, maxRows, maxRows>;
using SmallVector = Eigen::Matrix<double, Eigen::Dynamic, 1, Eigen::ColMajor, maxRows, 1>;
using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
}  // namespace

struct nk_dls {
    explicit nk_dls(int maxCols) : maxCols(maxCols), eigen(maxRows) {}
    int maxCols;
    Small gram;  // J Jᵀ
    Eigen::SelfAdjointEigenSolver<Small> eigen;
    SmallVector projected;  // Uᵀ e, then scaled
    SmallVector taskStep;   // (J Jᵀ + λ² I)⁻¹ e
};

extern "C" {

nk_status nk_dls_create(int32_t max_cols, nk_dls **out) {
    return nk::guarded(__func__, [&] {
        if (out == nullptr) return nk::fail(NK_INVALID_ARGUMENT, "output pointer is NULL");
        *out = nullptr;
        if (max_cols < 1 || max_cols > 4096) {
            return nk::fail(NK_INVALID_ARGUMENT, "max_cols %d is outside 1...4096", max_cols);
        }
        *out = new nk_dls(max_cols);
        return NK_OK;
    });
}

void nk_dls_destroy(nk_dls *solver) { delete solver; }

nk_status nk_dls_solve(nk_dls *solver, const double *jacobian, int32_t m, int32_t n, const double *error,
                       double lambda, double *dq_out, double *singular_values_out) {
    return nk::guarded(__func__, [&] {
        if (solver == nullptr || jacobian == nullptr || error == nullptr || dq_out == nullptr) {
            return nk::fail(NK_INVALID_ARGUMENT, "solver, jacobian, error or dq is NULL");
        }
        if (m < 1 || m > maxRows) return nk::fail(NK_INVALID_ARGUMENT, "m = %d rows is outside 1...6", m);
        if (n < 1 || n > solver->maxCols) {
            return nk::fail(NK_INVALID_ARGUMENT, "n = %d columns is outside 1...%d (the workspace capacity)", n,
                            solver->maxCols);
        }
        if (!std::isfinite(lambda) || lambda < 0) {
            return nk::fail(NK_INVALID_ARGUMENT, "damping lambda = %g must be finite and >= 0", lambda);
        }
        Eigen::Map<const RowMajorMatrix> J(jacobian, m, n);
        Eigen::Map<const Eigen::VectorXd> e(error, m);
        if (!J.allFinite()) return nk::fail(NK_NOT_FINITE, "the Jacobian contains NaN or infinity");
        if (!e.allFinite()) return nk::fail(NK_NOT_FINITE, "the task error contains NaN or infinity");

        // lazyProduct: coefficient-wise products, no GEMM packing buffers; right for m <= 6.
        solver->gram.resize(m, m);
        solver->gram.noalias() = J.lazyProduct(J.transpose());
        solver->eigen.compute(solver->gram, Eigen::ComputeEigenvectors);
        if (solver->eigen.info() != Eigen::Success) {
            return nk::fail(NK_INTERNAL_ERROR, "eigen-decomposition of J Jᵀ did not converge");
        }
        const auto &U = solver->eigen.eigenvectors();
        const auto &eigenvalues = solver->eigen.eigenvalues();  // ascending, σᵢ²
        const double largest = std::max(eigenvalues(m - 1), 0.0);
        // Eigenvalues of J Jᵀ are only known to about m·ε·σ²max; a direction whose σ² + λ² is below that
        // noise cannot be inverted meaningfully.
        const double noise = 10.0 * m * std::numeric_limits<double>::epsilon() * largest;
        const double damping = lambda * lambda;

        if (singular_values_out != nullptr) {
            for (int i = 0; i < m; ++i) singular_values_out[i] = std::sqrt(std::max(eigenvalues(m - 1 - i), 0.0));
        }

        solver->projected.resize(m);
        solver->projected.noalias() = U.transpose().lazyProduct(e);
        for (int i = 0; i < m; ++i) {
            const double denominator = std::max(eigenvalues(i), 0.0) + damping;
            if (!(denominator > noise) || denominator == 0) {
                return nk::fail(NK_SINGULAR,
                                "J is rank-deficient (σ² = %.3g of %.3g) and the damping λ = %g is too small to "
                                "regularize it",
                                eigenvalues(i), largest, lambda);
            }
            solver->projected(i) /= denominator;
        }
        solver->taskStep.resize(m);
        solver->taskStep.noalias() = U.lazyProduct(solver->projected);
        Eigen::Map<Eigen::VectorXd> dq(dq_out, n);
        dq.noalias() = J.transpose().lazyProduct(solver->taskStep);
        return NK_OK;
    });
}

}  // extern "C"
