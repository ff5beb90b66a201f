#!/usr/bin/env bash
# The main job, for now: describe a shipped robot, benchmark its dynamics, and run its table-top
# scene in the simulator (release build). Later issues put a planner in the loop: a full
# pick-and-place episode.
# Usage: scripts/demo.sh [robots/<name>/robot.urdf]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
urdf="${1:-robots/so101/robot.urdf}"
swift build -c release --product embody
.build/release/embody inspect --urdf "$urdf"
echo
.build/release/embody bench dynamics --urdf "$urdf"
echo
robot="$(basename "$(dirname "$urdf")")"
if [[ -f "sim/scenes/${robot}_pick_place.toml" ]]; then
    .build/release/embody sim --scene "sim/scenes/${robot}_pick_place.toml" --duration 3 \
        --trace /tmp/embody-demo.jsonl --record /tmp/embody-demo.mp4 --camera front
    echo "trace: /tmp/embody-demo.jsonl, video: /tmp/embody-demo.mp4"
fi
