"""Writes Swift parity cases for a trained model from real dataset rows (same layout as the fixture
reference.safetensors), for the env-gated Swift test VLAParityTests:

    python3 training/evaluate_parity.py --model models/vla-v1 --data /work/data/so101-v1 [--cases 8]
    VLA_PARITY_DIR=models/vla-v1 swift test --filter VLATests.TrainedModelParityTests

Cases go to MODEL/parity.safetensors: inputs, PyTorch greedy tokens and teacher-forced logits, for
the F32 weights and for the dequantised int8 weights.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch
from safetensors.numpy import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import tokenize  # noqa: E402
from export import dequantised_model, load_exported  # noqa: E402
from make_fixtures import torch_batch, reference  # noqa: E402
from dataset import load_demonstrations  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--cases", type=int, default=8)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(2)
    model = load_exported(a.model)
    config = model.config
    quant = dequantised_model(model)
    arrays, metadata = load_demonstrations(a.data)
    rows = np.random.default_rng(a.seed).choice(len(arrays["step"]), size=min(a.cases, len(arrays["step"])), replace=False)
    tensors, agree, worst = {}, 0, 0.0
    for i, r in enumerate(rows):
        x = {k: arrays[k][r] for k in ("front", "wrist", "events", "joints", "tool")}
        x["words"] = np.array(tokenize(metadata["instructions"][arrays["instruction"][r]], config), dtype=np.int32)
        batch = torch_batch(x, config)
        tokens, logits = reference(model, batch)
        qtokens, qlogits = reference(quant, batch)
        agree += int((tokens == qtokens).sum())
        for k, v in x.items():
            tensors[f"case{i}.{k}"] = np.ascontiguousarray(v)
        tensors.update({f"case{i}.tokens": tokens, f"case{i}.logits": logits,
                        f"case{i}.int8_tokens": qtokens, f"case{i}.int8_logits": qlogits})
        top2 = np.sort(logits, axis=1)[:, -2:]
        worst = max(worst, float((top2[:, 1] - top2[:, 0]).min() < 1e-4))
    save_file(tensors, os.path.join(a.model, "parity.safetensors"), metadata={"cases": str(len(rows)), "rows": json.dumps(rows.tolist())})
    print(f"wrote {len(rows)} cases to {a.model}/parity.safetensors; int8 greedy tokens equal to F32: "
          f"{agree}/{len(rows) * config.decode_tokens}" + ("; WARNING: a near-tied argmax (<1e-4) may flip in Swift" if worst else ""))


if __name__ == "__main__":
    main()
