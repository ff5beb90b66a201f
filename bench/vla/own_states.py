"""Does the policy move where the expert would, on the states it reaches itself, and what does it
take its action from? Greedy first waypoints (PyTorch, the reference model), two tables:

  1. rows a DAgger run recorded while MODEL drove (`perturbed` = 1), labelled by the expert: how
     often the model's first waypoint is under 5 mm from the tool where the expert says to move at
     least 3 cm (a stall), and its median error;
  2. the expert's own rows: at step 0 (the arm at rest in the ready pose) and mid-approach (tool
     more than 3 cm from the target), with the event frame as recorded and blanked; and, with the
     events as recorded, the median error of the goal head (where the tool will be at the next
     gripper change) and, for a checkpoint trained with --objects-weight on data with the objects
     column, of the objects head's estimate of the named cube: how well the encoder finds it; for a
     model trained with --goal-tokens, also the error of the goal it decodes greedily (blanked events).

    python3 bench/vla/own_states.py models/so101-vla /work/data/so101-v4-dagger1 /work/data/so101-v4

MODEL is a checkpoint.pt or an exported folder; LEARNER_DATA "-" skips the first table. Reads the
first 4 shards of the learner data and the last 3 of the expert data; CPU, about 3 minutes.
"""

import os
import sys

import numpy as np
import torch
from safetensors.numpy import load_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "training"))
from dataset import read_metadata, shard_paths  # noqa: E402
from model import GOAL_SCALE, VLA, VLAConfig, tokens_to_actions, tokens_to_goal  # noqa: E402
from train import Tensors, starting_weights  # noqa: E402

FAMILIES = ("touch", "put", "push")


def load(paths: list) -> tuple:
    """Some shards of one run, every episode kept (the learner's failed ones are labelled too)."""
    columns = {}
    for path in paths:
        for name, value in load_file(path).items():
            columns.setdefault(name, []).append(value)
    return {k: np.concatenate(v) for k, v in columns.items()}, read_metadata(paths[-1])


def first_waypoints(model, config, data, rows: np.ndarray, blank_events: bool = False) -> tuple:
    """The greedy first waypoints [R, 3] and, with goal tokens, the decoded goals [R, 3] (else None)."""
    with torch.no_grad():
        front, wrist, events, joints, tool, words, _, _ = data.batch(torch.from_numpy(rows))
        if blank_events:
            events = torch.zeros_like(events)
        tokens = model.greedy(front, wrist, events, joints, tool, words)
    goal = (tokens_to_goal(tokens, config) + tool[:, :3]).numpy() if config.goal_tokens else None
    return tokens_to_actions(tokens, tool, config)[:, 0, :3].numpy(), goal


def main() -> None:
    model_path, learner_folder, expert_folder = sys.argv[1:4]
    torch.set_num_threads(2)
    start = starting_weights(model_path)
    config = VLAConfig.from_json(start["config"])
    objects_head = start["state"].get("objects_head.weight")
    model = VLA(config, objects=0 if objects_head is None else objects_head.shape[0] // 3)
    model.load_state_dict(start["state"], strict=False)
    model.eval()

    if learner_folder != "-":
        arrays, metadata = load(shard_paths(learner_folder)[:4])
        data = Tensors(arrays, metadata, config)
        family = np.array([metadata["instructions"][k].split()[0] for k in arrays["instruction"]])
        print(f"{model_path} on its own states ({learner_folder}): rows where the expert says move >= 3 cm")
        for name in FAMILIES:
            rows = np.nonzero((family == name) & (arrays["perturbed"] == 1))[0][:600]
            tool, label = arrays["tool"][rows, :3], arrays["target"][rows, :3]
            far = np.linalg.norm(label - tool, axis=1) > 0.03
            predicted, _ = first_waypoints(model, config, data, rows[far])
            moved = np.linalg.norm(predicted - tool[far], axis=1)
            error = np.linalg.norm(predicted - label[far], axis=1)
            print(f"  {name:6s} {far.sum():4d} rows: under 5 mm {100 * np.mean(moved < 0.005):3.0f} %, median error {1000 * np.median(error):3.0f} mm")

    arrays, metadata = load(shard_paths(expert_folder)[-3:])
    data = Tensors(arrays, metadata, config)
    family = np.array([metadata["instructions"][k].split()[0] for k in arrays["instruction"]])
    to_go = np.linalg.norm(arrays["target"][:, :3] - arrays["tool"][:, :3], axis=1)
    named = None
    if model.objects_head is not None and data.objects is not None:
        colours = [next(c for c in ("red", "yellow", "blue") if c in text) for text in metadata["instructions"]]
        named = np.array([metadata["objects"].index(colours[k] + "_cube") for k in arrays["instruction"]])
    print(f"on the expert's rows ({expert_folder}): under 5 mm / median error, events as recorded | blanked; "
          f"goal head error{'; named cube error' if named is not None else ''}"
          f"{'; decoded goal error (events blanked)' if config.goal_tokens else ''}")
    for name in FAMILIES:
        for label, where in (("step 0", arrays["step"] == 0), ("mid-approach", (arrays["step"] > 0) & (to_go > 0.03))):
            rows = np.nonzero(where & (family == name) & (arrays["perturbed"] == 0))[0][:150]
            cells, decoded_goal = [], None
            for blank in (False, True):
                predicted, decoded_goal = first_waypoints(model, config, data, rows, blank)
                moved = np.linalg.norm(predicted - arrays["tool"][rows, :3], axis=1)
                error = np.linalg.norm(predicted - arrays["target"][rows, :3], axis=1)
                cells.append(f"{100 * np.mean(moved < 0.005):3.0f} % / {1000 * np.median(error):3.0f} mm")
            index = torch.from_numpy(rows)
            with torch.no_grad():
                front, wrist, events, joints, tool, words, tokens, goal = data.batch(index)
                _, goal_estimate, objects_estimate = model.forward_with_heads(front, wrist, events, joints, tool, words, tokens)
            heads = f"{1000 * GOAL_SCALE * np.median((goal_estimate - goal).norm(dim=-1).numpy()):3.0f} mm"
            if named is not None:
                cube = (objects_estimate - data.objects[index]).norm(dim=-1).numpy()[np.arange(len(rows)), named[rows]]
                heads += f"; {1000 * GOAL_SCALE * np.median(cube):3.0f} mm"
            if decoded_goal is not None:
                true_goal = arrays["tool"][rows, :3] + GOAL_SCALE * goal.numpy()
                heads += f"; decoded goal {1000 * np.median(np.linalg.norm(decoded_goal - true_goal, axis=1)):3.0f} mm"
            print(f"  {name:6s} {label:13s} {len(rows):4d} rows: {cells[0]} | {cells[1]}; {heads}")


if __name__ == "__main__":
    main()
