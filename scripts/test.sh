#!/usr/bin/env bash
# Builds the package and runs every test (debug build). CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
