#!/usr/bin/env python3
"""MuJoCo peer of `embody bench sim`: time per physics step on the MJCF equivalent of an Embody scene.

Usage: mujoco_bench.py SCENE.toml [--json] [--seconds S] [--rounds R] [--chunk N] [--render]
                       [--render-frames N] [--render-size WxH] [--xml-out FILE]

Per round: reset to the keyframe "initial" (robot at [robot] initial, servo targets = initial, scene
bodies at their poses/velocities), settle 0.5 simulated seconds (not timed), then time
S simulated seconds as mujoco.mj_step(m, d, nstep=CHUNK) calls (one C call runs CHUNK steps; the
Python cost between chunks, about 1 us per call, is spread over CHUNK steps and included). d.ncon
is sampled after every chunk for contacts_per_step. Reported: median over rounds.

--render times mujoco.Renderer at 128x128 (update_scene + render, pixels read back to numpy) in a
child process, trying MUJOCO_GL=egl then osmesa (or only $MUJOCO_GL if set); n/a with the reason if
no headless OpenGL context can be made. Nothing is installed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import scene_to_mjcf  # noqa: E402


def conv_kwargs(args):
    return dict(self_collision=args.self_collision, margin=args.margin, solver=args.solver, iterations=args.iterations)


def build(scene, xml_out=None, **kw):
    import mujoco
    xml, conv = scene_to_mjcf.convert(scene, **kw)
    if xml_out:
        with open(xml_out, "w") as fh:
            fh.write(xml)
    m = mujoco.MjModel.from_xml_string(xml)
    d = mujoco.MjData(m)
    return m, d, conv


def reset_and_settle(m, d, settle_s):
    import mujoco
    mujoco.mj_resetDataKeyframe(m, d, 0)
    mujoco.mj_forward(m, d)
    n = int(round(settle_s / m.opt.timestep))
    if n:
        mujoco.mj_step(m, d, nstep=n)


def time_round(m, d, seconds, chunk):
    import mujoco
    step = mujoco.mj_step
    nchunks = max(1, int(round(seconds / m.opt.timestep / chunk)))
    ncon_sum = nefc_sum = iter_sum = 0
    t0 = time.perf_counter_ns()
    for _ in range(nchunks):
        step(m, d, nstep=chunk)
        ncon_sum += d.ncon
    t1 = time.perf_counter_ns()
    nsteps = nchunks * chunk
    # Untimed extra sample of solver statistics for the report (one more chunk).
    for _ in range(min(nchunks, 20)):
        step(m, d, nstep=1)
        nefc_sum += d.nefc
        iter_sum += int(d.solver_niter[0])
    ns = min(nchunks, 20)
    return dict(step_us=(t1 - t0) / 1e3 / nsteps, steps=nsteps, contacts=ncon_sum / nchunks,
                nefc=nefc_sum / ns, solver_iterations=iter_sum / ns)


# --------------------------------------------------------------------------- rendering (child process)
def render_child(args):
    """Runs in a child process with MUJOCO_GL already set. Prints one JSON line."""
    import mujoco
    m, d, _ = build(args.scene, **conv_kwargs(args))
    reset_and_settle(m, d, 0.5)
    w, h = (int(x) for x in args.render_size.lower().split("x"))
    r = mujoco.Renderer(m, height=h, width=w)
    cam = 0 if m.ncam > 0 else -1
    gl = None
    try:
        from OpenGL import GL
        r._gl_context.make_current()
        gl = GL.glGetString(GL.GL_RENDERER).decode()
    except Exception as e:  # informational only
        gl = f"unknown ({type(e).__name__})"
    for _ in range(10):  # warm-up
        r.update_scene(d, camera=cam)
        r.render()
    times = []
    for i in range(args.render_frames):
        mujoco.mj_step(m, d, nstep=1)  # new state each frame (not timed)
        t0 = time.perf_counter_ns()
        r.update_scene(d, camera=cam)
        px = r.render()
        times.append((time.perf_counter_ns() - t0) / 1e3)
    r.close()
    print(json.dumps(dict(render_us=statistics.median(times), render_backend=os.environ.get("MUJOCO_GL"),
                          gl_renderer=gl, render_size=f"{w}x{h}", render_camera=m.camera(cam).name if cam >= 0 else "free",
                          render_frames=len(times), pixels_shape=list(px.shape))))


def measure_render(args):
    backends = [os.environ["MUJOCO_GL"]] if os.environ.get("MUJOCO_GL") else ["egl", "osmesa"]
    reasons = []
    for b in backends:
        env = dict(os.environ, MUJOCO_GL=b)
        if b == "osmesa":
            env.setdefault("PYOPENGL_PLATFORM", "osmesa")
        elif b == "egl":
            env.setdefault("PYOPENGL_PLATFORM", "egl")
        cmd = [sys.executable, os.path.abspath(__file__), args.scene, "--render-child",
               "--render-frames", str(args.render_frames), "--render-size", args.render_size,
               "--margin", str(args.margin)]
        if args.self_collision:
            cmd.append("--self-collision")
        try:
            p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            reasons.append(f"{b}: timed out")
            continue
        lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
        if p.returncode == 0 and lines:
            return json.loads(lines[-1])
        err = (p.stderr.strip().splitlines() or ["no output"])[-1]
        reasons.append(f"{b}: {err[:200]}")
    return dict(render_us=None, render_note="no headless OpenGL context: " + "; ".join(reasons))


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description="MuJoCo peer of `embody bench sim`")
    ap.add_argument("scene")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--seconds", type=float, default=5.0, help="simulated seconds timed per round (default 5)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--settle", type=float, default=0.5, help="untimed simulated seconds before timing (default 0.5)")
    ap.add_argument("--chunk", type=int, default=100, help="steps per mj_step(nstep=...) call (default 100)")
    ap.add_argument("--render", action="store_true", help="also time mujoco.Renderer (headless EGL/OSMesa)")
    ap.add_argument("--render-frames", type=int, default=300)
    ap.add_argument("--render-size", default="128x128")
    ap.add_argument("--xml-out", help="also write the generated MJCF here")
    ap.add_argument("--self-collision", action="store_true", help="see scene_to_mjcf.py --help")
    ap.add_argument("--margin", type=float, default=0.0, help="see scene_to_mjcf.py --help (default 0)")
    ap.add_argument("--solver", choices=["Newton", "CG", "PGS"], help="see scene_to_mjcf.py --help")
    ap.add_argument("--iterations", type=int, help="see scene_to_mjcf.py --help")
    ap.add_argument("--render-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.render_child:
        render_child(args)
        return

    import mujoco
    m, d, conv = build(args.scene, args.xml_out, **conv_kwargs(args))
    rounds = []
    for _ in range(args.rounds):
        reset_and_settle(m, d, args.settle)
        rounds.append(time_round(m, d, args.seconds, args.chunk))
    step_us = statistics.median(r["step_us"] for r in rounds)
    out = {
        "peer": "mujoco",
        "version": mujoco.__version__,
        "step_us": step_us,
        "contacts_per_step": statistics.median(r["contacts"] for r in rounds),
        "realtime_factor": m.opt.timestep / (step_us * 1e-6),
        "timestep": m.opt.timestep,
        "nbody": m.nbody,
        "ngeom": m.ngeom,
        "nv": m.nv,
        "nu": m.nu,
        "step_us_min": min(r["step_us"] for r in rounds),
        "step_us_rounds": [r["step_us"] for r in rounds],
        "constraint_rows_per_step": statistics.median(r["nefc"] for r in rounds),
        "solver_iterations_per_step": statistics.median(r["solver_iterations"] for r in rounds),
        "steps_per_round": rounds[0]["steps"],
        "rounds": args.rounds,
        "chunk": args.chunk,
        "settle_s": args.settle,
        "margin": args.margin,
        "self_collision": args.self_collision,
        "solver_iterations_max": m.opt.iterations,
        "solver": mujoco.mjtSolver(m.opt.solver).name,
        "cone": mujoco.mjtCone(m.opt.cone).name,
        "integrator": mujoco.mjtIntegrator(m.opt.integrator).name,
        "warnings": {mujoco.mjtWarning(i).name: int(d.warning[i].number) for i in range(len(d.warning))
                     if d.warning[i].number},
        "conversion_notes": conv.notes,
        "python": platform.python_version(),
    }
    if args.render:
        out.update(measure_render(args))
    if args.json:
        print(json.dumps(out))
        return
    print(f"MuJoCo {out['version']} on {args.scene}: nbody={m.nbody} ngeom={m.ngeom} nv={m.nv} nu={m.nu}, "
          f"timestep {m.opt.timestep * 1e3:g} ms, {out['solver']} / {out['cone']} / {out['integrator']}")
    print(f"  step:      {step_us:.2f} us  (median of {args.rounds} rounds of {out['steps_per_round']} steps; "
          f"rounds {', '.join(f'{x:.2f}' for x in out['step_us_rounds'])})")
    print(f"  contacts:  {out['contacts_per_step']:.2f} per step, {out['constraint_rows_per_step']:.1f} constraint rows, "
          f"{out['solver_iterations_per_step']:.1f} solver iterations")
    print(f"  real time: {out['realtime_factor']:.0f}x")
    if args.render:
        if out.get("render_us") is not None:
            print(f"  render:    {out['render_us']:.0f} us per {out['render_size']} frame "
                  f"({out['render_backend']}, {out['gl_renderer']}, camera {out['render_camera']})")
        else:
            print(f"  render:    n/a ({out['render_note']})")
    for n in conv.notes:
        print(f"  note: {n}")
    if out["warnings"]:
        print(f"  MuJoCo warnings: {out['warnings']}")


if __name__ == "__main__":
    main()
