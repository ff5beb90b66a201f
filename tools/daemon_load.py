#!/usr/bin/env python3
"""Load on the daemon's control API while a task runs: does API traffic cost the 1 kHz loop?

Starts `embody daemon` on the simulator, runs the task back to back for DURATION seconds twice --
once quiet, once with ~1,000 GET /v1/status per second over the Unix socket plus one WebSocket
telemetry subscriber -- and reports deadline misses and period-error p99 from /v1/status.

    tools/daemon_load.py [--binary .build/debug/embody] [--duration 60] [--rate 1000]
"""
import argparse, base64, json, os, socket, subprocess, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def request(path_sock, method, path, body=None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path_sock)
    data = body.encode() if body else b""
    head = f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {len(data)}\r\n\r\n"
    s.sendall(head.encode() + data)
    out = b""
    while chunk := s.recv(65536):
        out += chunk
    s.close()
    head, _, payload = out.partition(b"\r\n\r\n")
    return int(head.split()[1]), payload


def status(sock):
    return json.loads(request(sock, "GET", "/v1/status")[1])


def subscriber(sock, stop, counter):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(f"GET /v1/telemetry HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
    s.settimeout(1)
    while not stop.is_set():
        try:
            if s.recv(65536):
                counter[0] += 1
        except socket.timeout:
            pass
    s.close()


def phase(sock, seconds, rate):
    stop = threading.Event()
    sent = [0]
    frames = [0]
    threads = []
    if rate:
        def hammer():
            interval = 1.0 / (rate / 4)
            next_t = time.monotonic()
            while not stop.is_set():
                request(sock, "GET", "/v1/status")
                sent[0] += 1
                next_t += interval
                time.sleep(max(0, next_t - time.monotonic()))
        threads = [threading.Thread(target=hammer) for _ in range(4)]
        threads.append(threading.Thread(target=subscriber, args=(sock, stop, frames)))
        for t in threads:
            t.start()
    before = status(sock)["loop"]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        st = status(sock)
        if st["mode"] == "idle":
            request(sock, "POST", "/v1/tasks", json.dumps({"instruction": "put the red cube on the green pad"}))
        time.sleep(0.2)
    while status(sock)["mode"] != "idle":
        time.sleep(0.2)
    after = status(sock)["loop"]
    stop.set()
    for t in threads:
        t.join()
    return {"ticks": after["ticks"] - before["ticks"], "deadline_misses": after["deadline_misses"] - before["deadline_misses"],
            "status_requests_per_s": sent[0] / seconds, "telemetry_frames": frames[0],
            "period_error_p99_us_cumulative": after["period_error_us"]["p99"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/embody"))
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--rate", type=float, default=1000)
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="embody-load-")
    sock = os.path.join(work, "api.sock")
    with open(os.path.join(work, "daemon.toml"), "w") as f:
        f.write(f'robot = "{ROOT}/robots/so101"\nscene = "{ROOT}/sim/scenes/so101_pick_place.toml"\n'
                f'recordings = "{work}/rec"\n[api]\nunix = "{sock}"\n')
    daemon = subprocess.Popen([args.binary, "daemon", "--config", os.path.join(work, "daemon.toml")])
    try:
        for _ in range(300):
            if os.path.exists(sock):
                break
            time.sleep(0.1)
        quiet = phase(sock, args.duration, 0)
        loaded = phase(sock, args.duration, args.rate)
        print(json.dumps({"quiet": quiet, "loaded": loaded}, indent=2))
    finally:
        daemon.terminate()
        print("daemon exit", daemon.wait())


if __name__ == "__main__":
    main()
