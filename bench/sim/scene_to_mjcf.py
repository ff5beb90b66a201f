#!/usr/bin/env python3
"""Convert an Embody simulator scene (TOML) and its robot URDF into an equivalent MuJoCo MJCF model.

Usage: scene_to_mjcf.py SCENE.toml [--out FILE.xml] [--robot-friction MU] [--default-friction MU]

Only the Python standard library is used (tomllib, xml.etree), so the converter runs without MuJoCo.
Every modelling choice is listed in bench/sim/README.md; the short version:

* Robot: the URDF tree becomes a MuJoCo body tree placed at the scene's [robot] position/rpy, with
  the root link welded to the world. Fixed joints become nested bodies without joints. Revolute ->
  hinge (limited), continuous -> hinge (unlimited), prismatic -> slide (limited). URDF <dynamics>
  damping -> joint damping, friction -> frictionloss. Armature from robot.toml (per joint).
  Inertials are written explicitly (inertiafromgeom="false"): URDF mass, CoM and the full inertia
  tensor rotated from the inertial frame into the link frame (MJCF fullinertia).
* Collision: URDF <collision> box/cylinder/sphere (and the non-standard capsule) become geoms
  (box size -> half extents, cylinder/capsule length -> half length). Meshes are skipped (reported on
  stderr and as an XML comment). <visual> is not converted.
* Actuators: one MuJoCo <position> actuator per robot.toml [[joints]] entry, kp = kp, kv = kd,
  forcerange = +-max_torque. The keyframe "initial" holds qpos = ctrl = the scene's [robot] initial.
* Scene bodies: non-static [[body]] -> body with a freejoint, explicit inertia of a solid of the
  scene's mass; static -> worldbody geom; plane -> infinite type="plane".
* Friction: geom friction = (mu, 0.005, 0.0001) with condim 3 (MuJoCo default), so only sliding
  friction acts. MuJoCo combines a pair by max(); Embody by geometric mean: identical when the two
  geoms have equal mu (see README).
* Contact / solver: MuJoCo defaults (Newton, pyramidal cone, Euler integrator, solref 0.02 1,
  default solimp, margin 0). Robot links never collide with each other (as in Embody's
  shouldCollide; contype/conaffinity bits); --self-collision restores MuJoCo's default (all pairs
  except parent/child, with explicit excludes because the base is welded to the world).
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

EMBODY_DEFAULT_FRICTION = 0.8  # Sources/Physics/Shape.swift: Material(friction: 0.8, restitution: 0)
EMBODY_MARGIN = 0.002          # Sources/Physics/WorldModel.swift: ContactParameters.margin (speculative contacts)

# Collision bits. Embody (Sources/Physics/CollisionDetection.swift, shouldCollide) never collides robot
# parts with each other; MuJoCo collides a pair when (contype1 & conaffinity2) || (contype2 & conaffinity1).
# Robot geoms: contype 2, conaffinity 1; scene geoms: contype 1, conaffinity 3 -> robot-robot pairs never
# collide, robot-scene and scene-scene pairs do. --self-collision gives robot geoms 1/1 (MuJoCo default).
ROBOT_BITS = dict(contype="2", conaffinity="1")
SCENE_BITS = dict(contype="1", conaffinity="3")


# --------------------------------------------------------------------------- small 3-D helpers
def rpy_to_quat(rpy):
    """URDF / scene rpy (fixed axes X, then Y, then Z: R = Rz(y) Ry(p) Rx(r)) -> MuJoCo quat (w x y z)."""
    r, p, y = (float(v) for v in rpy)
    cr, sr = math.cos(r / 2), math.sin(r / 2)
    cp, sp = math.cos(p / 2), math.sin(p / 2)
    cy, sy = math.cos(y / 2), math.sin(y / 2)
    return (cr * cp * cy + sr * sp * sy,
            sr * cp * cy - cr * sp * sy,
            cr * sp * cy + sr * cp * sy,
            cr * cp * sy - sr * sp * cy)


def rpy_to_mat(rpy):
    r, p, y = (float(v) for v in rpy)
    cr, sr, cp, sp, cy, sy = math.cos(r), math.sin(r), math.cos(p), math.sin(p), math.cos(y), math.sin(y)
    return [[cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr],
            [sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr],
            [-sp, cp * sr, cp * cr]]


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def transpose(a):
    return [[a[j][i] for j in range(3)] for i in range(3)]


def matvec(a, v):
    return [sum(a[i][k] * v[k] for k in range(3)) for i in range(3)]


def norm(v):
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v] if n > 0 else list(v)


def cross(a, b):
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


def f(x):
    """Compact, round-trip-exact float formatting."""
    x = float(x)
    if x == 0:
        return "0"
    return repr(x)


def fv(v):
    return " ".join(f(x) for x in v)


def warn(msg):
    print(f"scene_to_mjcf: warning: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------- URDF
@dataclass
class Collision:
    name: str
    xyz: list
    rpy: list
    kind: str          # box | cylinder | sphere | capsule | mesh
    params: dict


@dataclass
class Link:
    name: str
    mass: float | None = None
    com: list = field(default_factory=lambda: [0.0, 0.0, 0.0])
    inertia_rpy: list = field(default_factory=lambda: [0.0, 0.0, 0.0])
    inertia: dict | None = None
    collisions: list = field(default_factory=list)


@dataclass
class Joint:
    name: str
    type: str
    parent: str
    child: str
    xyz: list
    rpy: list
    axis: list
    lower: float | None = None
    upper: float | None = None
    damping: float = 0.0
    friction: float = 0.0


def _vec(s, default):
    if s is None:
        return list(default)
    return [float(x) for x in s.split()]


def _origin(el):
    o = el.find("origin") if el is not None else None
    if o is None:
        return [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]
    return _vec(o.get("xyz"), [0, 0, 0]), _vec(o.get("rpy"), [0, 0, 0])


def parse_urdf(path):
    root = ET.parse(path).getroot()
    links, joints = {}, []
    for le in root.findall("link"):
        link = Link(le.get("name"))
        ie = le.find("inertial")
        if ie is not None:
            link.com, link.inertia_rpy = _origin(ie)
            me = ie.find("mass")
            link.mass = float(me.get("value")) if me is not None else 0.0
            ine = ie.find("inertia")
            if ine is not None:
                link.inertia = {k: float(ine.get(k, "0")) for k in ("ixx", "iyy", "izz", "ixy", "ixz", "iyz")}
        for i, ce in enumerate(le.findall("collision")):
            xyz, rpy = _origin(ce)
            ge = ce.find("geometry")
            shape = list(ge)[0] if ge is not None and len(ge) else None
            if shape is None:
                continue
            params = {k: v for k, v in shape.attrib.items()}
            link.collisions.append(Collision(ce.get("name") or str(i), xyz, rpy, shape.tag, params))
        links[link.name] = link
    for je in root.findall("joint"):
        xyz, rpy = _origin(je)
        axis_el = je.find("axis")
        j = Joint(je.get("name"), je.get("type"), je.find("parent").get("link"), je.find("child").get("link"),
                  xyz, rpy, _vec(axis_el.get("xyz") if axis_el is not None else None, [1, 0, 0]))
        lim = je.find("limit")
        if lim is not None:
            j.lower = float(lim.get("lower")) if lim.get("lower") is not None else None
            j.upper = float(lim.get("upper")) if lim.get("upper") is not None else None
        dyn = je.find("dynamics")
        if dyn is not None:
            j.damping = float(dyn.get("damping", "0"))
            j.friction = float(dyn.get("friction", "0"))
        if je.find("mimic") is not None:
            warn(f"joint {j.name}: <mimic> is ignored (the joint is independent)")
        joints.append(j)
    children = {j.child for j in joints}
    roots = [n for n in links if n not in children]
    if len(roots) != 1:
        raise SystemExit(f"scene_to_mjcf: URDF {path} must have exactly one root link, found {roots}")
    return root.get("name", "robot"), links, joints, roots[0]


def load_robot_toml(urdf_path):
    """robot.toml next to the URDF whose [robot].urdf points at it (Embody's robots/<name>/ layout)."""
    d = os.path.dirname(urdf_path)
    for cand in sorted(os.listdir(d)):
        if not cand.endswith(".toml"):
            continue
        p = os.path.join(d, cand)
        try:
            with open(p, "rb") as fh:
                t = tomllib.load(fh)
        except Exception:
            continue
        u = t.get("robot", {}).get("urdf")
        if u and os.path.realpath(os.path.join(d, u)) == os.path.realpath(urdf_path):
            return p, t
    return None, {}


# --------------------------------------------------------------------------- inertia of primitives
def solid_inertia(shape, size, mass):
    """Principal moments of a uniform solid (scene sizes: box full extents, capsule/cylinder [r, length] along z)."""
    if shape == "box":
        a, b, c = size
        return [mass / 12 * (b * b + c * c), mass / 12 * (a * a + c * c), mass / 12 * (a * a + b * b)]
    if shape == "sphere":
        r = size[0]
        return [0.4 * mass * r * r] * 3
    if shape == "cylinder":
        r, L = size
        i = mass * (3 * r * r + L * L) / 12
        return [i, i, 0.5 * mass * r * r]
    if shape == "capsule":
        r, L = size
        vc, vs = math.pi * r * r * L, 4.0 / 3.0 * math.pi * r ** 3
        mc, ms = mass * vc / (vc + vs), mass * vs / (vc + vs)
        ixx = mc * (L * L / 12 + r * r / 4) + ms * (0.4 * r * r + L * L / 4 + 3 * L * r / 8)
        return [ixx, ixx, mc * r * r / 2 + ms * 0.4 * r * r]
    raise ValueError(shape)


def solid_volume(shape, size):
    if shape == "box":
        return size[0] * size[1] * size[2]
    if shape == "sphere":
        return 4.0 / 3.0 * math.pi * size[0] ** 3
    if shape == "cylinder":
        return math.pi * size[0] ** 2 * size[1]
    if shape == "capsule":
        return math.pi * size[0] ** 2 * size[1] + 4.0 / 3.0 * math.pi * size[0] ** 3
    return 0.0


def mj_size(shape, size):
    if shape == "box":
        return [s / 2 for s in size]
    if shape == "sphere":
        return [size[0]]
    if shape in ("capsule", "cylinder"):
        return [size[0], size[1] / 2]
    if shape == "plane":
        return [0, 0, 1]  # 0, 0: infinite (rendered with a default extent); 1: grid spacing
    raise ValueError(shape)


def rgba(color):
    if isinstance(color, (list, tuple)) and len(color) in (3, 4):
        c = [float(x) for x in color]
        if max(c) > 1.0:
            c = [x / 255.0 for x in c]
        return c + [1.0] if len(c) == 3 else c
    return None


# --------------------------------------------------------------------------- conversion
class Converter:
    def __init__(self, scene_path, robot_friction=None, default_friction=EMBODY_DEFAULT_FRICTION,
                 self_collision=False, margin=0.0, solver=None, iterations=None):
        self.scene_path = os.path.abspath(scene_path)
        with open(scene_path, "rb") as fh:
            self.scene = tomllib.load(fh)
        self.default_friction = default_friction
        self.robot_friction = default_friction if robot_friction is None else robot_friction
        self.notes = []          # human-readable list of what was skipped / assumed
        self.qpos, self.qvel, self.ctrl = [], [], []
        self.excludes = []
        self.self_collision = self_collision
        self.margin = margin
        self.solver = solver
        self.iterations = iterations

    def note(self, msg):
        self.notes.append(msg)
        warn(msg)

    def friction(self, mu):
        return f"{f(mu)} 0.005 0.0001"

    # ---- robot
    def add_robot(self, wb, robot, prefix, actuators):
        scene_dir = os.path.dirname(self.scene_path)
        urdf_path = os.path.normpath(os.path.join(scene_dir, robot["urdf"]))
        name, links, joints, root_link = parse_urdf(urdf_path)
        toml_path, rtoml = load_robot_toml(urdf_path)
        if toml_path is None:
            self.note(f"no robot.toml found next to {urdf_path}: no actuators, no armature")
        tj = {j["name"]: j for j in rtoml.get("joints", [])}
        initial = dict(robot.get("initial", {}))
        by_parent = {}
        for j in joints:
            by_parent.setdefault(j.parent, []).append(j)

        def add_link(parent_el, link_name, xyz, rpy, joint):
            link = links[link_name]
            b = ET.SubElement(parent_el, "body", name=prefix + link_name, pos=fv(xyz), quat=fv(rpy_to_quat(rpy)))
            if link.mass is not None and link.mass > 0:
                I = link.inertia or dict(ixx=0, iyy=0, izz=0, ixy=0, ixz=0, iyz=0)
                M = [[I["ixx"], I["ixy"], I["ixz"]], [I["ixy"], I["iyy"], I["iyz"]], [I["ixz"], I["iyz"], I["izz"]]]
                R = rpy_to_mat(link.inertia_rpy)
                Ml = matmul(matmul(R, M), transpose(R))  # inertia about the CoM, axes of the link frame
                ET.SubElement(b, "inertial", pos=fv(link.com), mass=f(link.mass),
                              fullinertia=fv([Ml[0][0], Ml[1][1], Ml[2][2], Ml[0][1], Ml[0][2], Ml[1][2]]))
            elif joint is not None and joint.type != "fixed":
                self.note(f"link {link_name} on moving joint {joint.name} has no inertial (MuJoCo may reject it)")
            if joint is not None and joint.type != "fixed":
                jn = prefix + joint.name
                attrs = dict(name=jn, axis=fv(norm(joint.axis)))
                if joint.type in ("revolute", "continuous"):
                    attrs["type"] = "hinge"
                elif joint.type == "prismatic":
                    attrs["type"] = "slide"
                else:
                    raise SystemExit(f"scene_to_mjcf: joint type {joint.type} ({joint.name}) not supported")
                if joint.type != "continuous" and joint.lower is not None and joint.upper is not None:
                    attrs["limited"] = "true"
                    attrs["range"] = f"{f(joint.lower)} {f(joint.upper)}"
                else:
                    attrs["limited"] = "false"
                if joint.damping:
                    attrs["damping"] = f(joint.damping)
                if joint.friction:
                    attrs["frictionloss"] = f(joint.friction)
                t = tj.get(joint.name, {})
                if "armature" in t:
                    attrs["armature"] = f(t["armature"])
                ET.SubElement(b, "joint", **attrs)
                q0 = float(initial.pop(joint.name, 0.0))
                self.qpos.append(q0)
                self.qvel.append(0.0)
                if joint.name in tj:
                    actuators.append((jn, t, q0))
            for ci, c in enumerate(link.collisions):
                gname = f"{prefix}{link_name}/{c.name}"
                g = dict(name=gname, pos=fv(c.xyz), quat=fv(rpy_to_quat(c.rpy)),
                         friction=self.friction(self.robot_friction), rgba="0.8 0.6 0.2 1")
                if not self.self_collision:
                    g.update(ROBOT_BITS)
                p = c.params
                if c.kind == "box":
                    g.update(type="box", size=fv([float(x) / 2 for x in p["size"].split()]))
                elif c.kind == "sphere":
                    g.update(type="sphere", size=f(float(p["radius"])))
                elif c.kind in ("cylinder", "capsule"):
                    g.update(type=c.kind, size=f"{f(float(p['radius']))} {f(float(p['length']) / 2)}")
                else:
                    self.note(f"link {link_name}: collision '{c.name}' is a {c.kind}: skipped (only primitives)")
                    ET.SubElement(b, "comment_placeholder", text=f"skipped {c.kind} collision {c.name}")
                    continue
                ET.SubElement(b, "geom", **g)
            if link_name == rtoml.get("robot", {}).get("tool_frame") or not link.collisions:
                ET.SubElement(b, "site", name=prefix + link_name + "/origin", size="0.005", rgba="1 0 0 1")
            for cj in by_parent.get(link_name, []):
                add_link(b, cj.child, cj.xyz, cj.rpy, cj)

        add_link(wb, root_link, robot.get("position", [0, 0, 0]), robot.get("rpy", [0, 0, 0]), None)
        # Parent/child contact filter. MuJoCo filters a body against its parent by default
        # (filterparent), but NOT when the parent is welded to the world -- which the fixed root link
        # is -- so the base/shoulder pair would collide. Exclude every pair (link in the child's
        # fixed-joint group, link in the parent's fixed-joint group) of each moving joint explicitly.
        group = {n: n for n in links}
        def find(n):
            while group[n] != n:
                n = group[n]
            return n
        for j in joints:
            if j.type == "fixed":
                group[find(j.child)] = find(j.parent)
        members = {}
        for n in links:
            members.setdefault(find(n), []).append(n)
        for j in joints:
            if j.type == "fixed":
                continue
            for a in members[find(j.parent)]:
                for b in members[find(j.child)]:
                    if links[a].collisions and links[b].collisions:
                        self.excludes.append((prefix + a, prefix + b))
        for k in initial:
            self.note(f"[robot] initial names unknown joint '{k}': ignored")
        for jn in tj:
            if jn not in {j.name for j in joints}:
                self.note(f"robot.toml joint '{jn}' not in URDF: no actuator")
        return urdf_path, toml_path

    # ---- scene bodies
    def add_body(self, wb, i, b):
        shape = b.get("shape", "box")
        name = b.get("name", f"body{i}")
        size = [float(x) for x in b.get("size", [])]
        static = bool(b.get("static", shape == "plane"))
        pos = b.get("position", [0, 0, 0])
        rpy = b.get("rpy", [0, 0, 0])
        mu = float(b.get("friction", self.default_friction))
        g = dict(name=name, type=shape, size=fv(mj_size(shape, size)), friction=self.friction(mu), **SCENE_BITS)
        col = rgba(b.get("color"))
        if col:
            g["rgba"] = fv(col)
        if b.get("restitution", 0):
            self.note(f"body {name}: restitution {b['restitution']} not modelled (MuJoCo has no restitution coefficient)")
        if static or shape == "plane":
            if shape == "plane" and not static:
                self.note(f"body {name}: a plane is always static in MuJoCo")
            ET.SubElement(wb, "geom", pos=fv(pos), quat=fv(rpy_to_quat(rpy)), **g)
            return
        mass = b.get("mass")
        if mass is None:
            mass = 1000.0 * solid_volume(shape, size)
            self.note(f"body {name}: no mass given; using density 1000 kg/m^3 -> {mass:.4g} kg")
        mass = float(mass)
        body = ET.SubElement(wb, "body", name=name, pos=fv(pos), quat=fv(rpy_to_quat(rpy)))
        ET.SubElement(body, "freejoint", name=name + "/free")
        ET.SubElement(body, "inertial", pos="0 0 0", mass=f(mass), diaginertia=fv(solid_inertia(shape, size, mass)))
        ET.SubElement(body, "geom", **g)
        self.qpos += [float(x) for x in pos] + list(rpy_to_quat(rpy))
        v = [float(x) for x in b.get("velocity", [0, 0, 0])]
        w = [float(x) for x in b.get("angular_velocity", [0, 0, 0])]
        # MuJoCo free joint: linear velocity in world axes, angular velocity in the body's local axes.
        w_local = matvec(transpose(rpy_to_mat(rpy)), w)
        self.qvel += v + w_local

    # ---- cameras
    def add_camera(self, wb, cam, prefix):
        name = cam.get("name", "camera")
        fovy = f(cam.get("fov_y_deg", 45))
        pos = cam.get("position", [0, 0, 0])
        if "link" in cam:
            parent = wb.find(f".//body[@name='{prefix}{cam['link']}']")
            if parent is None:
                self.note(f"camera {name}: link {cam['link']} not found; skipped")
                return
            # Assumption: the scene's rpy gives the camera frame in MuJoCo/OpenGL convention (looks along -z, y up).
            ET.SubElement(parent, "camera", name=name, pos=fv(pos), quat=fv(rpy_to_quat(cam.get("rpy", [0, 0, 0]))),
                          fovy=fovy)
            return
        target = cam.get("look_at", [0, 0, 0])
        fwd = norm([target[k] - pos[k] for k in range(3)])
        up = [0, 0, 1] if abs(fwd[2]) < 0.999 else [0, 1, 0]
        right = norm(cross(fwd, up))
        upv = cross(right, fwd)
        ET.SubElement(wb, "camera", name=name, pos=fv(pos), xyaxes=fv(right + upv), fovy=fovy)

    def convert(self):
        s = self.scene
        world = s.get("world", {})
        model = ET.Element("mujoco", model=os.path.splitext(os.path.basename(self.scene_path))[0])
        ET.SubElement(model, "compiler", angle="radian", inertiafromgeom="false", autolimits="true")
        opt = dict(timestep=f(world.get("timestep", 0.001)), gravity=fv(world.get("gravity", [0, 0, -9.81])))
        if self.solver:
            opt["solver"] = self.solver
        if self.iterations:
            opt["iterations"] = str(self.iterations)
        ET.SubElement(model, "option", **opt)
        # Contact margin: MuJoCo's default 0 unless --margin is given. Embody detects contacts up to
        # 2 mm apart (speculative); MuJoCo's margin is not the same thing: in MuJoCo 4.0.0 a pair's
        # margin is the SUM of the geoms' margins, the contact force acts from that distance on, and
        # `gap` did not change that in our test -- bodies then rest 2*margin above the surface.
        if self.margin:
            ET.SubElement(ET.SubElement(model, "default"), "geom", margin=f(self.margin), gap=f(self.margin))
        # MuJoCo defaults kept explicit in the file for the reader: Newton solver, pyramidal cone,
        # Euler integrator (implicit in joint damping), condim 3, solref 0.02 1, margin 0.
        vis = ET.SubElement(model, "visual")
        ET.SubElement(vis, "global", offwidth="640", offheight="480")
        wb = ET.SubElement(model, "worldbody")
        ET.SubElement(wb, "light", pos="0 0 3", dir="0 0 -1", directional="true")
        bodies = s.get("body", [])
        for i, b in enumerate(bodies):          # static geoms first: they add no qpos
            if b.get("static", b.get("shape") == "plane") or b.get("shape") == "plane":
                self.add_body(wb, i, b)
        robots = s.get("robot")
        robots = [] if robots is None else ([robots] if isinstance(robots, dict) else list(robots))
        actuators = []
        self.sources = []
        for ri, r in enumerate(robots):
            prefix = "" if len(robots) == 1 else f"{r.get('name', f'robot{ri}')}/"
            self.sources.append(self.add_robot(wb, r, prefix, actuators))
        for i, b in enumerate(bodies):
            if not (b.get("static", b.get("shape") == "plane") or b.get("shape") == "plane"):
                self.add_body(wb, i, b)
        for ri, r in enumerate(robots):
            prefix = "" if len(robots) == 1 else f"{r.get('name', f'robot{ri}')}/"
            for cam in s.get("camera", []):
                if ri == 0:
                    self.add_camera(wb, cam, prefix)
        if self.excludes and self.self_collision:
            con = ET.SubElement(model, "contact")
            for a, b in self.excludes:
                ET.SubElement(con, "exclude", body1=a, body2=b)
        act = ET.SubElement(model, "actuator")
        for jn, t, q0 in actuators:
            a = dict(name=jn, joint=jn, kp=f(t.get("kp", 0)), kv=f(t.get("kd", 0)))
            if "max_torque" in t:
                a.update(forcelimited="true", forcerange=f"{f(-t['max_torque'])} {f(t['max_torque'])}")
            ET.SubElement(act, "position", **a)
            self.ctrl.append(q0)
        kf = ET.SubElement(model, "keyframe")
        k = dict(name="initial", qpos=fv(self.qpos), qvel=fv(self.qvel))
        if self.ctrl:
            k["ctrl"] = fv(self.ctrl)
        ET.SubElement(kf, "key", **k)
        # turn placeholders into real XML comments
        for parent in model.iter():
            for ch in list(parent):
                if ch.tag == "comment_placeholder":
                    idx = list(parent).index(ch)
                    parent.remove(ch)
                    parent.insert(idx, ET.Comment(" " + ch.get("text") + " "))
        ET.indent(model)
        header = (f"<!-- Generated by bench/sim/scene_to_mjcf.py from {os.path.basename(self.scene_path)}"
                  + "".join(f"\n     note: {n}" for n in self.notes) + " -->\n")
        return header + ET.tostring(model, encoding="unicode") + "\n"


def convert(scene_path, **kw):
    """Returns (mjcf_xml_string, converter)."""
    c = Converter(scene_path, **kw)
    return c.convert(), c


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scene")
    ap.add_argument("--out", help="write here instead of stdout")
    ap.add_argument("--robot-friction", type=float, default=None,
                    help=f"sliding friction of robot collision geoms (default {EMBODY_DEFAULT_FRICTION}, Embody's Material default)")
    ap.add_argument("--default-friction", type=float, default=EMBODY_DEFAULT_FRICTION,
                    help="friction of scene bodies that give none")
    ap.add_argument("--self-collision", action="store_true",
                    help="let robot links collide with each other except parent/child (MuJoCo's default; Embody never does)")
    ap.add_argument("--margin", type=float, default=0.0,
                    help="per-geom MuJoCo contact margin (= gap), m; default 0 (MuJoCo's). NOT equivalent to Embody's "
                         "2 mm speculative margin: with MuJoCo 4.0.0 bodies rest 2*margin above the surface")
    ap.add_argument("--solver", choices=["Newton", "CG", "PGS"], help="MuJoCo solver (default: MuJoCo's, Newton)")
    ap.add_argument("--iterations", type=int, help="MuJoCo solver iterations (default: MuJoCo's, 100)")
    a = ap.parse_args()
    xml, _ = convert(a.scene, robot_friction=a.robot_friction, default_friction=a.default_friction,
                     self_collision=a.self_collision, margin=a.margin, solver=a.solver, iterations=a.iterations)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(xml)
    else:
        sys.stdout.write(xml)


if __name__ == "__main__":
    main()
