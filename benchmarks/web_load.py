"""Load check of the web app: N concurrent uploads to `harmonise serve` on 127.0.0.1.

Starts the server (a subprocess, on a free loopback port, with a throwaway run history),
fires N uploads of the labelled fictional statutes at once through the JSON API, checks that
every one succeeded and that every review is stored, probes a page while the uploads are
queued (the server must stay responsive), prints throughput and latency percentiles, and
stops the server. Bounded: every request has a timeout and the whole run a deadline.

    python benchmarks/web_load.py                 # 50 uploads, hipcar-cybercrime
    python benchmarks/web_load.py -n 20 -f auto
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "corpora" / "labelled"
HEADERS = {"X-Harmonise-Client": "web_load"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(base: str, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(base + "/api/runs", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not start")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=50, help="concurrent uploads (default 50)")
    ap.add_argument("-f", "--framework", default="hipcar-cybercrime")
    ap.add_argument("--timeout", type=float, default=600, help="seconds for the whole run")
    args = ap.parse_args()
    files = sorted(LABELLED.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cmd = [
            sys.executable,
            "-m",
            "harmonise",
            "serve",
            "--port",
            str(port),
            "--db",
            str(Path(tmp) / "runs.db"),
        ]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + args.timeout
            wait_up(base, proc, time.monotonic() + 60)
            return run(base, files, args, deadline)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def upload(base: str, path: Path, framework: str, i: int, timeout: float):
    start = time.perf_counter()
    with httpx.Client(timeout=timeout) as client:
        r = client.post(
            base + "/api/check",
            files={"file": (path.name, path.read_bytes())},
            data={"frameworks": framework, "country": f"Load {i % 7}"},
            headers=HEADERS,
        )
    return time.perf_counter() - start, r.status_code, r.text[:200]


def run(base: str, files: list[Path], args, deadline: float) -> int:
    n = args.n
    remaining = deadline - time.monotonic()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        futures = [
            pool.submit(upload, base, files[i % len(files)], args.framework, i, remaining)
            for i in range(n)
        ]
        time.sleep(0.5)
        probe_start = time.perf_counter()
        probe = httpx.get(base + "/frameworks", timeout=30)
        probe_s = time.perf_counter() - probe_start
        results = [f.result() for f in futures]
    wall = time.perf_counter() - start
    latencies = [r[0] for r in results]
    failures = [r for r in results if r[1] != 200]
    stored = httpx.get(base + "/api/runs", timeout=30).json()
    print(f"{n} concurrent uploads ({args.framework}) of {len(files)} fictional statutes")
    print(f"  wall {wall:.1f} s, throughput {n / wall:.2f} uploads/s")
    marks = "  ".join(f"p{p} {pct(latencies, p):.2f}" for p in (50, 90, 99))
    print(f"  latency s: {marks}  max {max(latencies):.2f}  mean {statistics.mean(latencies):.2f}")
    print(f"  page probe under load: GET /frameworks {probe.status_code} in {probe_s:.3f} s")
    print(f"  failed: {len(failures)}; stored reviews: {len(stored)} of {n}")
    for f in failures[:5]:
        print(f"    {f[1]}: {f[2]}")
    return 0 if not failures and len(stored) == n and probe.status_code == 200 else 1


if __name__ == "__main__":
    raise SystemExit(main())
