"""The peer for the Swift VLA's latency: PyTorch on one thread, same architecture and inputs.

    python3 bench/vla/pytorch_latency.py [--model models/so101-vla] [--runs 300]

Times, on fixture case 0's inputs (Tests/VLATests/Fixtures/reference.safetensors) and the model's
weights, what Swift's `predict` does: the 20 action tokens decoded greedily one at a time. PyTorch's
reference `VLA.greedy` has no KV cache (each token reruns the whole sequence), so this also times one
teacher-forced pass over prefix + all 20 action slots: the least work any decoder can do, a lower
bound for a cached PyTorch decode. bench/vla/latency.sh runs this beside the Swift benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from safetensors.numpy import load_file

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "training"))
from export import load_exported  # noqa: E402
from make_fixtures import torch_batch  # noqa: E402


def percentile_ms(samples: list[float], q: float) -> float:
    return float(np.percentile(np.array(samples) * 1e3, q))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "so101-vla"))
    ap.add_argument("--runs", type=int, default=300)
    a = ap.parse_args()
    torch.set_num_threads(1)
    model = load_exported(a.model)
    config = model.config
    reference = load_file(os.path.join(ROOT, "Tests", "VLATests", "Fixtures", "reference.safetensors"))
    case = {k.split(".", 1)[1]: v for k, v in reference.items() if k.startswith("case0.")}
    batch = torch_batch(case, config)
    tokens = model.greedy(*batch)
    results = {}
    for name, work in (("greedy, no cache", lambda: model.greedy(*batch)),
                       ("one teacher-forced pass", lambda: model(*batch, tokens))):
        with torch.no_grad():
            for _ in range(10):
                work()
            samples = []
            for _ in range(a.runs):
                start = time.perf_counter()
                work()
                samples.append(time.perf_counter() - start)
        results[name] = {"p50_ms": percentile_ms(samples, 50), "p99_ms": percentile_ms(samples, 99)}
        print(f"PyTorch {torch.__version__} ({name}, 1 thread): p50 {results[name]['p50_ms']:.2f} ms, "
              f"p99 {results[name]['p99_ms']:.2f} ms", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
