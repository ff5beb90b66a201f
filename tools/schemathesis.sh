#!/usr/bin/env bash
# Fuzzes the daemon's control API against api/openapi.yaml with schemathesis (PyPI), over TCP with
# the bearer token. Starts `embody daemon` on the simulator in a temporary folder, runs the checks,
# stops the daemon with SIGTERM (it must exit 0).
#   tools/schemathesis.sh [EMBODY_BINARY]   (default: .build/debug/embody)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/.build/debug/embody}"
[ $# -gt 0 ] && shift
work="$(mktemp -d /tmp/embody-st.XXXXXX)"
port=$((20000 + RANDOM % 20000))
token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "$token" > "$work/token"
cat > "$work/daemon.toml" <<TOML
robot = "$root/robots/so101"
scene = "$root/sim/scenes/so101_pick_place.toml"
recordings = "$work/recordings"
[api]
unix = "$work/api.sock"
tcp = "127.0.0.1:$port"
token_file = "$work/token"
[episode]
lock_memory = false
TOML
"$bin" daemon --config "$work/daemon.toml" 2> "$work/daemon.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -S "$work/api.sock" ] && break; sleep 0.1; done
status=0
schemathesis run "$root/api/openapi.yaml" --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" --checks all --max-examples 50 \
    --exclude-path /v1/telemetry "$@" || status=$?
kill -TERM $pid
wait $pid && echo "daemon exited 0" || { echo "daemon exit $?"; cat "$work/daemon.log"; status=1; }
trap - EXIT
exit $status
