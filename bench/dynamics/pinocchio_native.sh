#!/usr/bin/env bash
# Pinocchio (native C++) peer: build (cached), convert URDF -> Pinocchio model, run.
#
# Usage: bench/dynamics/pinocchio_native.sh URDF [--mode header-only|prebuilt]
#            [--frame NAME] [--json] [--batches N] [--calls N] [--states N] [--seed N]
#
# The pip wheel has no urdfdom headers, so the C++ binary cannot include
# Pinocchio's URDF parser. The URDF is parsed by Pinocchio itself, in Python
# (pin.buildModelFromUrdf), saved with Model.saveToText (boost text archive,
# lossless) and loaded in C++ with pinocchio::serialization::loadFromText.
# Conversion and binary are cached under <repo>/.build-bench/dynamics.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PY="${PYTHON:-python3}"
OUT="$REPO/.build-bench/dynamics"

URDF=""; MODE=header-only; PASS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mode) MODE="$2"; shift 2 ;;
    --frame|--batches|--calls|--states|--seed) PASS+=("$1" "$2"); shift 2 ;;
    --json) PASS+=("$1"); shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) echo "pinocchio_native.sh: unknown option $1" >&2; exit 2 ;;
    *) URDF="$1"; shift ;;
  esac
done
[[ -n "$URDF" ]] || { echo "usage: $0 URDF [--mode header-only|prebuilt] [--frame NAME] [--json]" >&2; exit 2; }
[[ -f "$URDF" ]] || { echo "pinocchio_native.sh: URDF not found: $URDF" >&2; exit 1; }
URDF="$(cd "$(dirname "$URDF")" && pwd)/$(basename "$URDF")"

BIN="$("$HERE/build-native.sh" --mode "$MODE" --out "$OUT" | tail -n1)"
[[ -x "$BIN" ]] || { echo "pinocchio_native.sh: build failed" >&2; exit 1; }

mkdir -p "$OUT/models"
KEY="$( { sha256sum < "$URDF"; "$PY" -c 'import pinocchio; print(pinocchio.__version__)'; } | sha256sum | cut -c1-16)"
MODEL="$OUT/models/$(basename "$URDF" .urdf)-$KEY.txt"
if [[ ! -s "$MODEL" ]]; then
  "$PY" - "$URDF" "$MODEL.tmp" <<'PYEOF'
import sys
import pinocchio as pin
m = pin.buildModelFromUrdf(sys.argv[1])
m.saveToText(sys.argv[2])
PYEOF
  mv "$MODEL.tmp" "$MODEL"
fi
exec "$BIN" "$MODEL" --urdf "$URDF" "${PASS[@]}"
