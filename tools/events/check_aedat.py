#!/usr/bin/env python3
"""Checks Embody's event files against independent decoders: the PyPI `aedat` decoder for AEDAT 4.0
and `expelliarmus` for Prophesee EVT 2.0.

  pip install aedat expelliarmus numpy
  python3 tools/events/check_aedat.py [--embody PATH] [--write-fixtures] [FILE.aedat4|FILE.raw ...]

1. Encodes the committed reference video (Tests/EventsTests/Fixtures/dvs_reference) with
   `embody events encode --sigma 0` to both formats, decodes them with the peers and compares every
   event with the numpy reference model (tools/events/dvs_reference.py): emulator, writers and
   peers must agree exactly.
2. Encodes its first frames with the default sensor (mismatch on, seed 7) and compares with the
   committed Tests/EventsTests/Fixtures/aedat4/reference.{aedat4,raw} byte for byte, and the peers'
   decodings with the committed reference.decoded.json (which the Swift tests also read).
   --write-fixtures rewrites those three files instead.
3. Decodes any further files given and compares them with `embody events stats --json`.

Exit status 0 when everything agrees.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import dvs_reference  # noqa: E402

ROOT = dvs_reference.ROOT
FRAMES = "Tests/EventsTests/Fixtures/dvs_reference/frames/%04d.pgm"
FIXTURES = ROOT / "Tests/EventsTests/Fixtures/aedat4"
FIXTURE_ENCODE = {"frames": 6, "fps": dvs_reference.FPS, "seed": 7}


def find_embody(given):
    if given:
        return given
    for candidate in (".build/release/embody", ".build/debug/embody", ".build-ev-rel/release/embody", ".build-ev/debug/embody"):
        if (ROOT / candidate).exists():
            return str(ROOT / candidate)
    sys.exit("embody binary not found; build it (swift build --product embody) or pass --embody")


def embody(binary, *args):
    result = subprocess.run([binary, *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("embody %s failed: %s" % (" ".join(args), result.stderr.strip()))
    return result.stdout


def decode_aedat(path):
    import aedat

    decoder = aedat.Decoder(str(path))
    streams = decoder.id_to_stream()
    stream = next(i for i, s in sorted(streams.items()) if s["type"] == "events")
    events = []
    for packet in decoder:
        if packet["stream_id"] == stream and "events" in packet:
            e = packet["events"]
            events += zip(e["t"].tolist(), e["x"].tolist(), e["y"].tolist(), e["on"].tolist())
    return streams[stream]["width"], streams[stream]["height"], [(int(t), int(x), int(y), bool(p)) for t, x, y, p in events]


def decode_evt2(path):
    import expelliarmus

    array = expelliarmus.Wizard(encoding="evt2", fpath=str(path)).read()
    return [(int(t), int(x), int(y), bool(p)) for t, x, y, p in zip(array["t"].tolist(), array["x"].tolist(), array["y"].tolist(), array["p"].tolist())]


def digest(width, height, events):
    return {
        "width": width,
        "height": height,
        "events": len(events),
        "on": sum(1 for e in events if e[3]),
        "first_t": events[0][0] if events else None,
        "last_t": events[-1][0] if events else None,
        "fnv1a64": "%016x" % dvs_reference.fnv1a(events),
    }


def compare(name, ours, theirs):
    if ours == theirs:
        return True
    first = next((k for k, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    print("  MISMATCH %s: %d vs %d events, first difference at %d: %s vs %s" % (
        name, len(ours), len(theirs), first, ours[first : first + 1], theirs[first : first + 1]))
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embody", help="path of the embody binary (default: the newest build found)")
    parser.add_argument("--write-fixtures", action="store_true", help="rewrite the committed AEDAT4/EVT2 fixtures")
    parser.add_argument("files", nargs="*", help="more .aedat4/.raw files to decode and compare with embody's stats")
    args = parser.parse_args()
    binary = find_embody(args.embody)
    ok = True

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        # 1. Whole pipeline against the numpy model.
        frames = [dvs_reference.read_pgm(ROOT / (FRAMES % k)) for k in range(dvs_reference.FRAMES)]
        expected = dvs_reference.emulate(frames)
        for ext in ("aedat4", "raw"):
            embody(binary, "events", "encode", "--input", FRAMES, "--fps", str(dvs_reference.FPS), "--sigma", "0",
                   "--output", str(tmp / ("reference." + ext)))
        w, h, from_aedat = decode_aedat(tmp / "reference.aedat4")
        from_evt2 = decode_evt2(tmp / "reference.raw")
        good = (w, h) == (dvs_reference.WIDTH, dvs_reference.HEIGHT)
        good &= compare("aedat vs numpy model", from_aedat, expected)
        good &= compare("expelliarmus vs numpy model", from_evt2, expected)
        print("%s reference video (%d frames, no mismatch): aedat and expelliarmus decode the same %d events as the numpy model"
              % ("ok  " if good else "FAIL", len(frames), len(expected)))
        ok &= good

        # 2. Committed fixtures: bytes and peer decodings.
        outputs = {}
        for ext in ("aedat4", "raw"):
            outputs[ext] = tmp / ("fixture." + ext)
            embody(binary, "events", "encode", "--input", FRAMES, "--fps", str(FIXTURE_ENCODE["fps"]), "--seed", str(FIXTURE_ENCODE["seed"]),
                   "--frames", str(FIXTURE_ENCODE["frames"]), "--output", str(outputs[ext]))
        w, h, fixture_aedat = decode_aedat(outputs["aedat4"])
        fixture_evt2 = decode_evt2(outputs["raw"])
        decoded = {
            "generator": "tools/events/check_aedat.py",
            "encode": FIXTURE_ENCODE,
            "aedat": digest(w, h, fixture_aedat),
            "expelliarmus": digest(w, h, fixture_evt2),
        }
        good = compare("aedat vs expelliarmus (fixture)", fixture_aedat, fixture_evt2)
        if args.write_fixtures:
            FIXTURES.mkdir(parents=True, exist_ok=True)
            for ext in ("aedat4", "raw"):
                (FIXTURES / ("reference." + ext)).write_bytes(outputs[ext].read_bytes())
            (FIXTURES / "reference.decoded.json").write_text(json.dumps(decoded, indent=1) + "\n")
            print("wrote %s: reference.aedat4, reference.raw, reference.decoded.json (%d events)"
                  % (FIXTURES.relative_to(ROOT), len(fixture_aedat)))
        else:
            for ext in ("aedat4", "raw"):
                same = (FIXTURES / ("reference." + ext)).read_bytes() == outputs[ext].read_bytes()
                if not same:
                    print("  MISMATCH: a fresh encode differs from the committed reference.%s" % ext)
                good &= same
            committed = json.loads((FIXTURES / "reference.decoded.json").read_text())
            if committed != decoded:
                print("  MISMATCH: peer decodings differ from the committed reference.decoded.json")
                good = False
            print("%s committed fixtures: byte-identical re-encode; aedat and expelliarmus decodings (%d events) match reference.decoded.json"
                  % ("ok  " if good else "FAIL", len(fixture_aedat)))
        ok &= good

    # 3. Other files against embody's own reading.
    for path in args.files:
        stats = json.loads(embody(binary, "events", "stats", path, "--json"))
        if path.endswith(".raw"):
            events, peer = decode_evt2(path), "expelliarmus"
        else:
            _, _, events, peer = (*decode_aedat(path), "aedat")
        theirs = {"events": len(events), "on": sum(1 for e in events if e[3]),
                  "first_us": min((e[0] for e in events), default=0), "last_us": max((e[0] for e in events), default=0)}
        mine = {k: stats[k] for k in theirs}
        good = mine == theirs
        print("%s %s: %s decodes %d events (%d ON), %d…%d µs%s" % ("ok  " if good else "FAIL", path, peer, theirs["events"], theirs["on"],
              theirs["first_us"], theirs["last_us"], "" if good else "; embody stats says %s" % mine))
        ok &= good

    print("all checks passed" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
