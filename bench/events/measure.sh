#!/usr/bin/env bash
# Reproduces the event-sensing figures of BENCHMARKS.md:
#   1. DVS emulator throughput on one core, 346x260 (DAVIS346) frames, and heap allocations per frame;
#   2. bandwidth of events vs raw frames for a rendered pick-and-place episode (front and wrist cameras);
#   3. the peer decoders' check (PyPI aedat, expelliarmus), when they are installed.
# Usage: bench/events/measure.sh [SCRATCH]   (release build in SCRATCH, default .build)
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch="${1:-.build}"
swift build -c release --scratch-path "$scratch" --product embody >/dev/null
embody="$scratch/release/embody"

echo "== throughput (median of 9 batches of 240 frames; wall clock and thread CPU time)"
"$embody" events bench
"$embody" events bench --dither
"$embody" events bench --fps 250

echo "== bandwidth: pick-and-place episode rendered at 500 frames/s"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
task="put the red cube on the green pad"
for camera in front wrist; do
  "$embody" events encode --scene sim/scenes/so101_pick_place.toml --task "$task" --scene-camera "$camera" \
    --fps 500 --output "$out/$camera.aedat4"
  "$embody" events encode --scene sim/scenes/so101_pick_place.toml --task "$task" --scene-camera "$camera" \
    --fps 500 --output "$out/$camera.raw" | tail -1
done

echo "== peers"
if python3 -c "import aedat, expelliarmus, numpy" 2>/dev/null; then
  python3 tools/events/check_aedat.py --embody "$embody" "$out/front.aedat4" "$out/front.raw"
else
  echo "skipped: pip install aedat expelliarmus numpy"
fi
