#!/usr/bin/env python3
"""Does API traffic cost the daemon's 1 kHz control loop? A no-load baseline, then the same with load.

For each phase a fresh `embody daemon` (simulator, so its loop histograms cover that phase only) runs the
pick-and-place task back to back for DURATION seconds:

  baseline  nothing but the task driver (one GET /v1/status every 0.2 s, POST /v1/tasks when idle)
  loaded    the same, plus RATE GET /v1/status per second in total from CLIENTS threads, each on ONE
            persistent keep-alive HTTP/1.1 connection over the Unix socket (http.client), paced on an
            absolute schedule, plus one WebSocket telemetry subscriber (frames parsed and counted)

Reported per phase: status requests/s achieved, their latency p50/p99/max, errors and reconnects,
telemetry messages, the loop's ticks, deadline misses, period error and compute p50/p99/max (from
/v1/status) and deadline misses from /metrics (before and after), daemon and client CPU time, and the
machine's load average and busy CPU share during the phase (the machine may be shared).

    tools/daemon_load.py [--binary .build/release/embody] [--duration 60] [--rate 1000] [--clients 4]
                         [--phases baseline,loaded] [--json FILE]
"""
import argparse, base64, http.client, json, os, re, resource, shutil, signal, socket, struct, subprocess, sys
import tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTRUCTION = "put the red cube on the green pad"


class UnixHTTPConnection(http.client.HTTPConnection):
    """http.client over an AF_UNIX stream socket: one persistent keep-alive connection."""

    def __init__(self, path, timeout=10):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


class Client:
    """A keep-alive connection that reconnects (and counts it) if the server closes it."""

    def __init__(self, path):
        self.path = path
        self.conn = UnixHTTPConnection(path)
        self.reconnects = 0

    def request(self, method, target, body=None):
        for attempt in range(2):
            try:
                headers = {"Content-Type": "application/json"} if body is not None else {}
                self.conn.request(method, target, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, http.client.CannotSendRequest):
                self.conn.close()
                self.conn = UnixHTTPConnection(self.path)
                self.reconnects += 1
                if attempt:
                    raise

    def json(self, target):
        status, body = self.request("GET", target)
        if status != 200:
            raise RuntimeError(f"GET {target}: {status} {body[:200]!r}")
        return json.loads(body)

    def close(self):
        self.conn.close()


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def hammer(path, rate, stop, results):
    """Paced GET /v1/status on one connection at `rate`/s on an absolute schedule (late requests are
    sent at once, never skipped, unless the thread is more than 0.5 s behind: then it restarts the
    schedule and counts the requests it gave up)."""
    client = Client(path)
    interval = 1.0 / rate
    latencies, errors, skipped = [], 0, 0
    next_t = time.perf_counter()
    while not stop.is_set():
        now = time.perf_counter()
        if next_t > now:
            time.sleep(next_t - now)
        elif now - next_t > 0.5:
            skipped += int((now - next_t) / interval)
            next_t = now
        t0 = time.perf_counter()
        try:
            status, _ = client.request("GET", "/v1/status")
            if status != 200:
                errors += 1
        except Exception:
            errors += 1
        latencies.append(time.perf_counter() - t0)
        next_t += interval
    results.append({"latencies": latencies, "errors": errors, "skipped": skipped, "reconnects": client.reconnects})
    client.close()


def subscriber(path, stop, out):
    """One WebSocket client on /v1/telemetry: counts complete messages (frames parsed, not reads)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(f"GET /v1/telemetry HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    s.settimeout(0.5)
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(65536)
    head, _, buf = buf.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 101"):
        out["error"] = head.split(b"\r\n")[0].decode()
        return
    messages = nbytes = 0
    while not stop.is_set():
        try:
            data = s.recv(65536)
            if not data:
                break
            buf += data
        except socket.timeout:
            continue
        while len(buf) >= 2:
            length, offset = buf[1] & 0x7F, 2
            if length == 126:
                if len(buf) < 4:
                    break
                length, offset = struct.unpack(">H", buf[2:4])[0], 4
            elif length == 127:
                if len(buf) < 10:
                    break
                length, offset = struct.unpack(">Q", buf[2:10])[0], 10
            if len(buf) < offset + length:
                break
            if buf[0] & 0x0F == 0x1:
                messages += 1
                nbytes += length
            buf = buf[offset + length:]
    out["messages"] = messages
    out["bytes"] = nbytes
    s.close()


def cpu_seconds(pid):
    """utime + stime of a process, seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy():
    """(busy, total) jiffies over all CPUs from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def metric(text, name):
    m = re.search(rf"^{name}(?:\{{[^}}]*\}})? ([0-9.e+]+)$", text, re.M)
    return float(m.group(1)) if m else None


def phase(binary, name, seconds, rate, clients):
    work = tempfile.mkdtemp(prefix="embody-load-")
    sock = os.path.join(work, "api.sock")
    config = os.path.join(work, "daemon.toml")
    with open(config, "w") as f:
        f.write(f'robot = "{ROOT}/robots/so101"\nscene = "{ROOT}/sim/scenes/so101_pick_place.toml"\n'
                f'planner = "scripted"\nrecordings = "{work}/rec"\n[api]\nunix = "{sock}"\n'
                f'[telemetry]\nrate = 50\n[episode]\ntime_limit = 20\nlock_memory = false\n')
    log = open(os.path.join(work, "daemon.log"), "w")
    daemon = subprocess.Popen([binary, "daemon", "--config", config], stderr=log)
    try:
        driver = None
        for _ in range(1200):
            if daemon.poll() is not None:
                break
            try:
                driver = Client(sock)
                driver.json("/v1/status")
                break
            except OSError:
                driver = None
                time.sleep(0.1)
        if driver is None:
            log.flush()
            with open(os.path.join(work, "daemon.log")) as f:
                raise RuntimeError(f"the daemon did not answer (exit {daemon.poll()}):\n{f.read()}")
        metrics_before = driver.request("GET", "/metrics")[1].decode()
        before = driver.json("/v1/status")["loop"]
        stop = threading.Event()
        results, telemetry, threads = [], {}, []
        if rate:
            threads = [threading.Thread(target=hammer, args=(sock, rate / clients, stop, results), daemon=True) for _ in range(clients)]
            threads.append(threading.Thread(target=subscriber, args=(sock, stop, telemetry), daemon=True))
        load_before, busy_before = os.getloadavg(), machine_busy()
        cpu_before, self_before = cpu_seconds(daemon.pid), resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        for t in threads:
            t.start()
        tasks, faults = 0, []
        while time.perf_counter() - start < seconds:
            st = driver.json("/v1/status")
            if st["mode"] == "idle":
                driver.request("POST", "/v1/tasks", json.dumps({"instruction": INSTRUCTION}))
                tasks += 1
            elif st["mode"] == "faulted":  # a latched supervisor stop (e.g. missed_tick): note it, reset, go on
                faults.append(st.get("latched_fault"))
                driver.request("POST", "/v1/reset")
            time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        cpu_after, self_after = cpu_seconds(daemon.pid), resource.getrusage(resource.RUSAGE_SELF)
        busy_after, load_after = machine_busy(), os.getloadavg()
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline:  # let the last episode finish (no API load now)
            st = driver.json("/v1/status")
            if st["mode"] in ("idle", "faulted"):
                if st["mode"] == "faulted":
                    faults.append(st.get("latched_fault"))
                break
            time.sleep(0.2)
        after = driver.json("/v1/status")["loop"]
        metrics_after = driver.request("GET", "/metrics")[1].decode()
        driver.close()
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            code = daemon.wait(30)
        except subprocess.TimeoutExpired:
            daemon.kill()
            code = daemon.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)
    latencies = sorted(x for r in results for x in r["latencies"])
    ms = lambda v: None if v is None else round(v * 1000, 3)
    misses = lambda text: metric(text, "embody_loop_deadline_misses_total")
    return {
        "phase": name, "duration_s": round(elapsed, 2), "tasks_submitted": tasks, "supervisor_faults": faults, "daemon_exit": code,
        "status_requests": len(latencies),
        "status_requests_per_s": round(len(latencies) / elapsed, 1),
        "status_errors": sum(r["errors"] for r in results),
        "status_skipped_behind_schedule": sum(r["skipped"] for r in results),
        "reconnects": sum(r["reconnects"] for r in results),
        "status_latency_ms": {"p50": ms(percentile(latencies, 0.5)), "p99": ms(percentile(latencies, 0.99)),
                              "max": ms(latencies[-1] if latencies else None)},
        "telemetry_messages": telemetry.get("messages", 0), "telemetry_bytes": telemetry.get("bytes", 0),
        "loop": {"ticks": after["ticks"] - before["ticks"],
                 "deadline_misses": after["deadline_misses"] - before["deadline_misses"],
                 "dropped_samples": after["dropped_samples"] - before["dropped_samples"],
                 "period_error_us": after["period_error_us"], "compute_us": after["compute_us"]},
        "metrics_deadline_misses": {"before": misses(metrics_before), "after": misses(metrics_after)},
        "daemon_cpu_percent_of_one_core": round(100 * (cpu_after - cpu_before) / elapsed, 1),
        "client_cpu_percent_of_one_core": round(100 * ((self_after.ru_utime + self_after.ru_stime)
                                                       - (self_before.ru_utime + self_before.ru_stime)) / elapsed, 1),
        "machine": {"loadavg_before": load_before, "loadavg_after": load_after, "cpus": os.cpu_count(),
                    "busy_percent_all_cpus": round(100 * (busy_after[0] - busy_before[0]) / max(1, busy_after[1] - busy_before[1]), 1)},
    }


def table(phases):
    rows = [("status requests/s", lambda p: p["status_requests_per_s"]),
            ("status latency p50 / p99 / max (ms)", lambda p: "{p50} / {p99} / {max}".format(**p["status_latency_ms"])),
            ("status errors / reconnects", lambda p: f'{p["status_errors"]} / {p["reconnects"]}'),
            ("telemetry messages", lambda p: p["telemetry_messages"]),
            ("loop ticks", lambda p: p["loop"]["ticks"]),
            ("deadline misses", lambda p: p["loop"]["deadline_misses"]),
            ("deadline misses (/metrics before → after)", lambda p: f'{p["metrics_deadline_misses"]["before"]} → {p["metrics_deadline_misses"]["after"]}'),
            ("tasks / supervisor faults", lambda p: f'{p["tasks_submitted"]} / {len(p["supervisor_faults"])}'),
            ("period error p50 / p99 / max (µs)", lambda p: "{p50} / {p99} / {max}".format(**p["loop"]["period_error_us"])),
            ("compute p50 / p99 / max (µs)", lambda p: "{p50} / {p99} / {max}".format(**p["loop"]["compute_us"])),
            ("daemon CPU (% of one core)", lambda p: p["daemon_cpu_percent_of_one_core"]),
            ("client CPU (% of one core)", lambda p: p["client_cpu_percent_of_one_core"]),
            ("machine busy (% of all CPUs)", lambda p: p["machine"]["busy_percent_all_cpus"]),
            ("load average before → after", lambda p: f'{p["machine"]["loadavg_before"][0]:.2f} → {p["machine"]["loadavg_after"][0]:.2f}')]
    out = ["| | " + " | ".join(p["phase"] for p in phases) + " |", "|---|" + "---:|" * len(phases)]
    for label, f in rows:
        out.append(f"| {label} | " + " | ".join(str(f(p)) for p in phases) + " |")
    return "\n".join(out)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the daemon and removes its folder
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/embody"))
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--rate", type=float, default=1000, help="status requests per second, all clients together")
    ap.add_argument("--clients", type=int, default=4, help="threads, one keep-alive connection each")
    ap.add_argument("--phases", default="baseline,loaded")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    phases = []
    for name in args.phases.split(","):
        print(f"{name}: {args.duration:g} s …", file=sys.stderr, flush=True)
        phases.append(phase(args.binary, name, args.duration, args.rate if name == "loaded" else 0, args.clients))
    print(json.dumps(phases, indent=2))
    print(table(phases))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(phases, f, indent=2)


if __name__ == "__main__":
    main()
