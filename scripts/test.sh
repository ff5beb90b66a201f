#!/usr/bin/env bash
# Builds the package and runs every test (debug build). CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# XCTest only: with no Swift Testing tests, its "0 tests" summary would be the last line CI reads.
if swift test --skip-build --disable-swift-testing 2>&1 | tee "$log"; then exit 0; fi
# A long log's tail is all some CI pages show: repeat the failures where they will be read.
echo "--- failed assertions ---"
grep -E "error: |' failed \(" "$log" | tail -n 40
exit 1
