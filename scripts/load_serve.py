"""A bounded load test of ``textmine serve`` on loopback: start the server, send ``--clients`` concurrent
clients × ``--requests`` requests of ``--records`` records each to ``POST /v1/classify``, and print
requests/s, records/s, latency percentiles, errors and the server's peak memory.

    python scripts/load_serve.py                                  # 8 clients x 500 requests of 20 records
    python scripts/load_serve.py --clients 4 --requests 50 --workers 2

Traffic goes to 127.0.0.1 only, to a server this script starts on a free port and stops at the end; the
run stops after ``--max-seconds`` even if requests are left. Records are the corpus's test split, in turn.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, by design: no option changes it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, max_records: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "textmine.cli", "serve", "--host", HOST, "--port", str(port),
               "--workers", str(workers), "--max-records", str(max_records)]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped: {server.stderr.read()}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("the server did not start in 120 s")


class MemoryWatch(threading.Thread):
    """The server's resident memory (all its processes together), sampled every ``every`` seconds."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                processes = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in processes if p.is_running()))
            except psutil.Error:
                pass
            self.stopped.wait(self.every)


def client(port: int, bodies: list[bytes], deadline: float, latencies: list[float], errors: list[str]) -> None:
    """Send ``bodies`` one after another on one kept-alive connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    headers = {"Content-Type": "application/json"}
    for body in bodies:
        if time.monotonic() > deadline:
            errors.append("not sent: time limit")
            continue
        started = time.perf_counter()
        try:
            connection.request("POST", "/v1/classify", body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
            if answer.status != 200 or not json.loads(data).get("results"):
                errors.append(f"HTTP {answer.status}")
        except (OSError, http.client.HTTPException, json.JSONDecodeError) as err:
            errors.append(type(err).__name__)
            connection.close()
            connection = http.client.HTTPConnection(HOST, port, timeout=120)
        latencies.append(time.perf_counter() - started)
    connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=500, help="requests per client (default 500)")
    parser.add_argument("--records", type=int, default=20, help="records per request (default 20)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (default 1)")
    parser.add_argument("--max-seconds", type=float, default=600, help="stop sending after this long (default 600)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not (0 < args.clients <= 64 and 0 < args.requests <= 10_000 and 0 < args.records <= 500):
        sys.exit("keep the load bounded: at most 64 clients, 10,000 requests each, 500 records a request")
    texts = [
        json.loads(line)["text"] for line in (ROOT / "corpora" / "test.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    port = free_port()
    server = start_server(port, args.workers, max(args.records, 500))
    watch = MemoryWatch(server.pid)
    watch.start()
    try:
        plans = []
        for c in range(args.clients):
            bodies = []
            for r in range(args.requests):
                first = (c * args.requests + r) * args.records
                records = [{"id": first + k, "text": texts[(first + k) % len(texts)]} for k in range(args.records)]
                bodies.append(json.dumps({"records": records}, ensure_ascii=False).encode("utf-8"))
            plans.append(bodies)
        warm_latencies: list[float] = []
        client(port, plans[0][:3], time.monotonic() + 60, warm_latencies, [])  # the first requests pay for warm-up
        latencies: list[list[float]] = [[] for _ in plans]
        errors: list[list[str]] = [[] for _ in plans]
        deadline = time.monotonic() + args.max_seconds
        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(port, plan, deadline, latencies[k], errors[k]))
                   for k, plan in enumerate(plans)]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    finally:
        watch.stopped.set()
        watch.join()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    every = [x for part in latencies for x in part]
    failed = [e for part in errors for e in part]
    done = len(every) - len(failed)
    figures = {
        "clients": args.clients, "requests_per_client": args.requests, "records_per_request": args.records,
        "workers": args.workers, "cpus": os.cpu_count(), "requests": len(every), "errors": len(failed),
        "seconds": round(seconds, 2), "requests_per_s": round(done / seconds, 1),
        "records_per_s": round(done * args.records / seconds, 1),
        "latency_ms": {f"p{int(q * 100)}": round(percentile(every, q) * 1000, 1) for q in (0.5, 0.95, 0.99)},
        "latency_mean_ms": round(statistics.fmean(every) * 1000, 1) if every else None,
        "server_peak_mb": round(watch.peak / 2**20, 1),
    }  # fmt: skip
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"{figures['clients']} clients x {args.requests} requests x {args.records} records, "
          f"{args.workers} server worker(s), {figures['cpus']} CPUs")  # fmt: skip
    print(
        f"requests: {figures['requests']}, errors: {figures['errors']}"
        + (f" ({sorted(set(failed))})" if failed else "")
    )
    print(f"{figures['seconds']} s: {figures['requests_per_s']} requests/s, {figures['records_per_s']} records/s")
    latency = figures["latency_ms"]
    print(f"latency: p50 {latency['p50']} ms, p95 {latency['p95']} ms, p99 {latency['p99']} ms")
    print(f"server peak memory (all its processes): {figures['server_peak_mb']} MB")


if __name__ == "__main__":
    main()
