#!/usr/bin/env bash
# The main job, for now: describe a shipped robot and benchmark its dynamics (release build).
# Later issues turn this into a simulated pick-and-place episode.
# Usage: scripts/demo.sh [robots/<name>/robot.urdf]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
urdf="${1:-robots/so101/robot.urdf}"
swift build -c release --product embody
.build/release/embody inspect --urdf "$urdf"
echo
.build/release/embody bench dynamics --urdf "$urdf"
