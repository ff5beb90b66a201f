#!/usr/bin/env python3
"""Pinocchio (Python binding) peer for `bench/compare-dynamics.sh`.

Times the rigid-body dynamics calls a Python user (e.g. LeRobot) makes through
`import pinocchio as pin`, with the same definitions Embody's
`embody bench dynamics` uses:

  fk        pin.forwardKinematics(model, data, q); pin.updateFramePlacements(model, data)
  jacobian  pin.computeFrameJacobian(model, data, q, frame_id, pin.LOCAL_WORLD_ALIGNED)
  rnea      pin.rnea(model, data, q, v, a)
  crba      pin.crba(model, data, q)            (default convention: Convention.LOCAL)
  aba       pin.aba(model, data, q, v, tau)

States: q uniform within joint limits ([-pi, pi] for continuous/unbounded
joints, encoded as (cos, sin) for Pinocchio's unbounded revolute joints),
v, a, tau uniform in [-1, 1]; fixed seed. All arrays are generated up front as
contiguous float64 numpy arrays; only the pin.* call(s) are inside the timed
loop (plus the unavoidable Python `for` loop overhead, reported separately as
`loop_overhead_us`, NOT subtracted).

Reported time per call (microseconds) = median over batches of the per-batch
mean; `min` holds the fastest batch mean.

Usage: pinocchio_python.py URDF [--frame NAME] [--json] [--batches N] [--calls N]
"""

import argparse
import json
import math
import statistics
import sys
import time

import numpy as np

try:
    import pinocchio as pin
except ImportError:  # pragma: no cover
    sys.stderr.write("error: cannot `import pinocchio` (install with: pip install pin)\n")
    sys.exit(2)


def pick_frame(model, name):
    if name:
        if not model.existFrame(name):
            names = [f.name for f in model.frames]
            raise SystemExit(f"error: frame '{name}' not in model; frames: {names}")
        return model.getFrameId(name)
    body_ids = [i for i, f in enumerate(model.frames) if f.type == pin.FrameType.BODY]
    if not body_ids:
        raise SystemExit("error: model has no BODY frame")
    return body_ids[-1]


def random_q(model, rng):
    """q uniform within joint limits; [-pi, pi] for continuous/unbounded joints."""
    q = np.zeros(model.nq)
    lo, hi = model.lowerPositionLimit, model.upperPositionLimit
    for j in model.joints[1:]:
        iq, nq, nv = j.idx_q, j.nq, j.nv
        if nq == 2 and nv == 1:  # unbounded revolute (URDF "continuous"): (cos, sin)
            th = rng.uniform(-math.pi, math.pi)
            q[iq], q[iq + 1] = math.cos(th), math.sin(th)
        elif nq == nv:
            for k in range(iq, iq + nq):
                a, b = lo[k], hi[k]
                if not (np.isfinite(a) and np.isfinite(b)) or a >= b:
                    a, b = -math.pi, math.pi
                q[k] = rng.uniform(a, b)
        else:  # free-flyer / spherical etc. (not expected in fixed-base arms)
            q[iq:iq + nq] = pin.randomConfiguration(model)[iq:iq + nq]
    return q


def time_batches(fn, batches, calls):
    """fn(n) runs n calls; returns list of per-call means (us) per batch."""
    fn(max(calls // 10, 100))  # warm-up
    out = []
    for _ in range(batches):
        t0 = time.perf_counter_ns()
        fn(calls)
        t1 = time.perf_counter_ns()
        out.append((t1 - t0) / calls / 1e3)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("urdf")
    ap.add_argument("--frame", default=None, help="end-effector frame for jacobian (default: last BODY frame)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--batches", type=int, default=20)
    ap.add_argument("--calls", type=int, default=10000, help="calls per batch")
    ap.add_argument("--states", type=int, default=100, help="number of pre-generated states to cycle through")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    model = pin.buildModelFromUrdf(args.urdf)
    data = model.createData()
    fid = pick_frame(model, args.frame)
    frame_name = model.frames[fid].name

    rng = np.random.default_rng(args.seed)
    S = args.states
    qs = [np.ascontiguousarray(random_q(model, rng)) for _ in range(S)]
    vs = [rng.uniform(-1.0, 1.0, model.nv) for _ in range(S)]
    As = [rng.uniform(-1.0, 1.0, model.nv) for _ in range(S)]
    taus = [rng.uniform(-1.0, 1.0, model.nv) for _ in range(S)]

    # Pre-built per-call argument lists cycling through the S states (references,
    # no copies), so the timed loop does no indexing arithmetic.
    reps = -(-args.calls // S)
    q_cyc = (qs * reps)[: args.calls]
    qva_cyc = (list(zip(qs, vs, As)) * reps)[: args.calls]
    qvt_cyc = (list(zip(qs, vs, taus)) * reps)[: args.calls]

    fk_, ufp = pin.forwardKinematics, pin.updateFramePlacements
    cfj, LWA = pin.computeFrameJacobian, pin.ReferenceFrame.LOCAL_WORLD_ALIGNED
    rnea_, crba_, aba_ = pin.rnea, pin.crba, pin.aba

    def run_fk(n):
        for q in (q_cyc if n == len(q_cyc) else q_cyc[:n]):
            fk_(model, data, q)
            ufp(model, data)

    def run_jac(n):
        for q in (q_cyc if n == len(q_cyc) else q_cyc[:n]):
            cfj(model, data, q, fid, LWA)

    def run_rnea(n):
        for q, v, a in (qva_cyc if n == len(qva_cyc) else qva_cyc[:n]):
            rnea_(model, data, q, v, a)

    def run_crba(n):
        for q in (q_cyc if n == len(q_cyc) else q_cyc[:n]):
            crba_(model, data, q)

    def run_aba(n):
        for q, v, t in (qvt_cyc if n == len(qvt_cyc) else qvt_cyc[:n]):
            aba_(model, data, q, v, t)

    def noop(*_a):
        return None

    def run_loop_overhead(n):
        for q, v, a in (qva_cyc if n == len(qva_cyc) else qva_cyc[:n]):
            noop(model, data, q, v, a)

    # Sanity: results are finite.
    q0, v0, a0, t0 = qs[0], vs[0], As[0], taus[0]
    assert np.all(np.isfinite(pin.rnea(model, data, q0, v0, a0)))
    assert np.all(np.isfinite(pin.aba(model, data, q0, v0, t0)))

    results = {}
    mins = {}
    for key, fn in (("fk", run_fk), ("jacobian", run_jac), ("rnea", run_rnea),
                    ("crba", run_crba), ("aba", run_aba)):
        per_batch = time_batches(fn, args.batches, args.calls)
        results[key] = statistics.median(per_batch)
        mins[key] = min(per_batch)
    overhead = statistics.median(time_batches(run_loop_overhead, args.batches, args.calls))

    out = {
        "peer": "pinocchio-python",
        "version": pin.__version__,
        "fk_us": round(results["fk"], 4),
        "jacobian_us": round(results["jacobian"], 4),
        "rnea_us": round(results["rnea"], 4),
        "crba_us": round(results["crba"], 4),
        "aba_us": round(results["aba"], 4),
        "min": {k + "_us": round(v, 4) for k, v in mins.items()},
        "loop_overhead_us": round(overhead, 4),
        "robot": model.name,
        "nq": model.nq,
        "nv": model.nv,
        "frame": frame_name,
        "crba_convention": "LOCAL",
        "batches": args.batches,
        "calls_per_batch": args.calls,
        "states": S,
        "seed": args.seed,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(f"pinocchio-python {pin.__version__}  robot={model.name} nq={model.nq} nv={model.nv} frame={frame_name}")
        print(f"{args.batches} batches x {args.calls} calls, {S} states, seed {args.seed}")
        print(f"{'op':<10}{'median us':>12}{'min us':>12}")
        for k in ("fk", "jacobian", "rnea", "crba", "aba"):
            print(f"{k:<10}{results[k]:>12.3f}{mins[k]:>12.3f}")
        print(f"(python loop+call overhead of a no-op with the same args: {overhead:.3f} us, not subtracted)")


if __name__ == "__main__":
    main()
