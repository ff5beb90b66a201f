"""Loads demonstrations recorded by `embody dataset generate` (format: training/README-dataset.md).

    from dataset import load_demonstrations
    arrays, metadata = load_demonstrations("/work/data/so101-v1")
    arrays["front"]   # u8 [N, 64, 64, 3], one row per 10 Hz planner tick
    arrays["target"]  # f32 [N, 5] the expert's waypoint: x, y, z, yaw, gripper

    python3 training/dataset.py /work/data/so101-v1     # prints a summary

Shards are joined in file order; rows of one episode stay contiguous and in step order, so an
action chunk of H waypoints 100 ms apart for row r is `target[r : r + H]` while `episode` is constant
(pad with the last row at the episode's end).
"""

from __future__ import annotations

import glob
import json
import os
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

FORMAT = "embody-demonstrations/1"
# Every row-aligned tensor of the format, with its dtype and per-row shape.
COLUMNS = {
    "front": (np.uint8, (64, 64, 3)),
    "wrist": (np.uint8, (64, 64, 3)),
    "events": (np.uint8, (2, 64, 64)),
    "joints": (np.float32, (8,)),
    "tool": (np.float32, (4,)),
    "target": (np.float32, (5,)),
    "yaw_free": (np.uint8, ()),
    "perturbed": (np.uint8, ()),
    "episode": (np.int32, ()),
    "step": (np.int32, ()),
    "instruction": (np.int32, ()),
    "success": (np.uint8, ()),
}
# Row-aligned tensors that newer runs add: loaded when every shard has them, with one shape.
# `objects`: f32 [N, K, 3], where each of the K objects named by the `objects` metadata entry is.
OPTIONAL_COLUMNS = {"objects": np.float32}


def shard_paths(directory: str) -> list[str]:
    paths = sorted(glob.glob(os.path.join(directory, "shard-*.safetensors")))
    if not paths:
        raise FileNotFoundError(f"{directory}: no shard-*.safetensors files")
    return paths


def read_metadata(path: str) -> dict:
    """A shard's __metadata__ with the JSON-valued entries decoded."""
    with safe_open(path, framework="numpy") as f:
        raw = f.metadata() or {}
    if raw.get("format") != FORMAT:
        raise ValueError(f"{path}: format {raw.get('format')!r}, expected {FORMAT!r}")
    meta = dict(raw)
    for key in ("instructions", "episodes", "joint_names", "cameras", "events", "objects"):
        if key in meta:
            meta[key] = json.loads(meta[key])
    return meta


def load_demonstrations(directory: str, successful_only: bool = True) -> tuple[dict[str, np.ndarray], dict]:
    """All shards of a dataset folder as one dict of arrays (rows of every episode, in shard order),
    and the merged metadata: `instructions` (the list the `instruction` column indexes), `episodes`
    (one dict per episode: index, seed, instruction, success, steps, outcome, duration,
    perturbations), and the robot, joint_names, scene, cameras and events entries of the first shard.
    With `successful_only`, rows of episodes the expert failed are dropped (and so are their entries
    in `episodes`)."""
    return load_folders([(directory, successful_only)])


def load_folders(sources: list[tuple[str, bool]]) -> tuple[dict[str, np.ndarray], dict]:
    """Several dataset folders as one, each given with its `successful_only`: episode indices of
    each folder are shifted past the earlier folders' (every run numbers its episodes from 0) and
    instructions are merged by text. The rows kept are counted first (from each shard's `success`
    column alone) and copied shard by shard into arrays allocated once, so loading needs about the
    data's size in memory, not twice it: the images are most of it."""
    # Per folder: whether it keeps successful episodes only, and per shard its path, metadata and
    # rows kept.
    plan: list[tuple[bool, list[tuple[str, dict, np.ndarray]]]] = []
    optional: dict[str, set] = {name: set() for name in OPTIONAL_COLUMNS}  # per-row shapes seen
    for directory, successful_only in sources:
        shards = []
        for path in shard_paths(directory):
            meta = read_metadata(path)
            with safe_open(path, framework="numpy") as f:
                if "success" not in f.keys():
                    raise ValueError(f"{path}: tensor 'success' missing")
                success = f.get_tensor("success")
                for name in OPTIONAL_COLUMNS:
                    optional[name].add(tuple(f.get_slice(name).get_shape()[1:]) if name in f.keys() else None)
            shards.append((path, meta, success == 1 if successful_only else np.ones(len(success), dtype=bool)))
        plan.append((successful_only, shards))
    total = int(sum(keep.sum() for _, shards in plan for *_, keep in shards))
    columns = dict(COLUMNS)
    for name, shapes in optional.items():
        if len(shapes) == 1 and None not in shapes:
            columns[name] = (OPTIONAL_COLUMNS[name], shapes.pop())
    arrays = {name: np.empty((total, *shape), dtype=dtype) for name, (dtype, shape) in columns.items()}
    instructions: list[str] = []
    episodes: list[dict] = []
    first: dict | None = None
    row, next_offset = 0, 0
    for successful_only, shards in plan:
        offset = next_offset
        for path, meta, keep in shards:
            first = first or meta
            tensors = load_file(path)
            for name, (dtype, shape) in columns.items():
                if name not in tensors:
                    raise ValueError(f"{path}: tensor {name!r} missing")
                t = tensors[name]
                if t.dtype != dtype or t.shape[1:] != shape or len(t) != len(keep):
                    raise ValueError(f"{path}: {name} is {t.dtype} {t.shape}, expected {np.dtype(dtype)} [{len(keep)}, {shape}]")
            remap = np.empty(len(meta["instructions"]), dtype=np.int32)
            for k, text in enumerate(meta["instructions"]):
                if text not in instructions:
                    instructions.append(text)
                remap[k] = instructions.index(text)
            tensors["instruction"] = remap[tensors["instruction"]]
            tensors["episode"] = tensors["episode"] + offset
            n = int(keep.sum())
            for name in columns:
                arrays[name][row:row + n] = tensors[name][keep]
            if n:
                next_offset = max(next_offset, int(arrays["episode"][row:row + n].max()) + 1)
            row += n
            episodes += [e for e in meta["episodes"] if e["success"] or not successful_only]
            del tensors  # before the next shard is read, so only one is held at a time
    metadata = {key: first[key] for key in ("format", "robot", "joint_names", "scene", "cameras", "events", "planner_hz", "frames")
                if key in first}
    if "objects" in arrays:
        metadata["objects"] = first["objects"]
    metadata["instructions"] = instructions
    metadata["episodes"] = episodes
    return arrays, metadata


def summary(arrays: dict[str, np.ndarray], metadata: dict) -> str:
    episodes = metadata["episodes"]
    n = len(arrays["step"])
    lines = [
        f"{len(episodes)} episodes, {n} rows (planner ticks at {metadata.get('planner_hz', '10')} Hz), "
        f"robot {metadata.get('robot')}, {len(metadata['instructions'])} instructions",
    ]
    succeeded = sum(1 for e in episodes if e["success"])
    lines.append(f"expert successes: {succeeded}/{len(episodes)}; episodes with perturbations: "
                 f"{sum(1 for e in episodes if e.get('perturbations', 0) > 0)}; perturbed rows: {int(arrays['perturbed'].sum())}")
    for name in COLUMNS:
        a = arrays[name]
        lines.append(f"  {name:<12} {str(a.dtype):<8} {list(a.shape)}")
    if n:
        steps = np.array([e["steps"] for e in episodes])
        lines.append(f"steps per episode: min {steps.min()}, median {int(np.median(steps))}, max {steps.max()}")
        t = arrays["target"]
        lines.append("target ranges: " + ", ".join(
            f"{d} {t[:, k].min():.3f}…{t[:, k].max():.3f}" for k, d in enumerate(["x", "y", "z", "yaw", "gripper"])))
        rate = (arrays["events"].reshape(n, -1).astype(np.int64).sum(axis=1)).mean()
        lines.append(f"events per row (100 ms, 64x64): mean {rate:.0f}")
    counts: dict[str, int] = {}
    for index in arrays["instruction"][arrays["step"] == 0]:
        text = metadata["instructions"][index]
        counts[text] = counts.get(text, 0) + 1
    for text, count in sorted(counts.items()):
        lines.append(f"  {count:5d}  {text}")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--all"):
        print("usage: python3 training/dataset.py DIR [--all]   (--all keeps failed episodes)", file=sys.stderr)
        sys.exit(2)
    try:
        arrays, metadata = load_demonstrations(sys.argv[1], successful_only=len(sys.argv) == 2)
    except (FileNotFoundError, ValueError) as error:
        print(f"dataset.py: {error}", file=sys.stderr)
        sys.exit(2)
    print(summary(arrays, metadata))
