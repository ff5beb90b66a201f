"""The Embody vision-language-action model (PyTorch side).

One planner tick sees two 64x64 RGB cameras (front, wrist), the front camera's DVS event counts, the
joint positions, the tool pose and the instruction words, and answers an action chunk: H waypoints x
5 dims (x, y, z, yaw, gripper), each dim a token over 256 uniform bins (RT-2 style), decoded one
token at a time with a causal KV cache.

Token sequence (the Swift inference in Sources/VLA builds exactly this, without the padding):

    [front+events patches] [wrist patches] [front keypoints] [wrist keypoints] [words (L)] [proprio (1)] | [goal (G)] [actions (H*5)]
    `-------------------------------- prefix: bidirectional attention ---------------------------'   causal, see prefix

The front image and the event frames share one patch grid (5 channels per pixel), so an event patch
lines up with the pixels it came from. Patches give context but localise coarsely; the keypoints
localise: each camera also goes through a small convolutional stem whose last layer makes K feature
maps, and a spatial soft-argmax turns each map into the expected (x, y) of where it peaks (Levine et
al., "End-to-end training of deep visuomotor policies", 2016). A map that learns "red" answers the
red cube's image position to a fraction of a pixel, which a linear patch embedding cannot. Keypoint k
becomes the token x·kp_x[k] + y·kp_y[k] + kp_pos[k]. Positions are learned per slot (patch index,
keypoint, word index, action index), never by absolute sequence index, so an instruction of any
length up to `max_words` yields the same numbers padded or not.

With `goal_tokens` = 3 the decode first answers a sub-goal: where the tool will be when the gripper
next changes (x, y, z offsets from the tool, each binned over goal_low..goal_high), then the
waypoints, which attend to it. Waypoints 100 ms ahead say little about where the cube is, so a
model can match them while ignoring the image; a goal it must commit to first makes the waypoints
follow what the encoder found (a one-step embodied chain of thought). The Swift decode produces the
goal tokens too and hands only the waypoints to the controller.

Decoded token j (0-based; goal tokens first, then j = G + h*5 + dim) is predicted from the input at slot j: a learned BOS vector
for j = 0, else the embedding of token j-1; every slot adds its action position embedding.

Training also regresses the phase's goal (where the tool will be when the gripper next changes, or
at the episode's end) from the proprio slot's output (`goal_head`). Waypoints 100 ms ahead carry
little signal about where the cube is; the goal carries all of it, so this auxiliary loss teaches
the encoder to localise. It is training-only: export leaves it out and Swift never computes it.
With `objects` > 0 a second training-only head (`objects_head`) regresses where every object of the
scene is, from the same slot: the goal can be read off the arm's own motion once it moves, the other
cubes' places cannot, so this head asks the encoder to find each cube by its colour on every row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F

FORMAT = "embody-vla/1"

VOCABULARY = [
    "<pad>", "put", "place", "move", "the", "red", "yellow", "blue", "cube", "on", "onto", "green",
    "pad", "touch", "reach", "push", "to", "left", "right", "forward", "back",
]

ACTION_DIMS = ["x", "y", "z", "yaw", "gripper"]

# Parameters that only training uses (the auxiliary goal and object regressions); never exported.
TRAINING_ONLY_PREFIXES = ("goal_head.", "objects_head.")
# The goal head answers offsets in units of this many metres.
GOAL_SCALE = 0.05


@dataclass
class VLAConfig:
    """Everything the Swift side needs besides the weights (written as config.json)."""

    format: str = FORMAT
    image_size: int = 64
    front_patch: int = 8
    wrist_patch: int = 16
    d_model: int = 128
    layers: int = 4
    heads: int = 4
    mlp_ratio: int = 4
    layer_norm_eps: float = 1e-5
    vocabulary: list = field(default_factory=lambda: list(VOCABULARY))
    max_words: int = 12
    joints: int = 8
    horizon: int = 4
    waypoint_spacing_ms: int = 100
    bins: int = 256
    action_dims: list = field(default_factory=lambda: list(ACTION_DIMS))
    # Per action dim [low, high] of the binned value. Dims flagged relative are offsets from the
    # current tool pose (x, y, z in metres, yaw in rad); the gripper is absolute (0 open, 1 closed).
    action_low: list = field(default_factory=lambda: [-0.12, -0.12, -0.12, -0.8, 0.0])
    action_high: list = field(default_factory=lambda: [0.12, 0.12, 0.12, 0.8, 1.0])
    action_relative: list = field(default_factory=lambda: [True, True, True, True, False])
    # Proprioception normalisation: (value - mean) / std, joints then tool (x, y, z, yaw).
    joints_mean: list = field(default_factory=lambda: [0.0] * 8)
    joints_std: list = field(default_factory=lambda: [1.0] * 8)
    tool_mean: list = field(default_factory=lambda: [0.2, 0.0, 0.1, 0.0])
    tool_std: list = field(default_factory=lambda: [0.1, 0.1, 0.1, 1.0])
    # Event counts are clipped to this many per pixel and scaled to [0, 1].
    event_clip: float = 4.0
    # Keypoint stems (0 keypoints: none): conv 3x3 stride 2 to stem_widths[0] channels, ReLU, conv 3x3
    # to stem_widths[1], ReLU, conv 1x1 to the keypoint maps, spatial soft-argmax.
    front_keypoints: int = 0
    wrist_keypoints: int = 0
    stem_widths: list = field(default_factory=lambda: [16, 32])
    # Sub-goal tokens decoded before the waypoints: 0 (none) or 3 (x, y, z of the goal as offsets from
    # the tool, metres, each over [goal_low, goal_high] in `bins` bins).
    goal_tokens: int = 0
    goal_low: list = field(default_factory=list)
    goal_high: list = field(default_factory=list)

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads

    @property
    def front_tokens(self) -> int:
        return (self.image_size // self.front_patch) ** 2

    @property
    def wrist_tokens(self) -> int:
        return (self.image_size // self.wrist_patch) ** 2

    @property
    def keypoint_tokens(self) -> int:
        return self.front_keypoints + self.wrist_keypoints

    @property
    def action_tokens(self) -> int:
        return self.horizon * len(self.action_dims)

    @property
    def decode_tokens(self) -> int:
        """Tokens decoded per tick: the sub-goal's, then the waypoints'."""
        return self.goal_tokens + self.action_tokens

    def to_json(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_json(d: dict) -> "VLAConfig":
        return VLAConfig(**d)  # configs from before the keypoint stems take the defaults (no stems)


def tokenize(instruction: str, config: VLAConfig) -> list[int]:
    """Lower-case words split on spaces; an unknown word is an error (see Sources/VLA/Tokenizer.swift)."""
    words = instruction.lower().split()
    ids = []
    for w in words:
        if w not in config.vocabulary or w == "<pad>":
            raise ValueError(f"instruction word {w!r} is not in the vocabulary")
        ids.append(config.vocabulary.index(w))
    if not 0 < len(ids) <= config.max_words:
        raise ValueError(f"instruction has {len(ids)} words, expected 1...{config.max_words}")
    return ids


def patchify(images: torch.Tensor, patch: int) -> torch.Tensor:
    """[B, C, H, W] -> [B, (H/p)*(W/p), C*p*p], features ordered (channel, dy, dx), patches row-major."""
    b, c, h, w = images.shape
    x = images.reshape(b, c, h // patch, patch, w // patch, patch)
    x = x.permute(0, 2, 4, 1, 3, 5)
    return x.reshape(b, (h // patch) * (w // patch), c * patch * patch)


def spatial_soft_argmax(maps: torch.Tensor) -> torch.Tensor:
    """[B, K, H, W] feature maps -> [B, K, 2] expected (x, y) under each map's softmax over pixels,
    in [-1, 1] at pixel centres (x to the right, y down)."""
    b, k, h, w = maps.shape
    p = torch.softmax(maps.reshape(b, k, h * w), dim=-1).reshape(b, k, h, w)
    xs = (torch.arange(w, dtype=maps.dtype) + 0.5) / w * 2 - 1
    ys = (torch.arange(h, dtype=maps.dtype) + 0.5) / h * 2 - 1
    return torch.stack([(p.sum(dim=2) * xs).sum(dim=-1), (p.sum(dim=3) * ys).sum(dim=-1)], dim=-1)


class KeypointStem(nn.Module):
    """Conv 3x3/2 -> ReLU -> conv 3x3 -> ReLU -> conv 1x1 to `keypoints` maps -> spatial soft-argmax."""

    def __init__(self, channels: int, widths: list, keypoints: int):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, widths[0], 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(widths[0], widths[1], 3, padding=1)
        self.points = nn.Conv2d(widths[1], keypoints, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        h = F.relu(self.conv2(F.relu(self.conv1(images))))
        return spatial_soft_argmax(self.points(h))


class Block(nn.Module):
    """Pre-norm transformer block: x + attn(ln(x)), then x + mlp(ln(x)) with a tanh-GELU MLP."""

    def __init__(self, c: VLAConfig):
        super().__init__()
        d = c.d_model
        self.heads = c.heads
        self.ln1 = nn.LayerNorm(d, eps=c.layer_norm_eps)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=c.layer_norm_eps)
        self.fc1 = nn.Linear(d, c.mlp_ratio * d)
        self.fc2 = nn.Linear(c.mlp_ratio * d, d)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        x = x + self.proj(a.transpose(1, 2).reshape(b, t, d))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class VLA(nn.Module):
    def __init__(self, c: VLAConfig, objects: int = 0):
        super().__init__()
        self.config = c
        d = c.d_model
        self.front_embed = nn.Linear(5 * c.front_patch ** 2, d)
        self.wrist_embed = nn.Linear(3 * c.wrist_patch ** 2, d)
        self.front_pos = nn.Parameter(torch.randn(c.front_tokens, d) * 0.02)
        self.wrist_pos = nn.Parameter(torch.randn(c.wrist_tokens, d) * 0.02)
        for camera, channels, k in (("front", 5, c.front_keypoints), ("wrist", 3, c.wrist_keypoints)):
            if k > 0:
                setattr(self, f"{camera}_stem", KeypointStem(channels, c.stem_widths, k))
                setattr(self, f"{camera}_kp_x", nn.Parameter(torch.randn(k, d) * 0.5))
                setattr(self, f"{camera}_kp_y", nn.Parameter(torch.randn(k, d) * 0.5))
                setattr(self, f"{camera}_kp_pos", nn.Parameter(torch.randn(k, d) * 0.02))
        self.word_embed = nn.Embedding(len(c.vocabulary), d)
        self.word_pos = nn.Parameter(torch.randn(c.max_words, d) * 0.02)
        self.proprio_embed = nn.Linear(c.joints + 4, d)
        self.action_bos = nn.Parameter(torch.randn(d) * 0.02)
        self.action_embed = nn.Embedding(c.bins, d)
        self.action_pos = nn.Parameter(torch.randn(c.decode_tokens, d) * 0.02)
        self.blocks = nn.ModuleList(Block(c) for _ in range(c.layers))
        self.ln_f = nn.LayerNorm(d, eps=c.layer_norm_eps)
        self.head = nn.Linear(d, c.bins)
        nn.init.normal_(self.word_embed.weight, std=0.02)
        nn.init.normal_(self.action_embed.weight, std=0.02)
        self.register_buffer("joints_mean", torch.tensor(c.joints_mean, dtype=torch.float32), persistent=False)
        self.register_buffer("joints_std", torch.tensor(c.joints_std, dtype=torch.float32), persistent=False)
        self.register_buffer("tool_mean", torch.tensor(c.tool_mean, dtype=torch.float32), persistent=False)
        self.register_buffer("tool_std", torch.tensor(c.tool_std, dtype=torch.float32), persistent=False)
        # Made last, so the exported parameters draw the same random initial values as without it.
        self.goal_head = nn.Linear(d, 3)
        self.objects_head = nn.Linear(d, 3 * objects) if objects > 0 else None

    # ---- inputs -> prefix embeddings -------------------------------------------------------------

    def prefix(self, front, wrist, events, joints, tool, words):
        """front, wrist u8 [B,64,64,3]; events u8 [B,2,64,64]; joints f32 [B,8]; tool f32 [B,4];
        words i64 [B, max_words] (0 = padding). Returns embeddings [B, P, d] and key validity [B, P]."""
        c = self.config
        f = front.permute(0, 3, 1, 2).float() / 255.0
        e = events.float().clamp(max=c.event_clip) / c.event_clip
        fe = torch.cat([f, e], dim=1)
        w = wrist.permute(0, 3, 1, 2).float() / 255.0
        tf = self.front_embed(patchify(fe, c.front_patch)) + self.front_pos
        tw = self.wrist_embed(patchify(w, c.wrist_patch)) + self.wrist_pos
        keypoints = [self.keypoint_tokens(camera, images) for camera, images, k in
                     (("front", fe, c.front_keypoints), ("wrist", w, c.wrist_keypoints)) if k > 0]
        tt = self.word_embed(words) + self.word_pos[: words.shape[1]]
        p = torch.cat([(joints - self.joints_mean) / self.joints_std, (tool - self.tool_mean) / self.tool_std], dim=1)
        tp = self.proprio_embed(p)[:, None, :]
        x = torch.cat([tf, tw, *keypoints, tt, tp], dim=1)
        b = front.shape[0]
        valid = torch.cat([
            torch.ones(b, c.front_tokens + c.wrist_tokens + c.keypoint_tokens, dtype=torch.bool, device=x.device),
            words != 0,
            torch.ones(b, 1, dtype=torch.bool, device=x.device),
        ], dim=1)
        return x, valid

    def keypoints(self, camera: str, images: torch.Tensor) -> torch.Tensor:
        """[B, K, 2] soft-argmax points of `camera`'s stem ("front": RGB + events, "wrist": RGB)."""
        return getattr(self, f"{camera}_stem")(images)

    def keypoint_tokens(self, camera: str, images: torch.Tensor) -> torch.Tensor:
        pts = self.keypoints(camera, images)
        return (pts[..., 0:1] * getattr(self, f"{camera}_kp_x") + pts[..., 1:2] * getattr(self, f"{camera}_kp_y")
                + getattr(self, f"{camera}_kp_pos"))

    def action_inputs(self, tokens: torch.Tensor) -> torch.Tensor:
        """Teacher-forced inputs for the decoded slots (goal, then actions): BOS, then embeddings of tokens[:, :-1]."""
        b, n = tokens.shape
        bos = self.action_bos.expand(b, 1, -1)
        prev = self.action_embed(tokens[:, : n - 1]) if n > 1 else bos[:, :0]
        return torch.cat([bos, prev], dim=1) + self.action_pos[:n]

    def forward(self, front, wrist, events, joints, tool, words, tokens):
        """Logits [B, n, bins] for decoded slots 0..n-1 (goal tokens first), teacher-forced with `tokens` [B, n]."""
        return self.forward_with_heads(front, wrist, events, joints, tool, words, tokens)[0]

    def forward_with_goal(self, front, wrist, events, joints, tool, words, tokens):
        """As `forward`, plus the goal estimate [B, 3] (offset from the tool, in GOAL_SCALE units)."""
        return self.forward_with_heads(front, wrist, events, joints, tool, words, tokens)[:2]

    def forward_with_heads(self, front, wrist, events, joints, tool, words, tokens):
        """As `forward_with_goal`, plus the objects estimate [B, K, 3] (offsets from the tool, in
        GOAL_SCALE units; None without the objects head)."""
        x, valid = self.prefix(front, wrist, events, joints, tool, words)
        p = x.shape[1]
        a = self.action_inputs(tokens)
        n = a.shape[1]
        x = torch.cat([x, a], dim=1)
        t = p + n
        # mask[b, 1, i, j]: query i may attend key j.
        key_ok = torch.cat([valid, torch.ones(x.shape[0], n, dtype=torch.bool, device=x.device)], dim=1)
        i = torch.arange(t, device=x.device)[:, None]
        j = torch.arange(t, device=x.device)[None, :]
        structure = (j < p) | ((i >= p) & (j <= i))
        mask = (structure[None] & key_ok[:, None, :])[:, None]
        for blk in self.blocks:
            x = blk(x, mask)
        x = self.ln_f(x)
        summary = x[:, p - 1]
        objects = None if self.objects_head is None else self.objects_head(summary).reshape(x.shape[0], -1, 3)
        return self.head(x[:, p:]), self.goal_head(summary), objects

    @torch.no_grad()
    def greedy(self, front, wrist, events, joints, tool, words):
        """Greedy decode (no cache; the reference for the Swift KV-cache decode). Returns the decoded
        tokens [B, decode_tokens], goal tokens first."""
        n = self.config.decode_tokens
        tokens = torch.zeros(front.shape[0], 0, dtype=torch.long)
        for j in range(n):
            nxt = torch.zeros(front.shape[0], j + 1, dtype=torch.long)
            nxt[:, :j] = tokens
            logits = self.forward(front, wrist, events, joints, tool, words, nxt)
            tokens = torch.cat([tokens, logits[:, j].argmax(-1, keepdim=True)], dim=1)
        return tokens


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def flops_per_predict(c: VLAConfig, words: int = 8) -> dict:
    """Multiply-adds of one predict (prefix pass + cached decode), by part."""
    d, f = c.d_model, c.mlp_ratio * c.d_model
    p = c.front_tokens + c.wrist_tokens + c.keypoint_tokens + words + 1
    n = c.decode_tokens
    embed = c.front_tokens * 5 * c.front_patch ** 2 * d + c.wrist_tokens * 3 * c.wrist_patch ** 2 * d
    pixels = (c.image_size // 2) ** 2
    w1, w2 = c.stem_widths
    for channels, k in ((5, c.front_keypoints), (3, c.wrist_keypoints)):
        if k > 0:
            embed += pixels * (channels * 9 * w1 + w1 * 9 * w2 + w2 * k) + 2 * k * d
    per_token_linear = 3 * d * d + d * d + 2 * d * f
    prefix = c.layers * (p * per_token_linear + 2 * p * p * d)
    decode = n * (c.layers * (per_token_linear + 2 * (p + n) * d) + d * c.bins)
    return {"embed_macs": embed, "prefix_macs": prefix, "decode_macs": decode,
            "total_macs": embed + prefix + decode}


# ---- action values <-> tokens -------------------------------------------------------------------

def to_bins(values: torch.Tensor, low: list, high: list, bins: int) -> torch.Tensor:
    """Per last-axis dim, the uniform bin of [low, high] each value falls in (clamped), i64."""
    lo = torch.tensor(low, dtype=torch.float32)
    hi = torch.tensor(high, dtype=torch.float32)
    return torch.floor((values - lo) / (hi - lo) * bins).clamp(0, bins - 1).long()


def bin_centres(tokens: torch.Tensor, low: list, high: list, bins: int) -> torch.Tensor:
    """Inverse of to_bins at bin centres, f32."""
    lo = torch.tensor(low, dtype=torch.float32)
    hi = torch.tensor(high, dtype=torch.float32)
    return lo + (tokens.float() + 0.5) * (hi - lo) / bins


def actions_to_tokens(chunk: torch.Tensor, tool: torch.Tensor, c: VLAConfig) -> torch.Tensor:
    """chunk f32 [B, H, 5] absolute targets, tool [B, 4] -> tokens i64 [B, H*5]."""
    rel = torch.tensor(c.action_relative, dtype=torch.bool)
    base = torch.zeros_like(chunk)
    base[..., :4] = tool[:, None, :4]
    v = torch.where(rel, chunk - base, chunk)
    yaw = ACTION_DIMS.index("yaw")
    if c.action_relative[yaw]:
        v[..., yaw] = torch.remainder(v[..., yaw] + math.pi, 2 * math.pi) - math.pi
    return to_bins(v, c.action_low, c.action_high, c.bins).reshape(chunk.shape[0], -1)


def goal_to_tokens(offset: torch.Tensor, c: VLAConfig) -> torch.Tensor:
    """Goal offsets from the tool f32 [B, 3] (m) -> tokens i64 [B, goal_tokens]."""
    return to_bins(offset, c.goal_low, c.goal_high, c.bins)


def tokens_to_goal(tokens: torch.Tensor, c: VLAConfig) -> torch.Tensor:
    """The decoded stream's goal tokens [B, decode_tokens] -> offsets from the tool [B, 3] at bin centres."""
    return bin_centres(tokens[:, : c.goal_tokens], c.goal_low, c.goal_high, c.bins)


def tokens_to_actions(tokens: torch.Tensor, tool: torch.Tensor, c: VLAConfig) -> torch.Tensor:
    """Inverse of actions_to_tokens at bin centres: the decoded stream [B, decode_tokens] (its goal
    tokens skipped) -> [B, H, 5]."""
    tokens = tokens[:, c.goal_tokens :]
    v = bin_centres(tokens.reshape(tokens.shape[0], c.horizon, -1), c.action_low, c.action_high, c.bins)
    base = torch.zeros_like(v)
    base[..., :4] = tool[:, None, :4]
    rel = torch.tensor(c.action_relative, dtype=torch.bool)
    return torch.where(rel, v + base, v)
