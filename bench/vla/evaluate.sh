#!/usr/bin/env bash
# Closed-loop evaluation of a VLA model in the simulator on held-out seeds (training data starts
# at seed 100000): pick and place over every cube colour × pad pairing, reach and push, N episodes
# per task family split evenly over its instructions; then the two ablations (camera blanked,
# instructions shuffled) on pick and place. Prints a table and writes bench/vla/results-<name>.json.
# Usage: bench/vla/evaluate.sh models/so101-vla [EPISODES_PER_FAMILY=100] [--int8]
# EMBODY_BIN=path/to/embody skips the release build and uses that binary; EVAL_JOBS=2 runs two
# instructions at a time (one core each: the planner's latency is still that of one core);
# SCENE=path.toml evaluates in another scene (a model trained on data from a moved camera);
# SEED_OFFSET=4000 moves every seed by that much (seeds 5000+, 6000+, 7000+: a confirmation on seeds
# no model was chosen by) and names the file results-<name>-seeds<offset>.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
model="${1:?usage: bench/vla/evaluate.sh MODEL_DIR [EPISODES] [--int8]}"
episodes="${2:-100}"
extra="${3:-}"
scene="${SCENE:-sim/scenes/so101_pick_place.toml}"
bin="${EMBODY_BIN:-}"
if [ -z "$bin" ]; then swift build -c release --product embody >/dev/null; bin=.build/release/embody; fi
out=$(mktemp -d)
offset="${SEED_OFFSET:-0}"
name="$(basename "$model")${extra:+-int8}"
if [ "$offset" != 0 ]; then name="$name-seeds$offset"; fi
run() {  # family label, instruction, episodes, seed, extra flags...
    local label="$1" instruction="$2" n="$3" seed="$4"; shift 4
    local file="$out/$label-$(echo "$instruction" | tr ' ' '_').json"
    "$bin" sim --scene "$scene" --task "$instruction" --planner vla --model "$model" $extra \
        --episodes "$n" --seed "$seed" --summary "$file" "$@" >/dev/null
    python3 -c "import json,sys; s=json.load(open('$file')); print('$label', json.dumps('$instruction'), s['successes'], s['episodes'], s['planner']['latency_ms']['p50'], s['planner']['latency_ms']['p99'])"
}
queue() { local words; words=$(printf '%q ' "$@"); echo "${words% }"; }  # a run per line, as xargs splits it
{
    n=$(( (episodes + 2) / 3 ))
    for colour in red yellow blue; do queue pick_place "put the $colour cube on the green pad" "$n" $((1000 + offset)); done
    for colour in red yellow blue; do queue reach "touch the $colour cube" "$n" $((2000 + offset)); done
    n=$(( (episodes + 11) / 12 ))
    for colour in red yellow blue; do for way in "to the left" "to the right" forward back; do queue push "push the $colour cube $way" "$n" $((3000 + offset)); done; done
    n=$(( (episodes + 2) / 3 ))
    for colour in red yellow blue; do queue blank_cameras "put the $colour cube on the green pad" "$n" $((1000 + offset)) --blank-cameras; done
    for colour in red yellow blue; do queue shuffled_instructions "put the $colour cube on the green pad" "$n" $((1000 + offset)) --shuffle-instructions; done
} > "$out/runs.txt"
export -f run; export bin scene model extra out
xargs -P "${EVAL_JOBS:-1}" -L 1 bash -c 'run "$@"' _ < "$out/runs.txt" | tee "$out/rows.txt"
python3 - "$out/rows.txt" "bench/vla/results-$name.json" "$out/runs.txt" <<'PY'
import json, shlex, sys
# Rows arrive as runs finish; the table and file keep the order the runs were queued in.
queued = [tuple(shlex.split(line)[:2]) for line in open(sys.argv[3])]
rows = sorted((shlex.split(line) for line in open(sys.argv[1]) if line.strip()), key=lambda row: queued.index(tuple(row[:2])))
families = {}
for label, instruction, ok, n, p50, p99 in rows:
    f = families.setdefault(label, {"successes": 0, "episodes": 0, "instructions": {}, "latency_p99_ms": 0.0})
    f["successes"] += int(ok); f["episodes"] += int(n)
    f["instructions"][instruction] = [int(ok), int(n)]
    f["latency_p99_ms"] = max(f["latency_p99_ms"], float(p99))
for label, f in families.items():
    print(f"{label:24s} {f['successes']:4d}/{f['episodes']:<4d} {100 * f['successes'] / f['episodes']:5.1f}%   planner p99 {f['latency_p99_ms']:.2f} ms")
json.dump(families, open(sys.argv[2], "w"), indent=1)
PY
