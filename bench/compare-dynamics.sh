#!/usr/bin/env bash
# Side-by-side speed comparison of Embody's rigid-body dynamics with Pinocchio
# (native C++ and Python binding). See bench/dynamics/README.md.
#
# Usage: bench/compare-dynamics.sh [URDF] [--frame NAME] [--rounds N] [--skip-embody]
#                                  [--cpp-mode header-only|prebuilt] [--batches N] [--calls N]
#   URDF defaults to Tests/RobotModelTests/Fixtures/urdf/xarm7.urdf.
#   --frame is passed to both peers, and to embody only when given explicitly.
#   --rounds N (default 3): each of the three runs N times, order alternating
#   (E,C,P / P,C,E / ...); per operation the best (lowest) median is reported.
#
# Installs nothing, except `pip install pin` if `import pinocchio` fails.
# Prints a Markdown report on stdout; progress goes to stderr; raw JSON of every
# run is kept in .build-bench/dynamics/last-run/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
DYN="$HERE/dynamics"
PY="${PYTHON:-python3}"
OUTDIR="$REPO/.build-bench/dynamics/last-run"

die() { echo "compare-dynamics: ERROR: $*" >&2; exit 1; }
log() { echo "compare-dynamics: $*" >&2; }

URDF=""; FRAME=""; ROUNDS=3; SKIP_EMBODY=0; CPP_MODE=header-only; PEER_OPTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --frame) FRAME="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --skip-embody) SKIP_EMBODY=1; shift ;;
    --cpp-mode) CPP_MODE="$2"; shift 2 ;;
    --batches|--calls) PEER_OPTS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) URDF="$1"; shift ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"

if [[ -z "$URDF" ]]; then
  URDF="$REPO/Tests/RobotModelTests/Fixtures/urdf/xarm7.urdf"
fi
[[ -f "$URDF" ]] || die "URDF not found: $URDF"
URDF="$(cd "$(dirname "$URDF")" && pwd)/$(basename "$URDF")"
command -v "$PY" >/dev/null || die "$PY not found"

FRAME_OPTS=()
[[ -n "$FRAME" ]] && FRAME_OPTS=(--frame "$FRAME")

# ---- 1. Pinocchio available? -------------------------------------------------
if ! "$PY" -c 'import pinocchio' 2>/dev/null; then
  log "'import pinocchio' failed: running '$PY -m pip install pin' (the only thing this script installs)"
  "$PY" -m pip install pin >&2 || die "pip install pin failed"
  "$PY" -c 'import pinocchio' || die "pinocchio still not importable after pip install pin"
fi

# ---- 2. Build Embody (release) ----------------------------------------------
EMBODY_BIN=""
EMBODY_NOTE=""
if [[ $SKIP_EMBODY -eq 0 ]]; then
  command -v swift >/dev/null || die "swift not found (use --skip-embody to run only the peers)"
  log "building embody: swift build -c release --product embody"
  if ! (cd "$REPO" && swift build -c release --product embody >&2); then
    # One retry: a concurrent edit ("input file ... was modified during the build")
    # is the common transient failure in a shared checkout.
    log "swift build failed; retrying once"
    sleep 2
    (cd "$REPO" && swift build -c release --product embody >&2) \
      || die "swift build -c release --product embody failed (use --skip-embody to run only the peers)"
  fi
  EMBODY_BIN="$(cd "$REPO" && swift build -c release --product embody --show-bin-path)/embody"
  [[ -x "$EMBODY_BIN" ]] || die "embody binary not found at $EMBODY_BIN"
  # Does `embody bench dynamics` exist yet? Probe with a real run later; here only --help.
else
  EMBODY_NOTE="skipped (--skip-embody)"
fi

# ---- 3. Build the native peer (cached) --------------------------------------
log "building Pinocchio C++ peer (mode $CPP_MODE; cached in .build-bench/dynamics)"
"$DYN/build-native.sh" --mode "$CPP_MODE" >/dev/null || die "building the Pinocchio C++ peer failed"

# ---- 4. Interleaved runs -----------------------------------------------------
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"

run_embody() {  # $1 = round
  [[ -n "$EMBODY_BIN" && -z "$EMBODY_NOTE" ]] || return 0
  local out="$OUTDIR/embody-$1.json" err="$OUTDIR/embody-$1.stderr"
  log "round $1: embody bench dynamics"
  if "$EMBODY_BIN" bench dynamics --urdf "$URDF" "${FRAME_OPTS[@]}" --json >"$out.raw" 2>"$err" \
     && grep -E '^\s*\{' "$out.raw" | tail -n1 > "$out" && [[ -s "$out" ]] \
     && "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "rnea_us" in d' "$out" 2>/dev/null; then
    return 0
  fi
  rm -f "$out"
  EMBODY_NOTE="\`embody bench dynamics\` not available or failed (exit/stdout/stderr in .build-bench/dynamics/last-run/embody-$1.*): $(head -c 300 "$err" | tr '\n' ' ')"
  log "WARNING: $EMBODY_NOTE"
}
run_cpp() {
  log "round $1: Pinocchio C++"
  "$DYN/pinocchio_native.sh" "$URDF" --mode "$CPP_MODE" "${FRAME_OPTS[@]}" "${PEER_OPTS[@]}" --json \
    >"$OUTDIR/cpp-$1.json" 2>"$OUTDIR/cpp-$1.stderr" \
    || { cat "$OUTDIR/cpp-$1.stderr" >&2; die "Pinocchio C++ peer failed"; }
}
run_py() {
  log "round $1: Pinocchio Python"
  "$PY" "$DYN/pinocchio_python.py" "$URDF" "${FRAME_OPTS[@]}" "${PEER_OPTS[@]}" --json \
    >"$OUTDIR/python-$1.json" 2>"$OUTDIR/python-$1.stderr" \
    || { cat "$OUTDIR/python-$1.stderr" >&2; die "Pinocchio Python peer failed"; }
}

for ((r = 1; r <= ROUNDS; r++)); do
  if (( r % 2 == 1 )); then run_embody "$r"; run_cpp "$r"; run_py "$r"
  else run_py "$r"; run_cpp "$r"; run_embody "$r"; fi
done

# ---- 5. Report ----------------------------------------------------------------
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
SWIFTV="$(swift --version 2>/dev/null | head -n1 || true)"
"$PY" - "$OUTDIR" "$URDF" "$(nproc)" "${CPU:-unknown}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  "$EMBODY_NOTE" "$SWIFTV" "$ROUNDS" "$LOADAVG" <<'PYEOF' || die "report generation failed"
import glob, json, os, sys
outdir, urdf, nproc, cpu, date, embody_note, swiftv, rounds, loadavg = sys.argv[1:10]
ops = ["fk", "jacobian", "rnea", "crba", "aba"]

def load(prefix):
    runs = []
    for p in sorted(glob.glob(os.path.join(outdir, prefix + "-*.json"))):
        try:
            with open(p) as f:
                runs.append(json.load(f))
        except Exception:
            pass
    return runs

def best(runs):
    return {op: min((r[op + "_us"] for r in runs if isinstance(r.get(op + "_us"), (int, float))), default=None)
            for op in ops}

E, C, P = load("embody"), load("cpp"), load("python")
if not C or not P:
    sys.exit("missing peer results")
e, c, p = best(E), best(C), best(P)
fmt = lambda x: "n/a" if x is None else (f"{x:.3f}" if x < 10 else f"{x:.1f}")
ratio = lambda a, b: "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}"

c0, p0 = C[0], P[0]
print(f"## Rigid-body dynamics: Embody vs Pinocchio {c0.get('version', '?')}\n")
print(f"Robot: `{os.path.relpath(urdf) if not urdf.startswith('/tmp') else urdf}` "
      f"({c0.get('robot')}, nq={c0.get('nq')}, nv={c0.get('nv')}), jacobian frame `{c0.get('frame')}`, "
      f"CRBA convention {c0.get('crba_convention')}.  ")
print(f"Time per call in µs: median of {c0.get('batches')} batch means "
      f"({c0.get('calls_per_batch')} calls/batch, {c0.get('states')} random states), "
      f"best of {rounds} interleaved rounds. Ratio < 1 means Embody is faster.\n")
print("| op | Embody µs | Pinocchio C++ µs | Pinocchio Python µs | Embody / C++ | Embody / Python |")
print("|---|---:|---:|---:|---:|---:|")
for op in ops:
    print(f"| {op} | {fmt(e[op])} | {fmt(c[op])} | {fmt(p[op])} | {ratio(e[op], c[op])} | {ratio(e[op], p[op])} |")
print()
allocs = [r.get("allocations_per_call") for r in E if r.get("allocations_per_call") is not None]
print(f"- Embody allocations per call: {max(allocs) if allocs else 'n/a'}")
if embody_note:
    print(f"- Embody: {embody_note}")
print(f"- Pinocchio C++: {c0.get('mode')} build, {c0.get('compiler')}, flags `{c0.get('cxxflags')}`")
print(f"- Pinocchio Python: pin {p0.get('version')}, Python {p0.get('python')}, numpy {p0.get('numpy')}; "
      f"Python loop overhead ≈ {p0.get('loop_overhead_us')} µs/call included (not subtracted)")
def spread(runs):
    worst = None
    for op in ops:
        xs = [r[op + "_us"] for r in runs if isinstance(r.get(op + "_us"), (int, float))]
        if len(xs) >= 2 and min(xs) > 0:
            sp = max(xs) / min(xs) - 1
            worst = sp if worst is None else max(worst, sp)
    return "n/a" if worst is None else f"{100 * worst:.0f}%"
if int(rounds) > 1:
    print(f"- Noise: worst round-to-round spread of a median (max/min − 1): Embody {spread(E)}, "
          f"C++ {spread(C)}, Python {spread(P)}. Above ~10%, rerun with more --rounds on a quieter machine.")
if swiftv:
    print(f"- Swift: {swiftv}")
print(f"- Machine: {nproc} CPUs (nproc), {cpu}; load average at report time {loadavg}")
print(f"- Date: {date}")
PYEOF
