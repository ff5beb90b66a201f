// Pinocchio (native C++) peer for bench/compare-dynamics.sh.
//
// Same definitions as Embody's `embody bench dynamics` and pinocchio_python.py:
//   fk        forwardKinematics(model, data, q); updateFramePlacements(model, data)
//   jacobian  computeFrameJacobian(model, data, q, frame_id, LOCAL_WORLD_ALIGNED, J)
//   rnea      rnea(model, data, q, v, a)
//   crba      crba(model, data, q)            (default convention: Convention::LOCAL)
//   aba       aba(model, data, q, v, tau)     (default convention: Convention::LOCAL)
//
// States: q uniform within joint limits ([-pi, pi] for continuous/unbounded
// joints, encoded (cos, sin)), v, a, tau uniform in [-1, 1]; fixed seed; S
// pre-generated states cycled through. Time per call = median over batches of
// the per-batch mean (std::chrono::steady_clock around each batch); min = fastest
// batch mean. Results are fed to an empty asm volatile with a "memory" clobber
// after every call so the compiler cannot elide or hoist the work.
//
// The pip wheel ships no urdfdom headers (urdf_model/*.h), so this binary cannot
// include <pinocchio/parsers/urdf.hpp>. Instead the model is built by Pinocchio's
// own URDF parser in Python (pin.buildModelFromUrdf -> Model.saveToText) and
// loaded here with pinocchio::serialization::loadFromText: bit-identical model to
// the Python peer. Use the wrapper bench/dynamics/pinocchio_native.sh URDF ...,
// which builds (cached), converts and runs.
//
// Usage: pinocchio_native MODEL.txt [--urdf PATH] [--frame NAME] [--json]
//                         [--batches N] [--calls N] [--states N] [--seed N]

#include <pinocchio/algorithm/aba.hpp>
#include <pinocchio/algorithm/crba.hpp>
#include <pinocchio/algorithm/frames.hpp>
#include <pinocchio/algorithm/jacobian.hpp>
#include <pinocchio/algorithm/joint-configuration.hpp>
#include <pinocchio/algorithm/kinematics.hpp>
#include <pinocchio/algorithm/rnea.hpp>
#include <pinocchio/multibody.hpp>
#include <pinocchio/serialization.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#ifndef PINOCCHIO_BENCH_MODE
#define PINOCCHIO_BENCH_MODE "header-only"
#endif

namespace {

template <class T>
inline __attribute__((always_inline)) void doNotOptimize(T const& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}
template <class T>
inline __attribute__((always_inline)) void doNotOptimizePtr(T const* p) {
  asm volatile("" : : "g"(p) : "memory");
}
inline __attribute__((always_inline)) void clobberMemory() { asm volatile("" : : : "memory"); }

struct Stat {
  double median_us;
  double min_us;
};

template <class F>
Stat timeBatches(F&& run, int batches, int calls) {
  run(std::max(calls / 10, 100));  // warm-up
  std::vector<double> means;
  means.reserve(batches);
  for (int b = 0; b < batches; ++b) {
    auto t0 = std::chrono::steady_clock::now();
    run(calls);
    auto t1 = std::chrono::steady_clock::now();
    double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
    means.push_back(ns / calls / 1e3);
  }
  std::vector<double> s = means;
  std::sort(s.begin(), s.end());
  size_t n = s.size();
  double med = (n % 2) ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  return {med, s.front()};
}

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "error: %s\n", msg.c_str());
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::string modelPath, urdf, frameName;
  bool json = false;
  int batches = 20, calls = 10000, S = 100;
  unsigned long seed = 42;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--json") json = true;
    else if (a == "--frame") frameName = next();
    else if (a == "--urdf") urdf = next();
    else if (a == "--batches") batches = std::atoi(next().c_str());
    else if (a == "--calls") calls = std::atoi(next().c_str());
    else if (a == "--states") S = std::atoi(next().c_str());
    else if (a == "--seed") seed = std::strtoul(next().c_str(), nullptr, 10);
    else if (a == "-h" || a == "--help") {
      std::printf("usage: %s MODEL.txt [--urdf PATH] [--frame NAME] [--json] [--batches N] [--calls N] [--states N] [--seed N]\n", argv[0]);
      return 0;
    } else if (!a.empty() && a[0] == '-') die("unknown option " + a);
    else modelPath = a;
  }
  if (modelPath.empty()) die("usage: pinocchio_native MODEL.txt [--urdf PATH] [--frame NAME] [--json]");
  if (batches < 1 || calls < 1 || S < 1) die("batches, calls and states must be >= 1");

  pinocchio::Model model;
  try {
    pinocchio::serialization::loadFromText(model, modelPath);
  } catch (const std::exception& e) {
    die(std::string("cannot load serialized model ") + modelPath + ": " + e.what());
  }
  pinocchio::Data data(model);

  pinocchio::FrameIndex fid = 0;
  if (!frameName.empty()) {
    if (!model.existFrame(frameName)) die("frame '" + frameName + "' not in model");
    fid = model.getFrameId(frameName);
  } else {
    bool found = false;
    for (size_t i = 0; i < model.frames.size(); ++i)
      if (model.frames[i].type == pinocchio::BODY) { fid = i; found = true; }
    if (!found) die("model has no BODY frame");
    frameName = model.frames[fid].name;
  }

  // ---- random states ----
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  auto uni = [&](double lo, double hi) { return lo + (hi - lo) * u01(rng); };
  std::vector<Eigen::VectorXd> qs(S), vs(S), as(S), taus(S);
  for (int s = 0; s < S; ++s) {
    Eigen::VectorXd q = Eigen::VectorXd::Zero(model.nq);
    for (size_t j = 1; j < model.joints.size(); ++j) {
      const auto& jm = model.joints[j];
      int iq = jm.idx_q(), nq = jm.nq(), nv = jm.nv();
      if (nq == 2 && nv == 1) {  // unbounded revolute (URDF continuous)
        double th = uni(-M_PI, M_PI);
        q[iq] = std::cos(th);
        q[iq + 1] = std::sin(th);
      } else if (nq == nv) {
        for (int k = iq; k < iq + nq; ++k) {
          double lo = model.lowerPositionLimit[k], hi = model.upperPositionLimit[k];
          if (!std::isfinite(lo) || !std::isfinite(hi) || lo >= hi) { lo = -M_PI; hi = M_PI; }
          q[k] = uni(lo, hi);
        }
      } else {
        Eigen::VectorXd r = pinocchio::randomConfiguration(model);
        q.segment(iq, nq) = r.segment(iq, nq);
      }
    }
    qs[s] = q;
    vs[s] = Eigen::VectorXd::NullaryExpr(model.nv, [&]() { return uni(-1, 1); });
    as[s] = Eigen::VectorXd::NullaryExpr(model.nv, [&]() { return uni(-1, 1); });
    taus[s] = Eigen::VectorXd::NullaryExpr(model.nv, [&]() { return uni(-1, 1); });
  }

  pinocchio::Data::Matrix6x J = pinocchio::Data::Matrix6x::Zero(6, model.nv);

  // Sanity: finite results.
  pinocchio::rnea(model, data, qs[0], vs[0], as[0]);
  pinocchio::aba(model, data, qs[0], vs[0], taus[0]);
  if (!data.tau.allFinite() || !data.ddq.allFinite()) die("non-finite rnea/aba result");

  auto run_fk = [&](int n) {
    int s = 0;
    for (int i = 0; i < n; ++i) {
      pinocchio::forwardKinematics(model, data, qs[s]);
      pinocchio::updateFramePlacements(model, data);
      doNotOptimizePtr(data.oMf.data());
      clobberMemory();
      if (++s == S) s = 0;
    }
  };
  auto run_jac = [&](int n) {
    int s = 0;
    for (int i = 0; i < n; ++i) {
      pinocchio::computeFrameJacobian(model, data, qs[s], fid, pinocchio::LOCAL_WORLD_ALIGNED, J);
      doNotOptimizePtr(J.data());
      clobberMemory();
      if (++s == S) s = 0;
    }
  };
  auto run_rnea = [&](int n) {
    int s = 0;
    for (int i = 0; i < n; ++i) {
      const auto& tau = pinocchio::rnea(model, data, qs[s], vs[s], as[s]);
      doNotOptimizePtr(tau.data());
      clobberMemory();
      if (++s == S) s = 0;
    }
  };
  auto run_crba = [&](int n) {
    int s = 0;
    for (int i = 0; i < n; ++i) {
      const auto& M = pinocchio::crba(model, data, qs[s]);
      doNotOptimizePtr(M.data());
      clobberMemory();
      if (++s == S) s = 0;
    }
  };
  auto run_aba = [&](int n) {
    int s = 0;
    for (int i = 0; i < n; ++i) {
      const auto& ddq = pinocchio::aba(model, data, qs[s], vs[s], taus[s]);
      doNotOptimizePtr(ddq.data());
      clobberMemory();
      if (++s == S) s = 0;
    }
  };

  Stat fk = timeBatches(run_fk, batches, calls);
  Stat jac = timeBatches(run_jac, batches, calls);
  Stat rn = timeBatches(run_rnea, batches, calls);
  Stat cr = timeBatches(run_crba, batches, calls);
  Stat ab = timeBatches(run_aba, batches, calls);

  const char* version = PINOCCHIO_VERSION;
#ifdef __VERSION__
  const char* compiler = "g++ " __VERSION__;
#else
  const char* compiler = "unknown";
#endif
#ifdef PINOCCHIO_BENCH_CXXFLAGS
  const char* flags = PINOCCHIO_BENCH_CXXFLAGS;
#else
  const char* flags = "";
#endif
  if (json) {
    std::printf(
        "{\"peer\":\"pinocchio-cpp\",\"version\":\"%s\",\"fk_us\":%.4f,\"jacobian_us\":%.4f,"
        "\"rnea_us\":%.4f,\"crba_us\":%.4f,\"aba_us\":%.4f,"
        "\"min\":{\"fk_us\":%.4f,\"jacobian_us\":%.4f,\"rnea_us\":%.4f,\"crba_us\":%.4f,\"aba_us\":%.4f},"
        "\"urdf\":\"%s\",\"robot\":\"%s\",\"nq\":%d,\"nv\":%d,\"frame\":\"%s\",\"crba_convention\":\"LOCAL\","
        "\"batches\":%d,\"calls_per_batch\":%d,\"states\":%d,\"seed\":%lu,"
        "\"mode\":\"%s\",\"compiler\":\"%s\",\"cxxflags\":\"%s\"}\n",
        version, fk.median_us, jac.median_us, rn.median_us, cr.median_us, ab.median_us, fk.min_us,
        jac.min_us, rn.min_us, cr.min_us, ab.min_us, urdf.c_str(), model.name.c_str(), model.nq, model.nv,
        frameName.c_str(), batches, calls, S, seed, PINOCCHIO_BENCH_MODE, compiler, flags);
  } else {
    std::printf("pinocchio-cpp %s (%s)  robot=%s nq=%d nv=%d frame=%s\n", version, PINOCCHIO_BENCH_MODE,
                model.name.c_str(), model.nq, model.nv, frameName.c_str());
    std::printf("%d batches x %d calls, %d states, seed %lu; %s; flags: %s\n", batches, calls, S, seed,
                compiler, flags);
    std::printf("%-10s%12s%12s\n", "op", "median us", "min us");
    const char* names[] = {"fk", "jacobian", "rnea", "crba", "aba"};
    Stat st[] = {fk, jac, rn, cr, ab};
    for (int i = 0; i < 5; ++i) std::printf("%-10s%12.4f%12.4f\n", names[i], st[i].median_us, st[i].min_us);
  }
  return 0;
}
