#!/usr/bin/env bash
# Hardware in the loop (issue 8, acceptance 5): the VLA drives the emulated SO-101 over the real
# serial path (libserialport on a pseudo-terminal, wall clock, `embody run --emulate`), one
# instruction per task family and cube, N episodes each, on the first held-out seeds of
# evaluate.sh's runs; then the same seeds in lockstep simulation, so that HIL and simulation are
# compared episode for episode. Runs one at a time: the wall-clock loop needs the cores to itself.
# Prints a table and writes bench/vla/results-<name>-hil.json.
# Usage: bench/vla/evaluate_hil.sh models/so101-vla [EPISODES_PER_INSTRUCTION=4] [--int8]
# EMBODY_BIN=path/to/embody skips the release build and uses that binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
model="${1:?usage: bench/vla/evaluate_hil.sh MODEL_DIR [EPISODES] [--int8]}"
episodes="${2:-4}"
extra="${3:-}"
scene=sim/scenes/so101_pick_place.toml
bin="${EMBODY_BIN:-}"
if [ -z "$bin" ]; then swift build -c release --product embody >/dev/null; bin=.build/release/embody; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
name="$(basename "$model")${extra:+-int8}"
rows="$out/rows.txt"
run() {  # family, instruction, seed
    local family="$1" instruction="$2" seed="$3" file="$out/run.json"
    "$bin" run --robot robots/so101 --port "$out/so101" --emulate "$scene" --planner vla --model "$model" $extra \
        --task "$instruction" --episodes "$episodes" --seed "$seed" --summary "$file" >/dev/null
    local hil; hil=$(python3 -c "import json; s=json.load(open('$file')); print(s['successes'], s['planner']['latency_ms']['p99'], s['planner']['late_chunks'])")
    "$bin" sim --scene "$scene" --planner vla --model "$model" $extra \
        --task "$instruction" --episodes "$episodes" --seed "$seed" --summary "$file" >/dev/null
    local sim; sim=$(python3 -c "import json; print(json.load(open('$file'))['successes'])")
    echo "$family|$instruction|$hil|$sim|$episodes" | tee -a "$rows"
}
for colour in red yellow blue; do
    run pick_place "put the $colour cube on the green pad" 1000
    run reach "touch the $colour cube" 2000
done
run push "push the red cube to the left" 3000
run push "push the yellow cube forward" 3000
run push "push the blue cube back" 3000
python3 - "$rows" "bench/vla/results-$name-hil.json" <<'PY'
import json, sys
families = {}
for line in open(sys.argv[1]):
    family, instruction, hil, sim, n = line.strip().split("|")
    ok, p99, late = hil.split()
    f = families.setdefault(family, {"hil": 0, "lockstep": 0, "episodes": 0, "planner_p99_ms": 0.0, "late_chunks": 0, "instructions": {}})
    f["hil"] += int(ok); f["lockstep"] += int(sim); f["episodes"] += int(n)
    f["planner_p99_ms"] = max(f["planner_p99_ms"], float(p99)); f["late_chunks"] += int(late)
    f["instructions"][instruction] = {"hil": int(ok), "lockstep": int(sim), "episodes": int(n)}
total = {k: sum(f[k] for f in families.values()) for k in ("hil", "lockstep", "episodes")}
for label, f in list(families.items()) + [("all", total)]:
    print(f"{label:12s} HIL {f['hil']:3d}/{f['episodes']:<3d} ({100 * f['hil'] / f['episodes']:5.1f} %)   lockstep, same seeds {f['lockstep']:3d}/{f['episodes']}")
json.dump(families, open(sys.argv[2], "w"), indent=1)
PY
