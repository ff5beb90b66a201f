#!/usr/bin/env bash
# Build bench/dynamics/pinocchio_native.cpp against the Pinocchio headers and
# shared libraries of the pip install (`pip install pin`, cmeel packaging).
#
# Usage: bench/dynamics/build-native.sh [--mode header-only|prebuilt] [--no-native] [--out DIR] [--force]
#   header-only (default): Pinocchio's algorithm templates are instantiated in
#       this translation unit and compiled with our flags (-O3 -march=native
#       -DNDEBUG): the fastest Pinocchio can be for this machine.
#   prebuilt: -DPINOCCHIO_ENABLE_TEMPLATE_INSTANTIATION (what the CMake target
#       pinocchio::pinocchio sets): the algorithms run from the wheel's
#       precompiled libpinocchio_default.so (generic x86-64 build, same code the
#       Python binding runs).
# Prints the path of the binary on stdout (last line). Binaries are cached in
# $OUT (default: <repo>/.build-bench/dynamics, gitignored via `.build*`) and
# rebuilt only when the source, flags or Pinocchio version change.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MODE=header-only
OUT="$REPO/.build-bench/dynamics"
FORCE=0
NATIVE=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mode) MODE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --force) FORCE=1; shift ;;
    --no-native) NATIVE=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "build-native.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$MODE" in header-only|prebuilt) ;; *) echo "build-native.sh: bad --mode $MODE" >&2; exit 2 ;; esac
# prebuilt mode calls into the wheel's libpinocchio_default.so, compiled for
# generic x86-64 (16-byte Eigen alignment). -march=native with AVX/AVX-512 changes
# EIGEN_MAX_STATIC_ALIGN_BYTES and hence the layout of Model/Data: ABI break
# (observed: boost::bad_get at run time). So never -march=native there.
if [[ "$MODE" == prebuilt ]]; then NATIVE=0; fi

PY="${PYTHON:-python3}"
CXX="${CXX:-g++}"
command -v "$CXX" >/dev/null || { echo "build-native.sh: $CXX not found" >&2; exit 1; }

# cmeel prefix: <site-packages>/cmeel.prefix
PREFIX="$("$PY" - <<'EOF'
import os, sys
try:
    import cmeel
    p = os.path.join(os.path.dirname(os.path.dirname(cmeel.__file__)), "cmeel.prefix")
    if os.path.isdir(p):
        print(p); sys.exit(0)
except Exception:
    pass
import site, sysconfig
for d in [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()]:
    p = os.path.join(d, "cmeel.prefix")
    if os.path.isdir(p):
        print(p); sys.exit(0)
sys.exit(1)
EOF
)" || { echo "build-native.sh: cannot find cmeel.prefix (is 'pin' pip-installed for $PY?)" >&2; exit 1; }

[[ -f "$PREFIX/include/pinocchio/config.hpp" ]] || { echo "build-native.sh: no Pinocchio headers in $PREFIX/include" >&2; exit 1; }
[[ -f "$PREFIX/lib/libpinocchio_default.so" ]] || { echo "build-native.sh: no libpinocchio_default.so in $PREFIX/lib" >&2; exit 1; }
[[ -d "$PREFIX/include/boost" ]] || { echo "build-native.sh: no Boost headers in $PREFIX/include (cmeel-boost)" >&2; exit 1; }

# Eigen: cmeel-eigen if installed (same prefix), else the system's.
EIGEN_INC=""
for d in "$PREFIX/include/eigen3" /usr/include/eigen3 /usr/local/include/eigen3; do
  if [[ -f "$d/Eigen/Core" ]]; then EIGEN_INC="$d"; break; fi
done
if [[ -z "$EIGEN_INC" ]] && command -v pkg-config >/dev/null && pkg-config --exists eigen3; then
  EIGEN_INC="$(pkg-config --variable=includedir eigen3)"
fi
[[ -n "$EIGEN_INC" ]] || { echo "build-native.sh: Eigen headers not found (pip install cmeel-eigen, or apt-get install libeigen3-dev)" >&2; exit 1; }

# -march=native only if the compiler accepts it and the result runs here.
ARCH=""
tmpd="$(mktemp -d)"; trap 'rm -rf "$tmpd"' EXIT
echo 'int main(){return 0;}' > "$tmpd/t.cpp"
if [[ $NATIVE -eq 1 ]] && "$CXX" -O2 -march=native "$tmpd/t.cpp" -o "$tmpd/t" 2>/dev/null && "$tmpd/t"; then ARCH="-march=native"; fi

OPT="-O3${ARCH:+ $ARCH} -DNDEBUG"
DEFS="-DBOOST_MPL_LIMIT_LIST_SIZE=30 -DBOOST_MPL_LIMIT_VECTOR_SIZE=30 -DBOOST_MPL_CFG_NO_PREPROCESSED_HEADERS -DBOOST_FUSION_INVOKE_MAX_ARITY=12"
if [[ "$MODE" == prebuilt ]]; then DEFS="$DEFS -DPINOCCHIO_ENABLE_TEMPLATE_INSTANTIATION"; fi
CXXFLAGS_ALL="-std=c++17 $OPT $DEFS"
LIBS="-L$PREFIX/lib -Wl,-rpath,$PREFIX/lib -lpinocchio_default -lboost_serialization -lpthread"

SRC="$HERE/pinocchio_native.cpp"
PINVER="$(grep -m1 'define PINOCCHIO_VERSION ' "$PREFIX/include/pinocchio/config.hpp" | sed 's/.*"\(.*\)".*/\1/')"
KEY="$( { cat "$SRC"; echo "$CXX $("$CXX" -dumpfullversion 2>/dev/null) $CXXFLAGS_ALL $LIBS $PINVER $PREFIX $EIGEN_INC"; } | sha256sum | cut -c1-16)"
mkdir -p "$OUT"
BIN="$OUT/pinocchio_native-$MODE${ARCH:+-native}"
STAMP="$BIN.key"
if [[ $FORCE -eq 0 && -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$KEY" ]]; then
  echo "build-native.sh: cached $BIN ($MODE, flags: $OPT)" >&2
  echo "$BIN"; exit 0
fi

echo "build-native.sh: compiling $MODE peer against Pinocchio $PINVER ($PREFIX), Eigen $EIGEN_INC" >&2
echo "build-native.sh: $CXX $CXXFLAGS_ALL" >&2
# Flags string baked into the binary for the JSON report (quotes-free).
# Compiler output (GCC 12 prints long, spurious -Wstringop-overread warnings from
# Eigen/AVX-512 inside Pinocchio's composite joint) goes to a log, shown on failure.
LOG="$BIN.build.log"
if ! "$CXX" $CXXFLAGS_ALL \
  -DPINOCCHIO_BENCH_MODE="\"$MODE\"" -DPINOCCHIO_BENCH_CXXFLAGS="\"$OPT\"" \
  -isystem "$PREFIX/include" -isystem "$EIGEN_INC" \
  "$SRC" -o "$BIN.tmp" $LIBS >"$LOG" 2>&1; then
  grep -E "error|Error" "$LOG" | head -40 >&2 || true
  echo "build-native.sh: compilation FAILED (full log: $LOG)" >&2
  exit 1
fi
mv "$BIN.tmp" "$BIN"
echo "$KEY" > "$STAMP"
echo "$BIN"
