#!/usr/bin/env bash
# Builds the package and runs every test (debug build). CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
# XCTest only: with no Swift Testing tests, its "0 tests" summary would be the last line CI reads.
swift test --skip-build --disable-swift-testing
