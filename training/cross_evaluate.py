"""Held-out metrics of trained checkpoints on shards of any dataset, every checkpoint on every
dataset: tells a difference between two training runs (the model learned less) from one between
their datasets (the data differs), since a model scores alike on two datasets drawn alike. Read
each checkpoint on the other's data: on its own, most rows are ones it trained on.

    python3 training/cross_evaluate.py --checkpoints RUN_A/checkpoint.pt RUN_B/checkpoint.pt \
        --data DATA_A DATA_B [--shards 10 30 50 70]

Prints, per pair: teacher-forced token accuracy, the argmax chunk's position error and the goal
and objects heads' errors (mm), as train.py's validation does. The checkpoints (not the exported
folders) hold the training-only heads the localisation errors come from.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import VLA, VLAConfig  # noqa: E402
from train import Tensors, evaluate, load_datasets  # noqa: E402


def shard_subset(directory: str, shards: list[int], into: str) -> str:
    """A folder of links to the chosen shards of `directory` (a dataset reads every shard it holds)."""
    for k in shards:
        name = f"shard-{k:05d}.safetensors"
        source = os.path.join(directory, name)
        if not os.path.exists(source):
            raise SystemExit(f"cross_evaluate.py: {source}: no such shard")
        os.symlink(source, os.path.join(into, name))
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoints", nargs="+", required=True, metavar="CHECKPOINT")
    ap.add_argument("--data", nargs="+", required=True, metavar="DIR")
    ap.add_argument("--shards", nargs="+", type=int, default=[10, 30, 50, 70])
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as scratch:
        subsets = {d: shard_subset(d, args.shards, tempfile.mkdtemp(dir=scratch)) for d in args.data}
        for path in args.checkpoints:
            checkpoint = torch.load(path, map_location="cpu")
            config = VLAConfig.from_json(checkpoint["config"])
            for directory, subset in subsets.items():
                arrays, metadata = load_datasets([subset])
                data = Tensors(arrays, metadata, config)
                state = checkpoint["state"]
                if data.objects is None:  # recorded before the objects column: no objects error
                    state = {k: v for k, v in state.items() if not k.startswith("objects_head.")}
                head = state.get("objects_head.weight")
                model = VLA(config, objects=0 if head is None else head.shape[0] // 3)
                missing, unexpected = model.load_state_dict(state, strict=False)
                if missing or unexpected:
                    raise SystemExit(f"cross_evaluate.py: {path}: does not fit {directory} (missing {missing}, unexpected {unexpected})")
                r = evaluate(model, data, np.arange(len(arrays["step"])), config)
                objects = f", objects error {1000 * r['objects_error_m']:.1f} mm" if "objects_error_m" in r else ""
                print(f"{path} on {directory} ({len(arrays['step'])} rows): token accuracy {r['token_accuracy']:.3f}, "
                      f"position error {1000 * r['position_error_m']:.1f} mm, goal error {1000 * r['goal_error_m']:.1f} mm{objects}",
                      flush=True)


if __name__ == "__main__":
    main()
