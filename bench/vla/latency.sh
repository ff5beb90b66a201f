#!/usr/bin/env bash
# The Swift VLA forward pass beside its PyTorch peer, same model, same inputs, same core.
# Usage: bench/vla/latency.sh [MODEL_DIR=models/so101-vla] [CORE=1]
# Prints both and the ratio of their medians (PyTorch's cheapest pass / Swift's predict).
set -euo pipefail
cd "$(dirname "$0")/../.."
model="${1:-models/so101-vla}"
core="${2:-1}"
log=$(mktemp)
swift build -c release -Xswiftc -enable-testing --scratch-path .build-vla-rel --build-tests >"$log" 2>&1 || { tail -20 "$log"; exit 1; }
swift_out=$(VLA_BENCH=1 VLA_BENCH_MODEL="$model" taskset -c "$core" swift test -c release -Xswiftc -enable-testing \
    --scratch-path .build-vla-rel --skip-build --disable-swift-testing --filter VLABenchmarkTests 2>&1 | grep "VLA predict")
torch_out=$(taskset -c "$core" python3 bench/vla/pytorch_latency.py --model "$model")
echo "$swift_out"
echo "$torch_out" | grep PyTorch
python3 - "$swift_out" "$torch_out" <<'PY'
import json, re, sys
swift = float(re.search(r"F32.*?wall p50 ([0-9.]+) ms", sys.argv[1]).group(1))
torch = json.loads(sys.argv[2].strip().splitlines()[-1])
for name, r in torch.items():
    print(f"PyTorch {name} / Swift predict (medians): {r['p50_ms'] / swift:.2f}x")
PY
