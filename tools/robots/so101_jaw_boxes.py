#!/usr/bin/env python3
"""Collision/visual boxes for the SO-101 gripper jaws, derived from the upstream STL meshes.

robots/so101/robot.urdf replaces every upstream mesh by boxes. One bounding box per part is fine
for the arm, but not for the two gripper parts: the bounding box of the fixed-jaw part
(wrist_roll_follower_so101_v1, on gripper_link) fills the space between the jaws, and the one of
the moving jaw (moving_jaw_so101_v1, on moving_jaw_so101_v1_link) includes its hub. This script
cuts each of the two parts into a few boxes that follow the real shape.

Method
  1. Read the binary or ASCII STL (metres) and keep every triangle, in the mesh's own frame.
  2. Pick the part's long axis in the mesh frame (the finger direction): mesh z for the fixed-jaw
     part (its finger points along mesh +z, i.e. gripper_link -z), mesh y for the moving jaw (its
     finger points along -y, away from the joint).
  3. Cut the part into 1 mm slabs along that axis. For each slab take the axis-aligned bounding box
     (in the mesh frame) of the triangles CLIPPED to the slab: the triangle vertices inside the
     slab plus the points where triangle edges cross the slab's two planes. The box of several
     consecutive slabs is the union of their boxes, so every point of every triangle lies in the
     box of the slab range that contains it: the boxes together enclose the whole mesh surface.
  4. Choose the K-1 cut planes (on the 1 mm grid) that minimise the total volume of the K boxes,
     by dynamic programming over the slabs (exact for that grid). K = 4 for the fixed-jaw part
     (top plate, servo cradle, finger, fingertip pad) and K = 3 for the moving jaw (hub, finger,
     fingertip). Each box is then axis-aligned in the mesh frame; its URDF origin is the upstream
     mesh origin composed with the box centre (same rpy as the mesh).
  5. Check the grasp with forward kinematics in numpy (joint "gripper": origin, axis and limits read
     from the upstream URDF): the fixed finger's inner face is the +x face (gripper_link) of the
     fixed-jaw boxes; the moving finger's inner surface at a height z is the smallest x of the
     moving-jaw boxes' cross-sections (rotated rectangles in the gripper_link x-z plane, since the
     joint axis is gripper_link -y) at that height. The tool point is gripper_frame_link.

Usage (from the repository root):
    python3 tools/robots/so101_jaw_boxes.py [--erd DIR] [--xml] [--check robots/so101/robot.urdf]
  --erd    the so_arm_description folder of example-robot-data 6.0.0 (default: the pip-installed one)
           (pip download example-robot-data; unzip; .../cmeel.prefix/share/example-robot-data/
           robots/so_arm_description)
  --xml    also print the <visual>/<collision> elements to paste into robot.urdf
  --check  compare the boxes in that URDF with the computed ones, and cross-check the numpy
           forward kinematics with pinocchio (if installed) on that URDF.

Needs numpy only (pinocchio optional, for --check).
"""

import argparse
import math
import os
import struct
import sys
import xml.etree.ElementTree as ET

import numpy as np

def default_erd():
    """The so_arm_description folder of an installed `example-robot-data` (pip install example-robot-data)."""
    import sysconfig
    return os.path.join(sysconfig.get_paths()["purelib"], "cmeel.prefix", "share", "example-robot-data",
                        "robots", "so_arm_description")


DEFAULT_ERD = default_erd()
SLAB = 0.001          # slab thickness along the long axis [m]
CUBE = 0.030          # edge of the test cube [m]

# (mesh stem, link, long axis index in the mesh frame, number of boxes, names of the boxes from
#  the low end of the long axis to the high end)
PARTS = [
    ("wrist_roll_follower_so101_v1", "gripper_link", 2, 4,
     ["top_plate", "servo_cradle", "fixed_finger", "fixed_fingertip"]),
    ("moving_jaw_so101_v1", "moving_jaw_so101_v1_link", 1, 3,
     ["moving_fingertip", "moving_finger", "moving_jaw_hub"]),
]
FINGER_BOXES = {"gripper_link": ["fixed_finger", "fixed_fingertip"],
                "moving_jaw_so101_v1_link": ["moving_finger", "moving_fingertip"]}


# ----------------------------------------------------------------------------------------- STL

def read_stl(path):
    """Triangles of an STL file as an (n, 3, 3) float64 array (binary or ASCII)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) >= 84:
        n = struct.unpack("<I", data[80:84])[0]
        if 84 + 50 * n == len(data):
            rec = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
            return np.frombuffer(data, dtype=rec, count=n, offset=84)["v"].astype(np.float64)
    verts = []
    for line in data.decode("ascii", errors="replace").splitlines():
        tok = line.split()
        if len(tok) == 4 and tok[0] == "vertex":
            verts.append([float(t) for t in tok[1:]])
    if not verts or len(verts) % 3:
        raise ValueError(f"{path}: not a binary STL and no ASCII facets")
    return np.asarray(verts, dtype=np.float64).reshape(-1, 3, 3)


# ------------------------------------------------------------------------------------ geometry

def rpy_matrix(rpy):
    r, p, y = rpy
    cr, sr, cp, sp, cy, sy = math.cos(r), math.sin(r), math.cos(p), math.sin(p), math.cos(y), math.sin(y)
    return np.array([[cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr],
                     [sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr],
                     [-sp, cp * sr, cp * cr]])


def axis_angle(axis, q):
    a = np.asarray(axis, float) / np.linalg.norm(axis)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + math.sin(q) * k + (1 - math.cos(q)) * k @ k


def origin_of(elem):
    o = elem.find("origin")
    xyz = [float(t) for t in o.get("xyz", "0 0 0").split()] if o is not None else [0.0] * 3
    rpy = [float(t) for t in o.get("rpy", "0 0 0").split()] if o is not None else [0.0] * 3
    return np.array(xyz), np.array(rpy)


def slab_boxes(tris, axis, edges):
    """AABB (lo, hi) of the triangles clipped to each slab [edges[i], edges[i+1]]."""
    n = len(edges) - 1
    lo = np.full((n, 3), np.inf)
    hi = np.full((n, 3), -np.inf)
    pts = tris.reshape(-1, 3)

    def add(points):
        if len(points) == 0:
            return
        s = np.clip(np.searchsorted(edges, points[:, axis], side="right") - 1, 0, n - 1)
        np.minimum.at(lo, s, points)
        np.maximum.at(hi, s, points)

    add(pts)
    # edge / plane crossings belong to both neighbouring slabs
    for i, j in ((0, 1), (1, 2), (2, 0)):
        a, b = tris[:, i], tris[:, j]
        za, zb = a[:, axis], b[:, axis]
        for k, c in enumerate(edges):
            m = (np.minimum(za, zb) < c) & (np.maximum(za, zb) > c)
            if not m.any():
                continue
            t = (c - za[m]) / (zb[m] - za[m])
            p = a[m] + t[:, None] * (b[m] - a[m])
            p[:, axis] = c
            for s in (k - 1, k):
                if 0 <= s < n:
                    lo[s] = np.minimum(lo[s], p.min(0))
                    hi[s] = np.maximum(hi[s], p.max(0))
    return lo, hi


def best_cuts(lo, hi, k):
    """Split slabs 0..n-1 into k consecutive runs minimising the total AABB volume (DP)."""
    n = len(lo)
    # box of slabs i..j-1
    blo = np.full((n + 1, n + 1, 3), np.inf)
    bhi = np.full((n + 1, n + 1, 3), -np.inf)
    for i in range(n):
        cl, ch = np.full(3, np.inf), np.full(3, -np.inf)
        for j in range(i + 1, n + 1):
            cl = np.minimum(cl, lo[j - 1])
            ch = np.maximum(ch, hi[j - 1])
            blo[i, j], bhi[i, j] = cl, ch
    vol = np.prod(np.clip(bhi - blo, 0, None), axis=2)
    vol[~np.isfinite(vol)] = 0.0
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(k + 1)]
    arg = [[0] * (n + 1) for _ in range(k + 1)]
    cost[0][0] = 0.0
    for m in range(1, k + 1):
        for j in range(1, n + 1):
            for i in range(m - 1, j):
                c = cost[m - 1][i] + vol[i, j]
                if c < cost[m][j]:
                    cost[m][j], arg[m][j] = c, i
    runs, j = [], n
    for m in range(k, 0, -1):
        i = arg[m][j]
        runs.append((i, j))
        j = i
    runs.reverse()
    return [(blo[i, j], bhi[i, j]) for i, j in runs]


def part_boxes(tris, axis, k):
    a0 = math.floor(tris[..., axis].min() / SLAB) * SLAB
    a1 = math.ceil(tris[..., axis].max() / SLAB) * SLAB
    edges = np.linspace(a0, a1, int(round((a1 - a0) / SLAB)) + 1)
    lo, hi = slab_boxes(tris, axis, edges)
    return best_cuts(lo, hi, k)


# --------------------------------------------------------------------------------- upstream URDF

def read_upstream(erd):
    root = ET.parse(os.path.join(erd, "urdf", "so101.urdf")).getroot()
    mesh_origin = {}
    for link in root.findall("link"):
        for vis in link.findall("visual"):
            mesh = vis.find("geometry/mesh")
            if mesh is None:
                continue
            stem = os.path.splitext(os.path.basename(mesh.get("filename")))[0]
            mesh_origin[(link.get("name"), stem)] = origin_of(vis)
    joints = {j.get("name"): j for j in root.findall("joint")}
    g = joints["gripper"]
    lim = g.find("limit")
    gripper = dict(origin=origin_of(g), axis=np.array([float(t) for t in g.find("axis").get("xyz").split()]),
                   lower=float(lim.get("lower")), upper=float(lim.get("upper")),
                   parent=g.find("parent").get("link"), child=g.find("child").get("link"))
    tool = origin_of(joints["gripper_frame_joint"])
    return mesh_origin, gripper, tool


def clean(v, eps=1e-6):
    """CAD round-off (|x| < 1e-6, e.g. 8e-17 m or 5e-17 rad) written as 0, as in robot.urdf."""
    return np.where(np.abs(v) < eps, 0.0, v)


def build_boxes(erd):
    mesh_origin, gripper, tool = read_upstream(erd)
    boxes = []   # dicts: name, link, part, centre_link (3), R_link (3x3), rpy, size, lo, hi (mesh)
    for stem, link, axis, k, names in PARTS:
        tris = read_stl(os.path.join(erd, "meshes", "so101", stem + ".stl"))
        xyz, rpy = mesh_origin[(link, stem)]
        xyz, rpy = clean(xyz), clean(rpy)
        R = rpy_matrix(rpy)
        for name, (lo, hi) in zip(names, part_boxes(tris, axis, k)):
            c = 0.5 * (lo + hi)
            boxes.append(dict(name=name, link=link, part=stem, lo=lo, hi=hi, size=hi - lo,
                              centre=xyz + R @ c, R=R, rpy=rpy, ntri=len(tris)))
    return boxes, gripper, tool


# ------------------------------------------------------------------------------------ kinematics

def child_in_parent(gripper, q):
    """Pose (R, p) of the moving jaw link in gripper_link at joint angle q."""
    xyz, rpy = gripper["origin"]
    R0 = rpy_matrix(clean(rpy))
    return R0 @ axis_angle(gripper["axis"], q), xyz


def box_corners(b):
    h = 0.5 * b["size"]
    signs = np.array([[sx, sy, sz] for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)])
    return b["centre"] + (signs * h) @ b["R"].T


def in_gripper(b, gripper, q):
    if b["link"] == gripper["parent"]:
        return box_corners(b)
    R, p = child_in_parent(gripper, q)
    return box_corners(b) @ R.T + p


def convex_hull_2d(p):
    p = sorted(set(map(tuple, np.round(p, 12))))
    if len(p) <= 2:
        return np.array(p)

    def half(pts):
        h = []
        for q in pts:
            while len(h) >= 2 and ((h[-1][0] - h[-2][0]) * (q[1] - h[-2][1])
                                   - (h[-1][1] - h[-2][1]) * (q[0] - h[-2][0])) <= 0:
                h.pop()
            h.append(q)
        return h
    lower, upper = half(p), half(p[::-1])
    return np.array(lower[:-1] + upper[:-1])


def clip_band(poly, z0, z1):
    """Clip a convex polygon in (x, z) to z0 <= z <= z1 (Sutherland-Hodgman)."""
    def clip(pts, keep, cross):
        out = []
        for i in range(len(pts)):
            a, b = pts[i], pts[(i + 1) % len(pts)]
            ka, kb = keep(a), keep(b)
            if ka:
                out.append(a)
            if ka != kb:
                out.append(cross(a, b))
        return out

    def at(z):
        return lambda a, b: a + (z - a[1]) / (b[1] - a[1]) * (b - a)
    pts = [np.asarray(v, float) for v in poly]
    pts = clip(pts, lambda v: v[1] >= z0, at(z0)) if pts else pts
    pts = clip(pts, lambda v: v[1] <= z1, at(z1)) if pts else pts
    return np.array(pts)


def moving_min_x(boxes, gripper, q, z0, z1, y0, y1):
    """Smallest gripper_link x of the moving-jaw finger boxes within z0<=z<=z1 (None if none)."""
    best = None
    for b in boxes:
        if b["name"] not in FINGER_BOXES[gripper["child"]]:
            continue
        c = in_gripper(b, gripper, q)
        if c[:, 1].max() < y0 or c[:, 1].min() > y1:
            continue
        poly = clip_band(convex_hull_2d(c[:, [0, 2]]), z0, z1)
        if len(poly):
            x = poly[:, 0].min()
            best = x if best is None else min(best, x)
    return best


def fixed_inner_x(boxes, gripper, z0, z1):
    """Largest x (inner face) of the fixed finger boxes that reach the band z0..z1."""
    xs = [box_corners(b)[:, 0].max() for b in boxes
          if b["name"] in FINGER_BOXES[gripper["parent"]]
          and box_corners(b)[:, 2].min() <= z1 and box_corners(b)[:, 2].max() >= z0]
    return max(xs) if xs else None


def signed_distance(b, p):
    """Signed distance from p to the box surface (negative inside)."""
    d = np.abs(b["R"].T @ (p - b["centre"])) - 0.5 * b["size"]
    return float(np.linalg.norm(np.maximum(d, 0.0)) + min(d.max(), 0.0))


# ----------------------------------------------------------------------------------------- output

def fmt(x):
    return "0" if x == 0 else f"{x:.6g}"


def xml_for(b, material="3d_printed"):
    xyz = " ".join(fmt(v) for v in b["centre"])
    rpy = " ".join(fmt(v) for v in np.round(b["rpy"], 5))
    size = " ".join(fmt(v) for v in b["size"])
    name = f'{b["part"]}_{b["name"]}'
    geo = f'<geometry><box size="{size}"/></geometry>'
    return (f'    <visual name="{name}">\n      <origin xyz="{xyz}" rpy="{rpy}"/>\n      {geo}\n'
            f'      <material name="{material}"/>\n    </visual>\n'
            f'    <collision name="{name}">\n      <origin xyz="{xyz}" rpy="{rpy}"/>\n      {geo}\n'
            f'    </collision>\n')


def check_urdf(path, boxes, gripper, tool):
    root = ET.parse(path).getroot()
    ok = True
    for b in boxes:
        name = f'{b["part"]}_{b["name"]}'
        link = root.find(f'link[@name="{b["link"]}"]')
        for tag in ("visual", "collision"):
            e = link.find(f'{tag}[@name="{name}"]') if link is not None else None
            if e is None:
                print(f"  MISSING {tag} {name} in {b['link']}")
                ok = False
                continue
            xyz, rpy = origin_of(e)
            size = np.array([float(t) for t in e.find("geometry/box").get("size").split()])
            err = max(np.abs(xyz - b["centre"]).max(), np.abs(size - b["size"]).max(),
                      np.abs(rpy_matrix(rpy) - b["R"]).max())
            if err > 1e-5:
                print(f"  MISMATCH {tag} {name}: {err:.2e}")
                ok = False
    for link in (gripper["parent"], gripper["child"]):
        e = root.find(f'link[@name="{link}"]')
        for tag in ("visual", "collision"):
            for g in e.findall(tag):
                if g.get("name", "") in {p for p, *_ in PARTS}:
                    print(f"  STALE single box {tag} {g.get('name')} still in {link}")
                    ok = False
    print(f"  boxes in {path}: {'match' if ok else 'DO NOT match'} the computed ones")
    try:
        import pinocchio as pin
    except ImportError:
        print("  (pinocchio not installed: FK cross-check skipped)")
        return ok
    model = pin.buildModelFromUrdf(path)
    data = model.createData()
    jid = model.getJointId("gripper")
    fg = model.getFrameId("gripper_link")
    fj = model.getFrameId(gripper["child"])
    ft = model.getFrameId("gripper_frame_link")
    worst = 0.0
    rng = np.random.default_rng(0)
    for _ in range(5):
        qv = pin.randomConfiguration(model)
        pin.framesForwardKinematics(model, data, qv)
        q = float(qv[model.joints[jid].idx_q])
        Mg = data.oMf[fg]
        rel_j = Mg.actInv(data.oMf[fj])
        rel_t = Mg.actInv(data.oMf[ft])
        R, p = child_in_parent(gripper, q)
        Rt = rpy_matrix(clean(tool[1]))
        worst = max(worst, np.abs(rel_j.rotation - R).max(), np.abs(rel_j.translation - p).max(),
                    np.abs(rel_t.translation - tool[0]).max(), np.abs(rel_t.rotation - Rt).max())
    print(f"  pinocchio FK cross-check (jaw link and tool frame in gripper_link, 5 random q): "
          f"max error {worst:.1e}")
    return ok and worst < 1e-4


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--erd", default=DEFAULT_ERD)
    ap.add_argument("--xml", action="store_true")
    ap.add_argument("--check")
    args = ap.parse_args()

    boxes, gripper, tool = build_boxes(args.erd)
    mesh_origin, _, _ = read_upstream(args.erd)
    mesh_pts = {}
    for stem, link, *_ in PARTS:
        xyz, rpy = mesh_origin[(link, stem)]
        v = read_stl(os.path.join(args.erd, "meshes", "so101", stem + ".stl")).reshape(-1, 3)
        mesh_pts[link] = v @ rpy_matrix(clean(rpy)).T + clean(xyz)
    mm = 1000.0
    print("Boxes (mesh frame AABB of the clipped triangles; origin = upstream mesh origin o box centre)")
    for b in boxes:
        print(f"  {b['link']:26s} {b['part']}_{b['name']:16s} size {b['size'][0]*mm:5.1f} x "
              f"{b['size'][1]*mm:5.1f} x {b['size'][2]*mm:5.1f} mm   mesh-frame range "
              + " ".join(f"[{l*mm:6.1f},{h*mm:6.1f}]" for l, h in zip(b["lo"], b["hi"]))
              + f"   centre in link ({', '.join(f'{v*mm:.2f}' for v in b['centre'])}) mm")
    if args.xml:
        for link in (gripper["parent"], gripper["child"]):
            print(f"\n<!-- {link} -->")
            for b in boxes:
                if b["link"] == link:
                    print(xml_for(b), end="")

    # tool point and the fingers, in gripper_link (independent of the arm's pose)
    t = tool[0]
    print(f"\nTool point gripper_frame_link in gripper_link: ({', '.join(f'{v*mm:.2f}' for v in t)}) mm")
    fin = [b for b in boxes if b["name"] in FINGER_BOXES[gripper["parent"]]]
    tipbox = [b for b in fin if box_corners(b)[:, 2].min() <= t[2] <= box_corners(b)[:, 2].max()][0]
    tc = box_corners(tipbox)
    print(f"  fixed fingertip box: x [{tc[:,0].min()*mm:.2f}, {tc[:,0].max()*mm:.2f}]  "
          f"y [{tc[:,1].min()*mm:.2f}, {tc[:,1].max()*mm:.2f}]  z [{tc[:,2].min()*mm:.2f}, {tc[:,2].max()*mm:.2f}] mm")
    print(f"  tool point - fixed inner face (x): {(t[0]-tc[:,0].max())*mm:+.3f} mm; "
          f"above the fixed fingertip end by {(t[2]-tc[:,2].min())*mm:.2f} mm; "
          f"y offset from the fingertip box centre {(t[1]-tc[:,1].mean())*mm:+.2f} mm")
    print("  signed distance of the tool point to each gripper_link box (negative = inside; the STL is "
          "float32, so |d| < 1e-6 m means 'on the face'):")
    for b in boxes:
        if b["link"] == gripper["parent"]:
            print(f"    {b['part']}_{b['name']:16s} {signed_distance(b, t)*mm:+8.4f} mm")

    # gap table
    zc, yc = t[2], t[1]
    z0, z1 = zc - CUBE / 2, zc + CUBE / 2
    y0, y1 = yc - CUBE / 2, yc + CUBE / 2
    xf_tool = fixed_inner_x(boxes, gripper, zc, zc)
    xf_band = fixed_inner_x(boxes, gripper, z0, z1)
    print(f"\nFixed finger inner face x at the tool height: {xf_tool*mm:.2f} mm; "
          f"max over the cube band z {z0*mm:.1f}..{z1*mm:.1f} mm: {xf_band*mm:.2f} mm")
    print("Gap = moving finger inner surface x - fixed finger inner face x (gripper_link x, i.e. "
          "across the jaws).")
    print("  'at tool' = on the line z = z_tool; 'band' = min over z_tool +- 15 mm (a 30 mm cube "
          "centred on the tool height); inf = no moving finger box there (jaw swung clear)")
    print("  'mesh band' = the same band gap from the STL vertices themselves (reference: how "
          "conservative the boxes are)")
    fv = mesh_pts[gripper["parent"]]
    fsel = (fv[:, 2] >= z0) & (fv[:, 2] <= z1) & (fv[:, 1] >= y0) & (fv[:, 1] <= y1)
    xf_mesh = fv[fsel, 0].max()

    def mesh_band(q):
        R, p = child_in_parent(gripper, q)
        v = mesh_pts[gripper["child"]] @ R.T + p
        sel = (v[:, 2] >= z0) & (v[:, 2] <= z1) & (v[:, 1] >= y0) & (v[:, 1] <= y1)
        return v[sel, 0].min() - xf_mesh if sel.any() else None
    print(f"  {'q [rad]':>8s} {'q [deg]':>8s} {'gap at tool [mm]':>17s} {'gap band [mm]':>14s} "
          f"{'mesh band [mm]':>15s}   moving fingertip end (x, z) [mm]")
    R0, p0 = child_in_parent(gripper, 0.0)
    tip_local = [b for b in boxes if b["name"] == FINGER_BOXES[gripper["child"]][-1]][0]
    qs = [gripper["lower"], 0.0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, gripper["upper"]]
    for q in qs:
        a = moving_min_x(boxes, gripper, q, zc, zc, y0, y1)
        bnd = moving_min_x(boxes, gripper, q, z0, z1, y0, y1)
        c = in_gripper(tip_local, gripper, q)
        end = c[np.argmin(c[:, 2])]
        s_a = "inf" if a is None else f"{(a - xf_tool)*mm:.1f}"
        s_b = "inf" if bnd is None else f"{(bnd - xf_band)*mm:.1f}"
        mb = mesh_band(q)
        s_m = "inf" if mb is None else f"{mb*mm:.1f}"
        print(f"  {q:8.3f} {math.degrees(q):8.1f} {s_a:>17s} {s_b:>14s} {s_m:>15s}   "
              f"({end[0]*mm:6.1f}, {end[2]*mm:6.1f})")

    # angle at which a 30 mm cube (flat against the fixed finger, centred on the tool height and
    # y) is touched by the moving finger, closing from open
    def first_crossing(g):
        """Smallest q in the joint range with g(q) > 0 (g increases as the jaw opens)."""
        qs_f = np.linspace(gripper["lower"], gripper["upper"], 2001)
        vals = [g(q) for q in qs_f]
        first = next(i for i, v in enumerate(vals) if v > 0)
        a, b = qs_f[first - 1], qs_f[first]
        for _ in range(60):
            m = 0.5 * (a + b)
            a, b = (m, b) if g(m) <= 0 else (a, m)
        return 0.5 * (a + b)

    def at_tool_gap(q):
        x = moving_min_x(boxes, gripper, q, zc, zc, y0, y1)
        return float("inf") if x is None else x - xf_tool
    q30 = first_crossing(lambda q: at_tool_gap(q) - CUBE)
    print(f"\nGap at the tool height = 30 mm at q = {q30:.4f} rad ({math.degrees(q30):.1f} deg); "
          f"= 35 mm at q = {first_crossing(lambda q: at_tool_gap(q) - 0.035):.4f} rad")

    def g(q):
        x = moving_min_x(boxes, gripper, q, z0, z1, y0, y1)
        return float("inf") if x is None else x - (xf_band + CUBE)
    qc = first_crossing(g)
    qm = first_crossing(lambda q: (mesh_band(q) if mesh_band(q) is not None else 1.0) - CUBE)
    at_tool = moving_min_x(boxes, gripper, qc, zc, zc, y0, y1)
    print(f"30 mm cube (axis-aligned in gripper_link) flat against the fixed finger's inner face, "
          f"centred on the tool point's y and z: touched by the moving finger box at q = {qc:.4f} rad "
          f"({math.degrees(qc):.1f} deg); by the STL itself at q = {qm:.4f} rad ({math.degrees(qm):.1f} deg)")
    print(f"  gap at the tool height at that angle: "
          f"{'inf' if at_tool is None else f'{(at_tool - xf_tool)*mm:.1f} mm'}")
    # where on the moving finger the contact is
    cz = None
    for zz in np.linspace(z0, z1, 301):
        x = moving_min_x(boxes, gripper, qc, zz, zz, y0, y1)
        if x is not None and abs(x - (xf_band + CUBE)) < 2e-5:
            cz = zz if cz is None else cz
    if cz is not None:
        print(f"  contact height on the cube: z = {cz*mm:.1f} mm (tool at {zc*mm:.1f} mm; "
              f"{(cz - zc)*mm:+.1f} mm from the tool height)")
    # open gripper requirement
    for q in (1.2, 1.4, gripper["upper"]):
        x = moving_min_x(boxes, gripper, q, z0, z1, y0, y1)
        print(f"  open q = {q:.3f}: free width across the cube band "
              f"{'unbounded (no moving-jaw finger box in the band)' if x is None else f'{(x - xf_band)*mm:.1f} mm'}")

    if args.check:
        print(f"\nCheck {args.check}")
        if not check_urdf(args.check, boxes, gripper, tool):
            sys.exit(1)


if __name__ == "__main__":
    main()
