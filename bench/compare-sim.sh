#!/usr/bin/env bash
# Side-by-side speed comparison of Embody's built-in simulator with MuJoCo on an equivalent model
# built from the same scene TOML, URDF and boxes. See bench/sim/README.md.
#
# Usage: bench/compare-sim.sh [SCENE] [--rounds N] [--seconds S] [--skip-embody] [--no-render]
#                             [--mujoco-solver Newton|CG|PGS] [--mujoco-iterations N]
#   SCENE defaults to sim/scenes/so101_pick_place.toml (falls back to bench/sim/example_scene.toml,
#   with a note in the report, while that file does not exist).
#   --rounds N (default 3): Embody and MuJoCo each run N times, order alternating (E,M / M,E / ...);
#   the report takes the best (lowest) step time over the rounds.
#   --seconds S (default 5): simulated seconds timed per MuJoCo round.
#
# Installs nothing, except `pip install mujoco` if `import mujoco` fails.
# Prints a Markdown report on stdout; progress goes to stderr; raw JSON of every run is kept in
# .build-bench/sim/last-run/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SIMB="$HERE/sim"
PY="${PYTHON:-python3}"
OUTDIR="$REPO/.build-bench/sim/last-run"

die() { echo "compare-sim: ERROR: $*" >&2; exit 1; }
log() { echo "compare-sim: $*" >&2; }

SCENE=""; ROUNDS=3; SECONDS_SIM=5; SKIP_EMBODY=0; RENDER=1; MJ_OPTS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --seconds) SECONDS_SIM="$2"; shift 2 ;;
    --skip-embody) SKIP_EMBODY=1; shift ;;
    --no-render) RENDER=0; shift ;;
    --mujoco-solver) MJ_OPTS+=(--solver "$2"); shift 2 ;;
    --mujoco-iterations) MJ_OPTS+=(--iterations "$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) SCENE="$1"; shift ;;
  esac
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"

SCENE_NOTE=""
if [[ -z "$SCENE" ]]; then
  SCENE="$REPO/sim/scenes/so101_pick_place.toml"
  if [[ ! -f "$SCENE" ]]; then
    SCENE_NOTE="sim/scenes/so101_pick_place.toml does not exist yet: used the stand-in bench/sim/example_scene.toml"
    log "$SCENE_NOTE"
    SCENE="$SIMB/example_scene.toml"
  fi
fi
[[ -f "$SCENE" ]] || die "scene not found: $SCENE"
SCENE="$(cd "$(dirname "$SCENE")" && pwd)/$(basename "$SCENE")"
command -v "$PY" >/dev/null || die "$PY not found"

# ---- 1. MuJoCo available? ----------------------------------------------------
if ! "$PY" -c 'import mujoco' 2>/dev/null; then
  log "'import mujoco' failed: running '$PY -m pip install mujoco' (the only thing this script installs)"
  "$PY" -m pip install mujoco >&2 || die "pip install mujoco failed"
  "$PY" -c 'import mujoco' || die "mujoco still not importable after pip install mujoco"
fi

# ---- 2. Build Embody (release) ----------------------------------------------
EMBODY_BIN=""
EMBODY_NOTE=""
if [[ $SKIP_EMBODY -eq 0 ]]; then
  if ! command -v swift >/dev/null; then
    EMBODY_NOTE="swift not found"
  else
    log "building embody: swift build -c release --product embody"
    if ! (cd "$REPO" && swift build -c release --product embody >&2); then
      # One retry: a concurrent edit is the common transient failure in a shared checkout.
      log "swift build failed; retrying once"
      sleep 2
      mkdir -p "$OUTDIR"
      if ! (cd "$REPO" && swift build -c release --product embody 2>&1 | tee "$OUTDIR/../build.log" >&2; exit "${PIPESTATUS[0]}"); then
        EMBODY_NOTE="\`swift build -c release --product embody\` failed: $(grep -m1 'error:' "$OUTDIR/../build.log" | sed "s|$REPO/||" | head -c 200)"
      fi
    fi
    if [[ -z "$EMBODY_NOTE" ]]; then
      EMBODY_BIN="$(cd "$REPO" && swift build -c release --product embody --show-bin-path)/embody"
      [[ -x "$EMBODY_BIN" ]] || EMBODY_NOTE="embody binary not found at $EMBODY_BIN"
    fi
  fi
  [[ -n "$EMBODY_NOTE" ]] && log "WARNING: $EMBODY_NOTE (Embody column will be n/a)"
else
  EMBODY_NOTE="skipped (--skip-embody)"
fi

# ---- 3. Interleaved runs -----------------------------------------------------
rm -rf "$OUTDIR"; mkdir -p "$OUTDIR"
"$PY" "$SIMB/scene_to_mjcf.py" "$SCENE" "${MJ_OPTS[@]}" --out "$OUTDIR/model.xml" 2>"$OUTDIR/convert.stderr" \
  || { cat "$OUTDIR/convert.stderr" >&2; die "scene_to_mjcf.py failed"; }

EMBODY_CMD=("$EMBODY_BIN" bench sim --scene "$SCENE" --json)
MJ_CMD=("$PY" "$SIMB/mujoco_bench.py" "$SCENE" --json --seconds "$SECONDS_SIM" --rounds 1 "${MJ_OPTS[@]}")

run_embody() {  # $1 = round
  [[ -n "$EMBODY_BIN" && -z "$EMBODY_NOTE" ]] || return 0
  local out="$OUTDIR/embody-$1.json" err="$OUTDIR/embody-$1.stderr"
  log "round $1: embody bench sim"
  if "${EMBODY_CMD[@]}" >"$out.raw" 2>"$err" \
     && grep -E '^\s*\{' "$out.raw" | tail -n1 > "$out" && [[ -s "$out" ]] \
     && "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "step_us" in d' "$out" 2>/dev/null; then
    return 0
  fi
  rm -f "$out"
  EMBODY_NOTE="\`embody bench sim\` not available or failed (stdout/stderr in .build-bench/sim/last-run/embody-$1.*): $(cat "$out.raw" "$err" | head -c 300 | tr '\n' ' ')"
  log "WARNING: $EMBODY_NOTE"
}
run_mujoco() {  # $1 = round; the last round also times rendering
  local extra=()
  [[ $RENDER -eq 1 && "$1" -eq "$ROUNDS" ]] && extra=(--render)
  log "round $1: MuJoCo peer${extra:+ (with --render)}"
  "${MJ_CMD[@]}" "${extra[@]}" >"$OUTDIR/mujoco-$1.json" 2>"$OUTDIR/mujoco-$1.stderr" \
    || { cat "$OUTDIR/mujoco-$1.stderr" >&2; die "MuJoCo peer failed"; }
}

for ((r = 1; r <= ROUNDS; r++)); do
  if (( r % 2 == 1 )); then run_embody "$r"; run_mujoco "$r"
  else run_mujoco "$r"; run_embody "$r"; fi
done

# ---- 4. Report ----------------------------------------------------------------
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
SWIFTV="$(swift --version 2>/dev/null | head -n1 || true)"
q() { local s="" a; for a in "$@"; do s+="$(printf '%q' "$a") "; done; echo "${s% }"; }
rel() { echo "${1#"$REPO"/}"; }
EMBODY_CMD_STR="$(q "$(rel "${EMBODY_CMD[0]:-.build/release/embody}")" "${EMBODY_CMD[@]:1}")"
MJ_CMD_STR="$(q "$PY" "$(rel "$SIMB/mujoco_bench.py")" "${MJ_CMD[@]:2}") [--render in the last round]"
"$PY" - "$OUTDIR" "$(rel "$SCENE")" "$(nproc)" "${CPU:-unknown}" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  "$EMBODY_NOTE" "$SWIFTV" "$ROUNDS" "$LOADAVG" "$SCENE_NOTE" "${EMBODY_CMD_STR//$REPO\//}" "${MJ_CMD_STR//$REPO\//}" <<'PYEOF' || die "report generation failed"
import glob, json, os, sys
(outdir, scene, nproc, cpu, date, embody_note, swiftv, rounds, loadavg, scene_note,
 embody_cmd, mj_cmd) = sys.argv[1:13]

def load(prefix):
    runs = []
    for p in sorted(glob.glob(os.path.join(outdir, prefix + "-*.json"))):
        try:
            with open(p) as f:
                runs.append(json.load(f))
        except Exception:
            pass
    return runs

E, M = load("embody"), load("mujoco")
if not M:
    sys.exit("missing MuJoCo results")
num = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)
def best(runs):
    """The round with the lowest step_us; its other numbers go with it."""
    rs = [r for r in runs if num(r.get("step_us"))]
    return min(rs, key=lambda r: r["step_us"]) if rs else {}
e, m = best(E), best(M)
def first(runs, key):
    for r in runs:
        if r.get(key) is not None:
            return r.get(key), r
    return None, {}
e_render, _ = first(E, "render_us")
m_render, m_rr = first(M, "render_us")
if m_render is None:
    m_rr = next((r for r in M if "render_note" in r), {})
fmt = lambda x: "n/a" if not num(x) else (f"{x:.2f}" if x < 100 else f"{x:.0f}")
ratio = lambda a, b: "n/a" if not num(a) or not num(b) or b == 0 else f"{a / b:.2f}"

print(f"## Simulator step: Embody vs MuJoCo {m.get('version', '?')}\n")
print(f"Scene: `{scene}` (MuJoCo model: nbody={m.get('nbody')}, ngeom={m.get('ngeom')}, nv={m.get('nv')}, "
      f"nu={m.get('nu')}), timestep {m.get('timestep', 0) * 1e3:g} ms.  ")
print(f"Best of {rounds} interleaved rounds. MuJoCo: {m.get('solver')}, {m.get('cone')}, {m.get('integrator')}, "
      f"up to {m.get('solver_iterations_max')} iterations; {m.get('steps_per_round')} timed steps per round after "
      f"{m.get('settle_s')} s untimed settling, `mj_step(m, d, nstep={m.get('chunk')})` per call. "
      "For step_us and render_us a ratio < 1 means Embody is faster; for the real-time factor > 1 does.\n")
print("| metric | Embody | MuJoCo | Embody / MuJoCo |")
print("|---|---:|---:|---:|")
print(f"| step_us (µs per step) | {fmt(e.get('step_us'))} | {fmt(m.get('step_us'))} | {ratio(e.get('step_us'), m.get('step_us'))} |")
print(f"| contacts per step | {fmt(e.get('contacts_per_step'))} | {fmt(m.get('contacts_per_step'))} | {ratio(e.get('contacts_per_step'), m.get('contacts_per_step'))} |")
print(f"| real-time factor (×) | {fmt(e.get('realtime_factor'))} | {fmt(m.get('realtime_factor'))} | {ratio(e.get('realtime_factor'), m.get('realtime_factor'))} |")
print(f"| render_us (128×128) | {fmt(e_render)} | {fmt(m_render)} | {ratio(e_render, m_render)} |")
print()
allocs = [r.get("allocations_per_step") for r in E if r.get("allocations_per_step") is not None]
print(f"- Embody allocations per step: {max(allocs) if allocs else 'n/a'}")
if embody_note:
    print(f"- Embody: {embody_note}")
if scene_note:
    print(f"- Scene: {scene_note}")
print(f"- MuJoCo: {m.get('constraint_rows_per_step')} constraint rows and {m.get('solver_iterations_per_step')} "
      f"solver iterations per step (sampled); warnings {m.get('warnings') or 'none'}; Python {m.get('python')}")
if m_render is not None:
    print(f"- MuJoCo render: `mujoco.Renderer` {m_rr.get('render_size')}, camera `{m_rr.get('render_camera')}`, "
          f"MUJOCO_GL={m_rr.get('render_backend')}, GL renderer {m_rr.get('gl_renderer')}; update_scene + render + "
          f"read-back, median of {m_rr.get('render_frames')} frames")
else:
    print(f"- MuJoCo render: n/a ({m_rr.get('render_note', 'not measured (--no-render)')})")
notes = m.get("conversion_notes") or []
if notes:
    print("- Conversion notes: " + "; ".join(notes))
def spread(runs):
    xs = [r["step_us"] for r in runs if num(r.get("step_us"))]
    return "n/a" if len(xs) < 2 or min(xs) <= 0 else f"{100 * (max(xs) / min(xs) - 1):.0f}%"
if int(rounds) > 1:
    print(f"- Noise: round-to-round spread of step_us (max/min − 1): Embody {spread(E)}, MuJoCo {spread(M)}. "
          "Above ~10%, rerun with more --rounds on a quieter machine.")
print(f"- Commands: `{embody_cmd}`; `{mj_cmd}`")
print(f"- Equivalence assumptions: bench/sim/README.md; the generated MJCF is kept in .build-bench/sim/last-run/model.xml")
if swiftv:
    print(f"- Swift: {swiftv}")
print(f"- Machine: {nproc} CPUs (nproc), {cpu}; load average at report time {loadavg}")
print(f"- Date: {date}")
PYEOF
