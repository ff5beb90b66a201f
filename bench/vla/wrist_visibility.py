"""How often the wrist camera sees the cube the instruction names, by how far the tool still has to
go to the expert's target. Compares two datasets recorded from the same seeds (so the same states)
with different wrist camera mounts:

    python3 bench/vla/wrist_visibility.py /work/data/so101-v3 /work/data/so101-v4

Counts only red and blue cubes: the arm's printed parts render in the yellow cube's hues. A cube is
"seen" when at least 4 of the 64×64 wrist pixels have its colour.
"""

import os
import sys

import numpy as np
from safetensors import safe_open

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "training"))
from dataset import read_metadata, shard_paths  # noqa: E402

BANDS = [(0.0, 0.01), (0.01, 0.02), (0.02, 0.04), (0.04, 0.08), (0.08, 1.0)]


def cube_pixels(wrist: np.ndarray, colour: str) -> np.ndarray:
    """[N] pixels of the colour per image (uint8 RGB [N, 64, 64, 3])."""
    r, g, b = (wrist[..., k].astype(np.int16) for k in range(3))
    if colour == "red":
        mask = (r > 100) & (g < 60) & (b < 60) & (r > 2 * g)
    else:
        mask = (b > 100) & (r < 60) & (g < 90) & (b > 2 * r)
    return mask.reshape(len(wrist), -1).sum(axis=1)


def visibility(folder: str) -> dict:
    seen = {band: [0, 0] for band in BANDS}
    for path in shard_paths(folder):
        colours = [text.split(" the ")[1].split()[0] for text in read_metadata(path)["instructions"]]
        with safe_open(path, framework="numpy") as f:
            instruction = f.get_tensor("instruction")
            to_go = np.linalg.norm(f.get_tensor("target")[:, :3] - f.get_tensor("tool")[:, :3], axis=1)
            wrist = f.get_tensor("wrist")
        for colour in ("red", "blue"):
            rows = np.array([colours[k] == colour for k in instruction])
            visible = cube_pixels(wrist[rows], colour) >= 4
            for band in BANDS:
                inside = (to_go[rows] >= band[0]) & (to_go[rows] < band[1])
                seen[band][0] += int(visible[inside].sum())
                seen[band][1] += int(inside.sum())
    return seen


def main() -> None:
    results = [visibility(folder) for folder in sys.argv[1:]]
    print("tool to target   " + "   ".join(f"{os.path.basename(os.path.normpath(folder)):>16s}" for folder in sys.argv[1:]))
    for band in BANDS:
        cells = [f"{100 * r[band][0] / max(1, r[band][1]):5.1f} % of {r[band][1]:6d}" for r in results]
        print(f"{100 * band[0]:3.0f}-{100 * band[1]:3.0f} cm       " + "   ".join(f"{c:>16s}" for c in cells))


if __name__ == "__main__":
    main()
