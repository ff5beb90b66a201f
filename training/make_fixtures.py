"""Builds the Swift parity fixtures in Tests/VLATests/Fixtures/ (run from the repository root):

    python3 training/make_fixtures.py

A small seeded, randomly initialised model (d=64, 2 layers, 4 heads, small keypoint stems on both
cameras; the real input sizes) exported
exactly as training/export.py exports a trained one (model.safetensors, model-int8.safetensors,
config.json), plus reference.safetensors with 3 fixed inputs and, per case, the greedy tokens and the
logits of every action step teacher-forced with those tokens, for the F32 model and for the model
the int8 file stands for (its weights dequantised).

The init is wider than training's (std 0.02 would give near-tied logits, and a tie would make the
greedy tokens depend on float summation order); the script checks every step's top-2 margin.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np
import torch
from safetensors.numpy import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import VLA, VLAConfig, tokenize  # noqa: E402
from export import export, dequantised_model  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "VLATests", "Fixtures")
INSTRUCTIONS = ["put the red cube on the green pad", "touch the blue cube", "push the yellow cube to the left"]


def fixture_config() -> VLAConfig:
    return VLAConfig(d_model=64, layers=2, heads=4, mlp_ratio=4, front_patch=16, front_keypoints=4, wrist_keypoints=3,
                     stem_widths=[8, 12], goal_tokens=3, goal_low=[-0.2, -0.25, -0.15], goal_high=[0.25, 0.2, 0.1],
                     joints_mean=[0.1 * i for i in range(8)], joints_std=[0.5 + 0.1 * i for i in range(8)],
                     tool_mean=[0.25, 0.0, 0.1, 0.0], tool_std=[0.08, 0.1, 0.05, 1.5])


def widen_init(model: VLA, gen: torch.Generator) -> None:
    for name, p in model.named_parameters():
        if p.dim() == 4:  # convolutions; the keypoint maps get a larger gain so their softmax is peaked
            p.data = torch.randn(p.shape, generator=gen) / p[0].numel() ** 0.5 * (4 if ".points." in name else 1)
        elif name.endswith(("_kp_x", "_kp_y")):
            p.data = torch.randn(p.shape, generator=gen)
        elif p.dim() == 2 and ("embed" in name and "weight" in name and "front" not in name and "wrist" not in name
                             and "proprio" not in name):
            p.data = torch.randn(p.shape, generator=gen)
        elif p.dim() == 2 and name.endswith("weight"):
            p.data = torch.randn(p.shape, generator=gen) / p.shape[1] ** 0.5
        elif name.endswith("_pos") or name == "action_bos":
            p.data = torch.randn(p.shape, generator=gen) * 0.5
        elif "ln" in name and name.endswith("weight"):
            p.data = 1 + 0.2 * torch.randn(p.shape, generator=gen)
        else:
            p.data = 0.1 * torch.randn(p.shape, generator=gen)
    # A larger head spreads the logits so greedy picks are far from ties.
    model.head.weight.data *= 4


def case_inputs(rng: np.random.Generator, c: VLAConfig, instruction: str) -> dict[str, np.ndarray]:
    s = c.image_size
    return {
        "front": rng.integers(0, 256, (s, s, 3), dtype=np.uint8),
        "wrist": rng.integers(0, 256, (s, s, 3), dtype=np.uint8),
        "events": np.minimum(rng.poisson(0.8, (2, s, s)), 9).astype(np.uint8),
        "joints": rng.normal(0, 0.8, 8).astype(np.float32),
        "tool": np.array([0.2, -0.05, 0.12, 0.4], dtype=np.float32) + rng.normal(0, 0.03, 4).astype(np.float32),
        "words": np.array(tokenize(instruction, c), dtype=np.int32),
    }


def torch_batch(x: dict[str, np.ndarray], c: VLAConfig):
    words = np.zeros(c.max_words, dtype=np.int64)
    words[: len(x["words"])] = x["words"]
    return (torch.from_numpy(x["front"])[None], torch.from_numpy(x["wrist"])[None], torch.from_numpy(x["events"])[None],
            torch.from_numpy(x["joints"])[None], torch.from_numpy(x["tool"])[None], torch.from_numpy(words)[None])


def reference(model: VLA, batch) -> tuple[np.ndarray, np.ndarray]:
    tokens = model.greedy(*batch)
    with torch.no_grad():
        logits = model(*batch, tokens)
    return tokens[0].numpy().astype(np.int32), logits[0].numpy().astype(np.float32)


def main() -> None:
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1234)
    c = fixture_config()
    model = VLA(c)
    widen_init(model, gen)
    model.eval()
    export(model, OUT, int8=True, metadata={"purpose": "Swift parity fixture, random weights"})
    quant = dequantised_model(model)

    rng = np.random.default_rng(7)
    tensors: dict[str, np.ndarray] = {}
    agree = 0
    for i, instruction in enumerate(INSTRUCTIONS):
        x = case_inputs(rng, c, instruction)
        batch = torch_batch(x, c)
        tokens, logits = reference(model, batch)
        top2 = np.sort(logits, axis=1)[:, -2:]
        margin = float((top2[:, 1] - top2[:, 0]).min())
        assert margin > 1e-3, f"case {i}: greedy margin {margin} too small, change the seed"
        qtokens, qlogits = reference(quant, batch)
        agree += int((qtokens == tokens).sum())
        for k, v in x.items():
            tensors[f"case{i}.{k}"] = v
        tensors[f"case{i}.tokens"] = tokens
        tensors[f"case{i}.logits"] = logits
        tensors[f"case{i}.int8_tokens"] = qtokens
        tensors[f"case{i}.int8_logits"] = qlogits
        print(f"case {i}: tokens {tokens.tolist()} min top-2 margin {margin:.4f}; "
              f"int8 max |dlogit| {np.abs(qlogits - logits).max():.4f}, same tokens {(qtokens == tokens).sum()}/{len(tokens)}")
    save_file(tensors, os.path.join(OUT, "reference.safetensors"),
              metadata={"instructions": json.dumps(INSTRUCTIONS), "cases": str(len(INSTRUCTIONS))})
    print(f"int8 greedy tokens equal to F32: {agree}/{len(INSTRUCTIONS) * c.decode_tokens}")
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"fixtures: {total / 1e6:.2f} MB in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
