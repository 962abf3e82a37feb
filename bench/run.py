"""Benchmarks on a real gunicorn: the piece page against a bare Django view.

    make bench                       # SQLite, in bench/out/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/glossa_bench make bench

Prints requests/s and latency for each URL and the piece page's share of the bare view's
throughput (the target is at least 0.5). Load comes from wrk when it is installed
(apt-get install wrk), otherwise from a small Python client; the load is bounded in time and
sent only to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PY = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    env["DJANGO_DEBUG"] = "0"
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key")
    manage = [PY, str(ROOT / "manage.py")]
    run(manage + ["migrate", "--noinput", "-v0"], env)
    run(manage + ["import_catalogue", str(ROOT / "fixtures" / "catalogue")], env, check=False)
    if "synthetic-1" not in run(manage + ["shell", "-c", SLUGS], env, capture=True):
        run(manage + ["generate_catalogue", "--pieces", "1", "--lines", "200", "--glosses", "60"], env)

    port = free_port()
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_for(port)
        urls = {
            "bare view (/healthz)": "/healthz",
            "piece page, 200 lines, 60 glosses": "/pieces/synthetic-1/",
            "piece page, catalogue song": "/pieces/let-the-softmax-testify/",
            "catalogue list": "/",
        }
        results = {}
        print(f"gunicorn, {WORKERS} sync workers, {CONNECTIONS} connections, {SECONDS}s per URL, "
              f"load from {'wrk' if shutil.which('wrk') else 'a Python client'}")
        for name, path in urls.items():
            get(port, path)  # warm the page cache, as any reader after the first would find it
            results[name] = load(port, path)
            rps, p50, p95 = results[name]
            print(f"  {name:40} {rps:8.0f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
        bare = results["bare view (/healthz)"][0]
        piece = results["piece page, 200 lines, 60 glosses"][0]
        print(f"piece page / bare view throughput: {piece / bare:.2f} (target ≥ 0.50)")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


SLUGS = "from catalogue.models import Piece; print(list(Piece.objects.values_list('slug', flat=True)[:20]))"


def run(cmd, env, *, check=True, capture=False) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, check=check, text=True,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
    return result.stdout or ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(port, "/healthz") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    return response.status


def load(port: int, path: str) -> tuple[float, float, float]:
    if shutil.which("wrk"):
        return load_with_wrk(port, path)
    return load_with_python(port, path)


def load_with_wrk(port: int, path: str) -> tuple[float, float, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(ROOT / "bench" / "percentiles.lua"),
         f"http://127.0.0.1:{port}{path}"],
        check=True, text=True, capture_output=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = int(re.search(r"p50_us (\d+)", out).group(1)) / 1000
    p95 = int(re.search(r"p95_us (\d+)", out).group(1)) / 1000
    return rps, p50, p95


def load_with_python(port: int, path: str) -> tuple[float, float, float]:
    deadline = time.monotonic() + SECONDS

    def worker():
        timings = []
        while time.monotonic() < deadline:
            began = time.perf_counter()
            get(port, path)
            timings.append((time.perf_counter() - began) * 1000)
        return timings

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        timings = [t for chunk in pool.map(lambda _: worker(), range(CONNECTIONS)) for t in chunk]
    timings.sort()
    return len(timings) / SECONDS, statistics.median(timings), timings[int(len(timings) * 0.95)]


if __name__ == "__main__":
    sys.exit(main())
