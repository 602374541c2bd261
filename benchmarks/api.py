"""Benchmark: requests/s and p99 latency of POST /api/v1/stage against GET /api/v1/health, same app, same run.

Starts `sarcoma serve` (one uvicorn worker) on a free loopback port, then loads each endpoint with wrk
(Debian package `wrk`) and prints a Markdown table with the ratio. Without wrk it falls back to a bounded
Python client (threads over http.client), which measures the client as much as the server.

    .venv/bin/python benchmarks/api.py [--seconds 10] [--connections 32] [--threads 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BODY = {"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"}
ENDPOINTS = [("GET", "/api/v1/health", None), ("POST", "/api/v1/stage", BODY)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    cli = Path(sys.executable).parent / "sarcoma"
    proc = subprocess.Popen(
        [str(cli), "serve", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("sarcoma serve did not start")


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError(text)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def _find(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise SystemExit(f"unexpected wrk output (no {pattern!r}):\n{text}")
    return match.group(1)


def run_wrk(url: str, method: str, body: dict[str, object] | None, args: argparse.Namespace) -> tuple[float, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f'wrk.method = "{method}"\n')
        if body is not None:
            script.write(f"wrk.body = '{json.dumps(body)}'\n")
            script.write('wrk.headers["Content-Type"] = "application/json"\n')
    cmd = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--latency",
        "-s",
        script.name,
        url,
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    Path(script.name).unlink()
    rps = float(_find(r"Requests/sec:\s+([\d.]+)", out))
    p99 = _ms(_find(r"\s99%\s+(\S+)", out))
    if "Non-2xx" in out:
        raise SystemExit(f"non-2xx answers from {url}:\n{out}")
    return rps, p99


def run_python(url: str, method: str, body: dict[str, object] | None, args: argparse.Namespace) -> tuple[float, float]:
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    data = json.dumps(body).encode() if body is not None else None
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def worker() -> None:
        conn = http.client.HTTPConnection(host, int(port))
        mine: list[float] = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request(method, path, body=data, headers={"content-type": "application/json"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{response.status} from {url}")
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    return len(latencies) / elapsed, statistics.quantiles(latencies, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk exists")
    args = parser.parse_args()
    tool = run_wrk if shutil.which("wrk") and not args.python_client else run_python
    port = free_port()
    server = start_server(port)
    try:
        rows = []
        for method, path, body in ENDPOINTS:
            url = f"http://127.0.0.1:{port}{path}"
            tool(url, method, body, argparse.Namespace(**{**vars(args), "seconds": 2}))  # warm-up
            rps, p99 = tool(url, method, body, args)
            rows.append((f"{method} {path}", rps, p99))
    finally:
        server.terminate()
        server.wait(timeout=10)
    client = "wrk" if tool is run_wrk else "python"
    print(
        f"client={client} threads={args.threads} connections={args.connections} seconds={args.seconds}, "
        "one uvicorn worker, loopback"
    )
    print("| endpoint | requests/s | p99 latency (ms) |")
    print("|---|---:|---:|")
    for name, rps, p99 in rows:
        print(f"| {name} | {rps:,.0f} | {p99:.1f} |")
    (_, base_rps, base_p99), (_, stage_rps, stage_p99) = rows
    print(f"\nstage/health: throughput ratio {stage_rps / base_rps:.2f}, p99 ratio {stage_p99 / base_p99:.2f}")


if __name__ == "__main__":
    main()
