"""Trains the Embody VLA on demonstrations recorded by `embody dataset generate`.

    python3 training/train.py --data /work/data/so101-v1 [/work/data/so101-v2b …] --out models/vla-v1/ [--epochs 4 --seed 0 --max-minutes 45]
    python3 training/train.py --make-synthetic /tmp/vla-synth --episodes 60   # a tiny stand-in dataset

Reads the shards with training/dataset.py (successful episodes only), labels row t with the chunk
target[t], ..., target[t+H-1] of the same episode (the last row repeated past the end), bins it into
tokens (x, y, z, yaw as offsets from the current tool pose; gripper absolute; ranges measured on the
data and stored in config.json), labels the auxiliary goal head (model.py) with goal_rows, and trains with AdamW and a warmup + cosine schedule, seeded and
deterministic on 2 CPU threads. Holds out ~5% of episodes for validation (drawn by --val-seed, the same whatever --seed). Writes to --out:
model.safetensors, model-int8.safetensors, config.json (training/export.py), checkpoint.pt,
training_curve.png and train_log.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import VLA, VLAConfig, GOAL_SCALE, TRAINING_ONLY_PREFIXES, tokenize, actions_to_tokens, tokens_to_actions, goal_to_tokens, tokens_to_goal, count_parameters, flops_per_predict  # noqa: E402
from export import export, dequantised_model, load_exported  # noqa: E402


# ---- data -------------------------------------------------------------------------------------------

def chunk_rows(episode: np.ndarray, horizon: int) -> np.ndarray:
    """[N, H] row indices of each row's chunk: r, r+1, ... clipped to the last row of r's episode.
    Rows of an episode are contiguous and in step order (dataset.py guarantees it)."""
    n = len(episode)
    last = np.empty(n, dtype=np.int64)
    end = n - 1
    for r in range(n - 1, -1, -1):
        if r < n - 1 and episode[r] != episode[r + 1]:
            end = r
        last[r] = end
    idx = np.arange(n)[:, None] + np.arange(horizon)[None, :]
    return np.minimum(idx, last[:, None])


def goal_rows(episode: np.ndarray, gripper: np.ndarray) -> np.ndarray:
    """[N] the row whose target is row r's goal: the first later row of r's episode where the
    gripper command changes (a grasp or a release: the cube's or the pad's position), else the
    episode's last row (where a reach or a push ends)."""
    n = len(episode)
    goal = np.empty(n, dtype=np.int64)
    for r in range(n - 1, -1, -1):
        if r == n - 1 or episode[r + 1] != episode[r]:
            goal[r] = r
        elif gripper[r + 1] != gripper[r]:
            goal[r] = r + 1
        else:
            goal[r] = goal[r + 1]
    return goal


def goal_offsets(arrays: dict) -> np.ndarray:
    """[N, 3] each row's goal (goal_rows) as an offset from its tool position, metres."""
    goal = arrays["target"][goal_rows(arrays["episode"], arrays["target"][:, 4]), :3]
    return (goal - arrays["tool"][:, :3]).astype(np.float32)


def load_datasets(directories: list[str], learner_directories: list[str] = ()) -> tuple[dict, dict]:
    """Several dataset folders as one (`dataset.load_folders`). Expert folders keep successful
    episodes only; folders a learner drove in (`--learner`, DAgger) keep every episode, since the
    expert labelled every row wherever the learner took the arm."""
    from dataset import load_folders

    return load_folders([(d, d not in learner_directories) for d in [*directories, *learner_directories]])


def relative_values(chunk: np.ndarray, tool: np.ndarray, relative: list[bool]) -> np.ndarray:
    v = chunk.copy()
    for k in range(4):
        if relative[k]:
            v[..., k] -= tool[:, None, k]
    if relative[3]:
        v[..., 3] = np.remainder(v[..., 3] + np.pi, 2 * np.pi) - np.pi
    return v


def fit_ranges(values: np.ndarray) -> tuple[list[float], list[float]]:
    """Per dim [low, high]: the 0.2/99.8 percentiles widened by 10% (at least ±1 cm / ±0.05 rad
    around 0 for the relative dims), the gripper fixed to [0, 1]."""
    flat = values.reshape(-1, values.shape[-1])
    low, high = [], []
    for k in range(flat.shape[1]):
        if k == 4:
            low.append(0.0), high.append(1.0)
            continue
        lo, hi = np.percentile(flat[:, k], [0.2, 99.8])
        margin = 0.1 * (hi - lo)
        floor = 0.05 if k == 3 else 0.01
        low.append(float(min(lo - margin, -floor)))
        high.append(float(max(hi + margin, floor)))
    return low, high


def normalisation(x: np.ndarray) -> tuple[list[float], list[float]]:
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std = np.where(std > 1e-4, std, 1.0)
    return [float(v) for v in mean], [float(v) for v in std]


class Tensors:
    """The whole dataset as torch tensors (uint8 images stay uint8: 50k rows is ~2 GB)."""

    def __init__(self, arrays: dict, metadata: dict, config: VLAConfig):
        self.front = torch.from_numpy(arrays["front"])
        self.wrist = torch.from_numpy(arrays["wrist"])
        self.events = torch.from_numpy(arrays["events"])
        self.joints = torch.from_numpy(arrays["joints"].astype(np.float32))
        self.tool = torch.from_numpy(arrays["tool"].astype(np.float32))
        rows = chunk_rows(arrays["episode"], config.horizon)
        chunks = torch.from_numpy(arrays["target"][rows].astype(np.float32))
        offsets = goal_offsets(arrays)
        self.tokens = actions_to_tokens(chunks, self.tool, config)
        if config.goal_tokens:
            self.tokens = torch.cat([goal_to_tokens(torch.from_numpy(offsets), config), self.tokens], dim=1)
        words = np.zeros((len(metadata["instructions"]), config.max_words), dtype=np.int64)
        for k, text in enumerate(metadata["instructions"]):
            ids = tokenize(text, config)
            words[k, : len(ids)] = ids
        self.words = torch.from_numpy(words[arrays["instruction"]])
        self.chunks = chunks
        self.goal = torch.from_numpy(offsets / GOAL_SCALE)
        # [N, K, 3] every object's offset from the tool (GOAL_SCALE units), if the data has them.
        self.objects = None if "objects" not in arrays else torch.from_numpy(
            ((arrays["objects"] - arrays["tool"][:, None, :3]) / GOAL_SCALE).astype(np.float32))

    def batch(self, index: torch.Tensor):
        return (self.front[index], self.wrist[index], self.events[index], self.joints[index], self.tool[index],
                self.words[index], self.tokens[index], self.goal[index])


def augment(front, wrist, events, gen: torch.Generator, front_shift: int = 0, wrist_shift: int = 3, jitter: float = 0.1,
            event_dropout: float = 0.0):
    """Random shifts of up to `front_shift` / `wrist_shift` pixels (front and its events together,
    so they stay aligned; wrist on its own; edge-replicated) and per-image brightness/contrast
    jitter. The front camera is fixed to the base, so a shifted front image moves the cube against
    the proprioceptive tool pose: at 64 px a 3 px shift is ~3 cm, the grasp's whole margin.
    Hence no front shift by default. The wrist camera moves with the tool, so where the cube sits in
    its image is where it sits relative to the jaws: at grasp height 3 px is 4–8 mm, and a shifted
    wrist image leaves only the cube-to-jaws offset in the picture to align the grasp with.

    `event_dropout` blanks the event frame of that share of the rows. In expert data the events
    (the arm's own motion) give away the action: a moving arm keeps going where it goes, an arm at
    rest has arrived. A model that learns that shortcut stops wherever it comes to rest; rows
    without events take the shortcut away. (0 draws no random numbers: runs without it are
    unchanged.)"""
    def shifted(x: torch.Tensor, dy: torch.Tensor, dx: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        ys = (torch.arange(h)[None, :] - dy[:, None]).clamp(0, h - 1)
        xs = (torch.arange(w)[None, :] - dx[:, None]).clamp(0, w - 1)
        bi = torch.arange(b)[:, None, None]
        return x.permute(0, 2, 3, 1)[bi, ys[:, :, None], xs[:, None, :]].permute(0, 3, 1, 2)

    b = front.shape[0]
    dy, dx = (torch.randint(-front_shift, front_shift + 1, (b,), generator=gen) for _ in range(2))
    f = shifted(front.permute(0, 3, 1, 2), dy, dx)
    e = shifted(events, dy, dx)
    wy, wx = (torch.randint(-wrist_shift, wrist_shift + 1, (b,), generator=gen) for _ in range(2))
    w = shifted(wrist.permute(0, 3, 1, 2), wy, wx)

    def colour(x: torch.Tensor) -> torch.Tensor:
        gain = 1 + jitter * (2 * torch.rand(b, 1, 1, 1, generator=gen) - 1)
        bias = 255 * jitter * 0.5 * (2 * torch.rand(b, 1, 1, 1, generator=gen) - 1)
        return (x.float() * gain + bias).round().clamp(0, 255).to(torch.uint8)

    if event_dropout > 0:
        e = e * (torch.rand(b, 1, 1, 1, generator=gen) >= event_dropout).to(e.dtype)
    return colour(f).permute(0, 2, 3, 1).contiguous(), colour(w).permute(0, 2, 3, 1).contiguous(), e.contiguous()


# ---- training -----------------------------------------------------------------------------------------

def starting_weights(path: str) -> dict:
    """`--init`'s weights as a checkpoint dict: a checkpoint.pt as saved, or an exported folder, whose
    goal and objects heads (training-only, left out of the export) start from fresh weights; so a
    fine-tune can start from the model in git, whose checkpoint.pt is not committed. (A DAgger round
    from either scored the same in closed loop: BENCHMARKS, "A third DAgger round".)"""
    if os.path.isdir(path):
        model = load_exported(path)
        return {"config": model.config.to_json(), "state": model.state_dict()}
    return torch.load(path, map_location="cpu")


def learning_rate(step: int, total: int, peak: float, warmup: int) -> float:
    if step < warmup:
        return peak * (step + 1) / warmup
    p = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * p)))


@torch.no_grad()
def evaluate(model: VLA, data: Tensors, rows: np.ndarray, config: VLAConfig, batch: int = 256) -> dict:
    """Teacher-forced loss and token accuracy, the mean position error of the argmax chunk (m), the
    goal head's mean error (m): how well the encoder localises the cube or pad, with the objects
    head its mean error per object (m), and with goal tokens the argmax goal's error (m)."""
    model.eval()
    loss_sum, correct, count, position_error, goal_error, objects_error, goal_token_error = 0.0, 0, 0, 0.0, 0.0, 0.0, 0.0
    for start in range(0, len(rows), batch):
        index = torch.from_numpy(rows[start : start + batch])
        front, wrist, events, joints, tool, words, tokens, goal = data.batch(index)
        logits, goal_estimate, objects_estimate = model.forward_with_heads(front, wrist, events, joints, tool, words, tokens)
        goal_error += GOAL_SCALE * (goal_estimate - goal).norm(dim=-1).sum().item()
        if objects_estimate is not None:
            objects_error += GOAL_SCALE * (objects_estimate - data.objects[index]).norm(dim=-1).mean(dim=1).sum().item()
        loss_sum += F.cross_entropy(logits.reshape(-1, config.bins), tokens.reshape(-1), reduction="sum").item()
        predicted = logits.argmax(-1)
        correct += (predicted == tokens).sum().item()
        count += tokens.numel()
        decoded = tokens_to_actions(predicted, tool, config)
        position_error += (decoded[..., :3] - data.chunks[index][..., :3]).norm(dim=-1).mean(dim=1).sum().item()
        if config.goal_tokens:
            goal_token_error += (tokens_to_goal(predicted, config) - GOAL_SCALE * goal).norm(dim=-1).sum().item()
    model.train()
    result = {"loss": loss_sum / max(1, count), "token_accuracy": correct / max(1, count),
              "position_error_m": position_error / max(1, len(rows)), "goal_error_m": goal_error / max(1, len(rows))}
    if model.objects_head is not None:
        result["objects_error_m"] = objects_error / max(1, len(rows))
    if config.goal_tokens:
        result["goal_token_error_m"] = goal_token_error / max(1, len(rows))
    return result


def plot_curve(log: dict, path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    steps = [r["step"] for r in log["train"]]
    a.plot(steps, [r["loss"] for r in log["train"]], label="train")
    a.plot([r["step"] for r in log["val"]], [r["loss"] for r in log["val"]], "o-", label="validation")
    a.set_xlabel("step"), a.set_ylabel("cross-entropy per token"), a.set_yscale("log"), a.legend(), a.grid(alpha=0.3)
    b.plot(steps, [r["token_accuracy"] for r in log["train"]], label="train")
    b.plot([r["step"] for r in log["val"]], [r["token_accuracy"] for r in log["val"]], "o-", label="validation")
    b.set_xlabel("step"), b.set_ylabel("token accuracy"), b.set_ylim(0, 1), b.legend(), b.grid(alpha=0.3)
    fig.suptitle(f"VLA training: {log['parameters'] / 1e6:.2f} M parameters, {log['rows_train']} rows")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def train(args) -> dict:
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    started = time.time()
    arrays, metadata = load_datasets(args.data, args.learner_data)
    if len(arrays["step"]) == 0:
        raise SystemExit(f"train.py: {args.data}: no rows of successful episodes")
    config = VLAConfig(d_model=args.d_model, layers=args.layers, heads=args.heads, mlp_ratio=args.mlp_ratio, horizon=args.horizon,
                       front_patch=args.front_patch, front_keypoints=args.front_keypoints, wrist_keypoints=args.wrist_keypoints)
    rows_all = chunk_rows(arrays["episode"], config.horizon)
    rel = relative_values(arrays["target"][rows_all], arrays["tool"], config.action_relative)
    config.action_low, config.action_high = fit_ranges(rel)
    config.joints_mean, config.joints_std = normalisation(arrays["joints"])
    config.tool_mean, config.tool_std = normalisation(arrays["tool"])
    if args.goal_tokens:
        config.goal_tokens = 3
        config.goal_low, config.goal_high = fit_ranges(goal_offsets(arrays)[:, None, :])
    start = starting_weights(args.init) if args.init else None
    if start is not None:
        # The starting weights were trained with their own bins and normalisation: keep them (a
        # DAgger round's rows lie within the old ranges, which fit_ranges widened by 10 %).
        old = VLAConfig.from_json(start["config"])
        config.action_low, config.action_high = old.action_low, old.action_high
        config.joints_mean, config.joints_std = old.joints_mean, old.joints_std
        config.tool_mean, config.tool_std = old.tool_mean, old.tool_std
        if config.goal_tokens and old.goal_tokens:
            config.goal_low, config.goal_high = old.goal_low, old.goal_high
    data = Tensors(arrays, metadata, config)

    # Hold out whole episodes, drawn by --val-seed, not --seed: runs that differ in --seed (a
    # reproduction, a second pass from a checkpoint) must validate on the same unseen episodes.
    episodes = np.unique(arrays["episode"])
    rng = np.random.default_rng(args.val_seed)
    held = set(rng.choice(episodes, size=max(1, int(round(args.val_fraction * len(episodes)))), replace=False).tolist())
    is_val = np.isin(arrays["episode"], list(held))
    train_rows, val_rows = np.nonzero(~is_val)[0], np.nonzero(is_val)[0]
    print(f"{len(train_rows)} train rows, {len(val_rows)} validation rows ({len(held)} of {len(episodes)} episodes), "
          f"loaded in {time.time() - started:.0f} s", flush=True)

    objects = 0
    if args.objects_weight > 0:
        if data.objects is None:
            raise SystemExit(f"train.py: --objects-weight needs the objects column, which {args.data} lacks (recorded since dataset generate added it)")
        objects = data.objects.shape[1]
    model = VLA(config, objects=objects)
    if start is not None:
        state = {k: v for k, v in start["state"].items() if not k.startswith(TRAINING_ONLY_PREFIXES) or k in model.state_dict()}
        missing, unexpected = model.load_state_dict(state, strict=False)
        if unexpected or any(not k.startswith(TRAINING_ONLY_PREFIXES) for k in missing):
            raise SystemExit(f"train.py: --init {args.init}: not this architecture (missing {missing}, unexpected {unexpected})")
    params = count_parameters(model)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "pos" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "pos" not in n)]
    optimiser = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95))
    steps_per_epoch = max(1, len(train_rows) // args.batch)
    planned = total = args.epochs * steps_per_epoch
    gen = torch.Generator().manual_seed(args.seed)
    log = {"args": vars(args), "parameters": params, "flops": flops_per_predict(config), "rows_train": int(len(train_rows)),
           "rows_val": int(len(val_rows)), "episodes": int(len(episodes)), "train": [], "val": []}
    print(f"model: {params / 1e6:.3f} M parameters, {flops_per_predict(config)['total_macs'] / 1e6:.0f} M MACs per predict; "
          f"planned {total} steps ({args.epochs} epochs of {steps_per_epoch})", flush=True)

    train_start = time.time()
    step, running_loss, running_acc, running_n = 0, 0.0, 0.0, 0
    budget = args.max_minutes * 60
    done = False
    while not done:
        order = torch.randperm(len(train_rows), generator=gen)
        for b in range(steps_per_epoch):
            index = torch.from_numpy(train_rows[order[b * args.batch : (b + 1) * args.batch].numpy()])
            front, wrist, events, joints, tool, words, tokens, goal = data.batch(index)
            if args.augment:
                front, wrist, events = augment(front, wrist, events, gen, front_shift=args.front_shift, wrist_shift=args.wrist_shift,
                                                 event_dropout=args.event_dropout)
            for group in optimiser.param_groups:
                group["lr"] = learning_rate(step, total, args.lr, args.warmup)
            logits, goal_estimate, objects_estimate = model.forward_with_heads(front, wrist, events, joints, tool, words, tokens)
            token_loss = F.cross_entropy(logits.reshape(-1, config.bins), tokens.reshape(-1), label_smoothing=args.label_smoothing)
            loss = token_loss + args.goal_weight * F.smooth_l1_loss(goal_estimate, goal) if args.goal_weight > 0 else token_loss
            if objects_estimate is not None:
                loss = loss + args.objects_weight * F.smooth_l1_loss(objects_estimate, data.objects[index])
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            running_loss += token_loss.item()  # the curve's "cross-entropy per token", as validation's
            running_acc += (logits.argmax(-1) == tokens).float().mean().item()
            running_n += 1
            step += 1
            elapsed = time.time() - train_start
            if step == 20 or step % 50 == 0:
                # Fit the schedule to the time budget (10% kept for evaluation and export); the
                # machine is shared, so the estimate is refreshed as the run goes.
                fit = step + int((budget * 0.9 - (time.time() - started)) / (elapsed / step))
                fitted = max(step + 1, min(planned, fit))
                if fitted != total:
                    print(f"time budget: schedule of {total} steps now {fitted} (planned {planned})", flush=True)
                    total = fitted
            if step % args.log_every == 0 or step == total:
                log["train"].append({"step": step, "loss": running_loss / running_n, "token_accuracy": running_acc / running_n,
                                     "lr": optimiser.param_groups[0]["lr"], "seconds": elapsed})
                running_loss, running_acc, running_n = 0.0, 0.0, 0
            if step % args.eval_every == 0 or step == total:
                v = evaluate(model, data, val_rows, config)
                v.update(step=step, seconds=time.time() - train_start)
                log["val"].append(v)
                last = log["train"][-1] if log["train"] else {"loss": float("nan"), "token_accuracy": float("nan")}
                print(f"step {step}/{total} {elapsed:.0f} s: train loss {last['loss']:.3f} acc {last['token_accuracy']:.3f}; "
                      f"val loss {v['loss']:.3f} acc {v['token_accuracy']:.3f} position error {1000 * v['position_error_m']:.1f} mm, "
                      f"goal error {1000 * v['goal_error_m']:.1f} mm"
                      + (f", objects error {1000 * v['objects_error_m']:.1f} mm" if "objects_error_m" in v else "")
                      + (f", goal token error {1000 * v['goal_token_error_m']:.1f} mm" if "goal_token_error_m" in v else ""),
                      flush=True)
            if step >= total:
                done = True
                break

    log["train_seconds"] = time.time() - train_start
    log["steps"] = step
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    torch.save({"config": config.to_json(), "state": model.state_dict()}, os.path.join(args.out, "checkpoint.pt"))
    export(model, args.out, int8=True, metadata={"data": ",".join(os.path.abspath(d) for d in [*args.data, *args.learner_data]), "seed": str(args.seed),
                                                 "steps": str(step)})
    q = evaluate(dequantised_model(model), data, val_rows, config)
    log["val_int8"] = q
    log["config"] = config.to_json()
    with open(os.path.join(args.out, "train_log.json"), "w") as f:
        json.dump(log, f, indent=1)
    plot_curve(log, os.path.join(args.out, "training_curve.png"))
    final = log["val"][-1]
    print(f"done: {step} steps in {log['train_seconds'] / 60:.1f} min; val acc {final['token_accuracy']:.3f} "
          f"(int8 {q['token_accuracy']:.3f}), position error {1000 * final['position_error_m']:.1f} mm; wrote {args.out}", flush=True)
    return log


# ---- a synthetic stand-in dataset -----------------------------------------------------------------

COLOURS = {"red": (200, 40, 40), "yellow": (220, 200, 40), "blue": (40, 60, 200)}


def write_synthetic_dataset(directory: str, episodes: int, seed: int, shards: int = 2) -> None:
    """Toy episodes in the real format (embody-demonstrations/1): three coloured cubes and a green pad
    drawn top-down on a grey table; the tool moves toward the named cube (and to the pad after a
    grasp for put/place/move). Validates the pipeline end to end; says nothing about the real task."""
    from safetensors.numpy import save_file

    rng = np.random.default_rng(seed)
    templates = (["put the {c} cube on the green pad", "place the {c} cube onto the green pad", "move the {c} cube on the green pad",
                  "touch the {c} cube", "reach the {c} cube"])
    os.makedirs(directory, exist_ok=True)
    size = 64

    def to_px(x, y):  # table x in [0.1, 0.4], y in [-0.15, 0.15] → pixels
        return int((y + 0.15) / 0.3 * (size - 1)), int((0.4 - x) / 0.3 * (size - 1))

    def render(cubes, pad, tool, closed):
        img = np.full((size, size, 3), 120, dtype=np.uint8)
        px, py = to_px(*pad)
        img[max(0, py - 5):py + 6, max(0, px - 5):px + 6] = (40, 170, 60)
        for name, (cx, cy) in cubes.items():
            px, py = to_px(cx, cy)
            img[max(0, py - 3):py + 4, max(0, px - 3):px + 4] = COLOURS[name]
        px, py = to_px(tool[0], tool[1])
        shade = 20 if closed else 240
        img[max(0, py - 1):py + 2, max(0, px - 1):px + 2] = shade
        return img

    per_shard = math.ceil(episodes / shards)
    all_instructions = sorted({t.format(c=c) for t in templates for c in COLOURS})
    for s in range(shards):
        rows = {k: [] for k in ("front", "wrist", "events", "joints", "tool", "target", "yaw_free", "perturbed", "episode", "step",
                                "instruction", "success")}
        meta_episodes = []
        for e in range(s * per_shard, min(episodes, (s + 1) * per_shard)):
            cubes = {n: (rng.uniform(0.15, 0.35), rng.uniform(-0.12, 0.12)) for n in COLOURS}
            pad = (rng.uniform(0.15, 0.35), rng.uniform(-0.12, 0.12))
            colour = rng.choice(list(COLOURS))
            text = rng.choice(templates).format(c=colour)
            goal_cube = np.array([*cubes[colour], 0.02])
            tool = np.array([0.25, 0.0, 0.15, 0.0])
            carrying = text.split()[0] in ("put", "place", "move")
            phase, previous, steps = 0, None, 0
            for t in range(40):
                goal = goal_cube if phase == 0 else np.array([*pad, 0.05])
                delta = goal - tool[:3]
                step_len = min(0.03, np.linalg.norm(delta))
                target_pos = tool[:3] + (delta / (np.linalg.norm(delta) + 1e-9)) * step_len
                closed = float(phase == 1)
                if phase == 0 and np.linalg.norm(delta) < 0.005:
                    phase = 1 if carrying else 2
                    closed = float(carrying)
                elif phase == 1 and np.linalg.norm(delta) < 0.005:
                    phase, closed = 2, 0.0
                cube_pos = dict(cubes)
                if phase == 1:
                    cube_pos[colour] = (tool[0], tool[1])
                front = render(cube_pos, pad, tool, closed > 0.5)
                gray = front.mean(axis=2)
                events = np.zeros((2, size, size), dtype=np.uint8)
                if previous is not None:
                    d = gray - previous
                    events[0] = np.clip(d / 15, 0, 9).astype(np.uint8)
                    events[1] = np.clip(-d / 15, 0, 9).astype(np.uint8)
                previous = gray
                cx, cy = to_px(tool[0], tool[1])
                padded = np.pad(front, ((16, 16), (16, 16), (0, 0)), mode="edge")
                wrist = np.kron(padded[cy:cy + 32, cx:cx + 32], np.ones((2, 2, 1), dtype=np.uint8))
                rows["front"].append(front), rows["wrist"].append(wrist), rows["events"].append(events)
                rows["joints"].append(np.concatenate([tool[:3] * 3, [tool[3], closed], np.zeros(3)]).astype(np.float32))
                rows["tool"].append(tool.astype(np.float32))
                rows["target"].append(np.array([*target_pos, tool[3], closed], dtype=np.float32))
                rows["yaw_free"].append(1), rows["perturbed"].append(0)
                rows["episode"].append(e), rows["step"].append(t)
                rows["instruction"].append(all_instructions.index(text)), rows["success"].append(1)
                tool = np.array([*target_pos, tool[3]])
                steps += 1
                if phase == 2:
                    break
            meta_episodes.append({"index": e, "seed": int(seed * 1000 + e), "instruction": text, "success": True, "steps": steps})
        tensors = {k: np.stack(v) if k in ("front", "wrist", "events", "joints", "tool", "target") else np.array(v)
                   for k, v in rows.items()}
        for k, dtype in (("yaw_free", np.uint8), ("perturbed", np.uint8), ("success", np.uint8), ("episode", np.int32),
                         ("step", np.int32), ("instruction", np.int32)):
            tensors[k] = tensors[k].astype(dtype)
        meta = {"format": "embody-demonstrations/1", "instructions": json.dumps(all_instructions),
                "episodes": json.dumps(meta_episodes), "robot": "synthetic", "joint_names": json.dumps([f"j{k}" for k in range(8)])}
        save_file(tensors, os.path.join(directory, f"shard-{s:05d}.safetensors"), metadata=meta)
    print(f"wrote {episodes} synthetic episodes to {directory}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", help="dataset folder(s) of shard-*.safetensors (several are merged)")
    ap.add_argument("--learner-data", nargs="+", default=[], metavar="DIR",
                    help="dataset folder(s) recorded with --learner (DAgger): failed episodes are kept too")
    ap.add_argument("--init", metavar="CHECKPOINT|MODEL_DIR",
                    help="start from these weights (same architecture) instead of random ones: a checkpoint.pt, or a "
                         "folder written by export (config.json + model.safetensors, e.g. the shipped models/so101-vla)")
    ap.add_argument("--out", help="output folder, e.g. models/vla-v1/")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float, default=45.0, help="wall-clock budget; the schedule is shortened to fit")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--label-smoothing", type=float, default=0.0)
    ap.add_argument("--no-augment", dest="augment", action="store_false")
    ap.add_argument("--front-shift", type=int, default=0, help="random shift of the front image, pixels (see augment)")
    ap.add_argument("--wrist-shift", type=int, default=3, help="random shift of the wrist image, pixels (see augment)")
    ap.add_argument("--event-dropout", type=float, default=0.0, help="share of rows whose event frame is blanked (see augment)")
    ap.add_argument("--goal-weight", type=float, default=1.0, help="weight of the auxiliary goal regression (0: off)")
    ap.add_argument("--objects-weight", type=float, default=0.0,
                    help="weight of the auxiliary regression of every object's place (0: off; needs the data's objects column)")
    ap.add_argument("--goal-tokens", action="store_true",
                    help="decode a sub-goal (3 tokens: where the tool will be at the next grasp or release) before the waypoints")
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--mlp-ratio", type=int, default=4)
    ap.add_argument("--horizon", type=int, default=4)
    ap.add_argument("--front-patch", type=int, default=16, help="patch side of the front image + events grid")
    ap.add_argument("--front-keypoints", type=int, default=16, help="soft-argmax keypoints of the front stem (0: no stem)")
    ap.add_argument("--wrist-keypoints", type=int, default=8, help="soft-argmax keypoints of the wrist stem (0: no stem)")
    ap.add_argument("--val-fraction", type=float, default=0.05)
    ap.add_argument("--val-seed", type=int, default=0, help="seed of the held-out episodes (kept apart from --seed)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--make-synthetic", metavar="DIR", help="write a synthetic dataset to DIR and exit")
    ap.add_argument("--episodes", type=int, default=60, help="episodes for --make-synthetic")
    args = ap.parse_args()
    if args.make_synthetic:
        write_synthetic_dataset(args.make_synthetic, args.episodes, args.seed)
        return
    if not args.data or not args.out:
        ap.error("--data and --out are required")
    train(args)


if __name__ == "__main__":
    main()
