#!/usr/bin/env python3
"""Reference implementation of Embody's DVS pixel model in numpy, and its fixtures.

The model is the one `emulateDVS` (Sources/Events/EmulateDVS.swift) implements, with threshold
mismatch and noise off (v2e, Hu et al. 2021; ESIM, Rebecq et al. 2018):

  * photoreceptor: lin-log of the 8-bit value (linear below 20, natural log above), in float32;
  * n = floor((L - ref) / theta) ON events (or floor((ref - L) / theta) OFF), ref += n * theta
    (n raised by one where float32 rounding would leave |L - ref| >= theta);
  * event k of a pixel is stamped where the log intensity, linear in time between the two frames,
    crosses ref +/- k * theta, rounded to the microsecond and kept in (t0, t1];
  * refractory period: a crossing less than R us after the pixel's previous event is dropped
    (the memorised level still moves past it).

Every float operation is done in float32 in the same order as the Swift code, so per-pixel
counts and event times agree exactly, not approximately.

Usage (from the repository root):

  python3 tools/events/dvs_reference.py            # regenerate the video and the fixture
  python3 tools/events/dvs_reference.py --check    # recompute and compare with the committed fixture

Writes Tests/EventsTests/Fixtures/dvs_reference/frames/NNNN.pgm (the synthetic video, an
OpenCV image-sequence pattern `frames/%04d.pgm`) and counts.json (per-pixel ON/OFF counts,
totals and an FNV-1a digest of the whole time-ordered event stream). CI needs neither numpy nor
this script: the Swift tests read the committed files.
"""
import argparse
import json
import math
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests/EventsTests/Fixtures/dvs_reference"

WIDTH, HEIGHT, FRAMES = 64, 48, 24
FPS = 500  # 2 ms between frames: fast enough for the refractory period to matter
THRESHOLD = np.float32(0.2)
REFRACTORY_US = 500
LINEAR_BELOW = 20.0


def synthetic_frame(k):
    """Frame k of the test video: a textured gradient with a bright disc moving right, a dark bar
    moving down and a global flicker, including values in the linear region near black."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    # Deterministic texture from an integer hash (no RNG, so any numpy version gives the same video).
    h = (x.astype(np.int64) * 73856093 ^ y.astype(np.int64) * 19349663) % 1000
    image = 8 + 150 * x / (WIDTH - 1) + 0.03 * h
    flicker = 1 + 0.15 * math.sin(2 * math.pi * k / 12)
    image = image * flicker
    cx, cy = 10 + 2.0 * k, 20
    image = np.where((x - cx) ** 2 + (y - cy) ** 2 <= 36, 235.0, image)
    bar_top = 4 + 1.5 * k
    image = np.where((y >= bar_top) & (y < bar_top + 4) & (x >= 40) & (x < 60), 12.0, image)
    return np.clip(np.floor(image + 0.5), 0, 255).astype(np.uint8)


def write_pgm(path, frame):
    path.write_bytes(b"P5\n%d %d\n255\n" % (frame.shape[1], frame.shape[0]) + frame.tobytes())


def read_pgm(path):
    data = path.read_bytes()
    fields, position = [], 0
    while len(fields) < 4:  # magic, width, height, maxval, each followed by one whitespace byte
        while data[position : position + 1].isspace():
            position += 1
        start = position
        while not data[position : position + 1].isspace():
            position += 1
        fields.append(data[start:position])
    position += 1
    assert fields[0] == b"P5" and int(fields[3]) == 255, path
    w, h = int(fields[1]), int(fields[2])
    return np.frombuffer(data[position : position + w * h], dtype=np.uint8).reshape(h, w)


def lin_log_table():
    slope = math.log(LINEAR_BELOW) / LINEAR_BELOW
    return np.array([v * slope if v <= LINEAR_BELOW else math.log(v) for v in range(256)], dtype=np.float64).astype(np.float32)


def emulate(frames, fps=FPS, theta=THRESHOLD, refractory_us=REFRACTORY_US):
    """Events (t, x, y, polarity) in time order (ties in raster order), as emulateDVS makes them."""
    lut = lin_log_table()
    interval = int(round(1e6 / fps))
    ref = lut[frames[0]].ravel().copy()
    prev = ref.copy()
    last = np.full(ref.shape, -(2**62), dtype=np.int64)
    events = []  # (t, pixel, polarity)
    for k in range(1, len(frames)):
        t0 = (k - 1) * interval
        level = lut[frames[k]].ravel()
        change = level - ref  # float32
        for polarity in (True, False):
            if polarity:
                mask = change >= theta
                diff = level - ref
            else:
                mask = ~(change >= theta) & (-change >= theta)
                diff = ref - level
            idx = np.nonzero(mask)[0]
            if idx.size == 0:
                continue
            n = np.floor(diff[idx] / theta).astype(np.int64)
            before, after, memorised = prev[idx], level[idx], ref[idx]

            def settled(n):
                step_n = n.astype(np.float32) * theta
                return memorised + step_n if polarity else memorised - step_n

            # Raise n where float rounding would leave the pixel a full threshold from its new level.
            while True:
                short = ((after - settled(n)) if polarity else (settled(n) - after)) >= theta
                if not short.any():
                    break
                n = n + short
            slope = after - before
            rising = slope > 0 if polarity else slope < 0
            for j in range(1, int(n.max()) + 1):
                active = n >= j
                step = np.float32(j) * theta
                crossing = memorised + step if polarity else memorised - step
                with np.errstate(divide="ignore", invalid="ignore"):
                    fraction = (crossing - before) / slope  # float32
                offset = np.floor(fraction.astype(np.float64) * float(interval) + 0.5)
                offset = np.where(rising, np.clip(np.nan_to_num(offset, nan=interval), 1, interval), interval).astype(np.int64)
                t = t0 + offset
                fire = active & (t - last[idx] >= refractory_us)
                last[idx[fire]] = t[fire]
                for p, tt in zip(idx[fire], t[fire]):
                    events.append((int(tt), int(p), polarity))
            ref[idx] = settled(n)
        prev = level.copy()
    # Stable time order; within a pixel the generation order is already increasing in time.
    events.sort(key=lambda e: (e[0], e[1]))
    width = frames[0].shape[1]
    return [(t, p % width, p // width, pol) for t, p, pol in events]


def fnv1a(events):
    """64-bit FNV-1a over each event as int64 t, uint16 x, uint16 y, uint8 polarity (little-endian)."""
    h = 0xCBF29CE484222325
    for t, x, y, p in events:
        for b in int(t).to_bytes(8, "little", signed=True) + int(x).to_bytes(2, "little") + int(y).to_bytes(2, "little") + bytes([1 if p else 0]):
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def summary(frames):
    events = emulate(frames)
    h, w = frames[0].shape
    on = np.zeros((h, w), dtype=np.int64)
    off = np.zeros((h, w), dtype=np.int64)
    for _, x, y, p in events:
        (on if p else off)[y, x] += 1
    return {
        "generator": "tools/events/dvs_reference.py",
        "width": int(w),
        "height": int(h),
        "frames": len(frames),
        "fps": FPS,
        "threshold": float(THRESHOLD),
        "refractory_us": REFRACTORY_US,
        "linear_below": LINEAR_BELOW,
        "total_events": len(events),
        "total_on": int(on.sum()),
        "total_off": int(off.sum()),
        "first_time_us": events[0][0] if events else None,
        "last_time_us": events[-1][0] if events else None,
        "fnv1a64": "%016x" % fnv1a(events),
        "on_counts": on.tolist(),
        "off_counts": off.tolist(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the committed fixture instead of writing it")
    args = parser.parse_args()
    frames_dir = FIXTURE / "frames"
    if args.check:
        frames = [read_pgm(frames_dir / ("%04d.pgm" % k)) for k in range(FRAMES)]
        for k, frame in enumerate(frames):
            assert np.array_equal(frame, synthetic_frame(k)), "frame %d differs from the generator" % k
        committed = json.loads((FIXTURE / "counts.json").read_text())
        fresh = summary(frames)
        if committed != fresh:
            print("MISMATCH: counts.json differs from a fresh run", file=sys.stderr)
            return 1
        print("ok: %d events (%d ON, %d OFF), digest %s" % (fresh["total_events"], fresh["total_on"], fresh["total_off"], fresh["fnv1a64"]))
        return 0
    frames_dir.mkdir(parents=True, exist_ok=True)
    frames = [synthetic_frame(k) for k in range(FRAMES)]
    for k, frame in enumerate(frames):
        write_pgm(frames_dir / ("%04d.pgm" % k), frame)
    result = summary(frames)
    text = json.dumps({k: v for k, v in result.items() if k not in ("on_counts", "off_counts")}, indent=1)
    # Counts one row per line: readable diffs, small file.
    rows = lambda name: ",\n".join(" " + json.dumps(r, separators=(",", ":")) for r in result[name])
    text = text[:-2] + ',\n "on_counts": [\n' + rows("on_counts") + '\n ],\n "off_counts": [\n' + rows("off_counts") + "\n ]\n}\n"
    (FIXTURE / "counts.json").write_text(text)
    print("wrote %s: %d events (%d ON, %d OFF) over %d frames" % (FIXTURE.relative_to(ROOT), result["total_events"], result["total_on"], result["total_off"], FRAMES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
