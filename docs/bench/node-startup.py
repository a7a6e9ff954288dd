#!/usr/bin/env python3
# Starts `mobility serve` N times on a data folder, times /health/live and /health/ready, then Ctrl-C (SIGINT) to exit.
# Usage: python3 docs/bench/node-startup.py <mobility binary> <data folder> <runs>
import subprocess, signal, time, urllib.request, sys, os, statistics
binary = sys.argv[1]; data = sys.argv[2]; runs = int(sys.argv[3])
def up(path):
    try:
        with urllib.request.urlopen("http://127.0.0.1:5080" + path, timeout=1) as r: return r.status == 200
    except Exception: return False
live, ready, stop = [], [], []
for i in range(runs):
    t0 = time.monotonic()
    p = subprocess.Popen([binary, "serve", "--data", data], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    while not up("/health/live"): time.sleep(0.02)
    live.append(time.monotonic() - t0)
    while not up("/health/ready"): time.sleep(0.02)
    ready.append(time.monotonic() - t0)
    t1 = time.monotonic(); p.send_signal(signal.SIGINT); out = p.communicate(timeout=60)[0].decode()
    stop.append(time.monotonic() - t1)
    assert p.returncode == 0 and "Stopped." in out, (p.returncode, out)
    print(f"run {i}: live {live[-1]:.2f} s, ready {ready[-1]:.2f} s, Ctrl-C to exit {stop[-1]:.2f} s, exit {p.returncode}", flush=True)
for name, xs in (("live", live), ("ready", ready), ("stop", stop)):
    print(f"{name}: median {statistics.median(xs):.2f} s, min {min(xs):.2f} s, max {max(xs):.2f} s")
