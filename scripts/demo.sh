#!/usr/bin/env bash
# The main job: one recorded pick-and-place episode in the simulator — the SO-101 (or the robot
# folder given) with the scripted planner in the 10 Hz slot and the 1 kHz controller, in lockstep.
# Writes a video, plots and the run summary to /tmp/embody-demo/.
# Usage: scripts/demo.sh [robots/<name>/robot.urdf]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
urdf="${1:-robots/so101/robot.urdf}"
robot="$(basename "$(dirname "$urdf")")"
out=/tmp/embody-demo
mkdir -p "$out"
swift build -c release --product embody
.build/release/embody inspect --urdf "$urdf" | head -4
echo
.build/release/embody sim --scene "sim/scenes/${robot}_pick_place.toml" \
    --task "put the red cube on the green pad" --planner scripted --episodes 1 --seed 1 \
    --record "$out/episode.mp4" --camera front --plots "$out/plots" --summary "$out/summary.json"
echo
echo "video: $out/episode.mp4  plots: $out/plots/  summary: $out/summary.json"
