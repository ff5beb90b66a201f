"""Writes a trained VLA for the Swift inference: model.safetensors (F32, PyTorch parameter names and
shapes), config.json, and optionally model-int8.safetensors where every linear weight is int8 with one
F32 scale per output channel (`<name>_scale`, shape [out]); embeddings, biases and norms stay F32.

    python3 training/export.py --checkpoint models/x/checkpoint.pt --out models/x/ [--int8]
"""

from __future__ import annotations

import argparse
import json
import os

import numpy as np
import torch
from safetensors.numpy import save_file

from model import VLA, VLAConfig, TRAINING_ONLY_PREFIXES

# Linear layers whose weights the int8 file quantises (matched by suffix of the parameter name).
QUANTISED_SUFFIXES = ("front_embed.weight", "wrist_embed.weight", "proprio_embed.weight", "qkv.weight",
                      "proj.weight", "fc1.weight", "fc2.weight", "head.weight")


def float_tensors(model: VLA) -> dict[str, np.ndarray]:
    """What the Swift inference reads: every parameter except the training-only heads."""
    return {k: v.detach().cpu().float().numpy().copy() for k, v in model.state_dict().items()
            if not k.startswith(TRAINING_ONLY_PREFIXES)}


def quantise_per_channel(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per output row: w ≈ q * scale[:, None], q in [-127, 127]."""
    amax = np.abs(w).max(axis=1)
    scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def int8_tensors(model: VLA) -> dict[str, np.ndarray]:
    out = {}
    for k, v in float_tensors(model).items():
        if k.endswith(QUANTISED_SUFFIXES):
            q, s = quantise_per_channel(v)
            out[k] = q
            out[k + "_scale"] = s
        else:
            out[k] = v
    return out


def dequantised_model(model: VLA) -> VLA:
    """The F32 model the int8 file stands for (what Swift computes with after loading it)."""
    twin = VLA(model.config)
    state = {}
    t = int8_tensors(model)
    for k in t:
        if k.endswith("_scale"):
            continue
        if k + "_scale" in t:
            state[k] = torch.from_numpy(t[k].astype(np.float32) * t[k + "_scale"][:, None])
        else:
            state[k] = torch.from_numpy(t[k])
    missing, unexpected = twin.load_state_dict(state, strict=False)
    assert not unexpected and all(k.startswith(TRAINING_ONLY_PREFIXES) for k in missing), (missing, unexpected)
    return twin.eval()


def export(model: VLA, out_dir: str, int8: bool = False, metadata: dict | None = None) -> None:
    os.makedirs(out_dir, exist_ok=True)
    meta = {"format": model.config.format, **(metadata or {})}
    save_file(float_tensors(model), os.path.join(out_dir, "model.safetensors"), metadata=meta)
    if int8:
        save_file(int8_tensors(model), os.path.join(out_dir, "model-int8.safetensors"), metadata=meta)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(model.config.to_json(), f, indent=1)
        f.write("\n")


def load_exported(directory: str) -> VLA:
    """The model a folder written by `export` holds (config.json + model.safetensors), in eval mode;
    the training-only goal head keeps its initial weights, as the export leaves it out."""
    from safetensors.numpy import load_file

    with open(os.path.join(directory, "config.json")) as f:
        model = VLA(VLAConfig.from_json(json.load(f)))
    state = {k: torch.from_numpy(v) for k, v in load_file(os.path.join(directory, "model.safetensors")).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected and all(k.startswith(TRAINING_ONLY_PREFIXES) for k in missing), (missing, unexpected)
    return model.eval()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="checkpoint.pt written by train.py")
    ap.add_argument("--out", required=True)
    ap.add_argument("--int8", action="store_true")
    a = ap.parse_args()
    ck = torch.load(a.checkpoint, map_location="cpu")
    model = VLA(VLAConfig.from_json(ck["config"]))
    model.load_state_dict(ck["state"], strict=False)
    export(model.eval(), a.out, int8=a.int8)


if __name__ == "__main__":
    main()
