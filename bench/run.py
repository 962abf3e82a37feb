"""Benchmarks on a real gunicorn: the piece page against a bare Django view; search at scale.

    make bench                       # SQLite, in bench/out/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/glossa_bench make bench
    make bench SCALE=1               # search and the filtered list at a million lines (--scale)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/glossa_bench make bench SCALE=1

Prints requests/s and latency for each URL and the piece page's share of the bare view's
throughput (the target is at least 0.5), then the import throughput of 1,000 generated files on
SQLite and on PostgreSQL (``import_throughput``; target at least 300 files/s on SQLite). Load comes from wrk when it is installed
(apt-get install wrk), otherwise from a small Python client; the load is bounded in time and
sent only to 127.0.0.1.

With --scale (or BENCH_SCALE=1) it builds a catalogue of 10,000 pieces, 1,000,000 lines and
100,000 glosses once (bench/out/scale.sqlite3, or the PostgreSQL database named in
BENCH_DATABASE_URL, created if missing) and prints the server-side p50/p95 of search queries
and filtered catalogue lists, read from gunicorn's own request timings (target: p95 < 50 ms).
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
# Latency at scale is measured one request at a time: on two cores, two busy workers plus
# their database backends plus wrk would measure the machine's queue, not the server's work.
SCALE_CONNECTIONS = int(os.environ.get("BENCH_SCALE_CONNECTIONS", "1"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    if "--scale" in sys.argv[1:] or os.environ.get("BENCH_SCALE", "") not in ("", "0"):
        return scale()
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
    import_throughput()
    return 0


IMPORT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/glossa_bench_import"


def import_throughput() -> None:
    """Files/s importing 1,000 generated files (bench/import_throughput.py), on SQLite and on
    PostgreSQL (BENCH_IMPORT_DATABASE_URL, created if missing); target ≥ 300 files/s on SQLite."""
    files = os.environ.get("BENCH_IMPORT_FILES", "1000")
    script = [PY, str(ROOT / "bench" / "import_throughput.py"), "--files", files]
    print("import throughput (target ≥ 300 files/s on SQLite):")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    print("  " + run(script, env, capture=True).strip().splitlines()[-1], flush=True)
    env["DATABASE_URL"] = os.environ.get("BENCH_IMPORT_DATABASE_URL", IMPORT_POSTGRES_URL)
    try:
        create_postgres_database(env["DATABASE_URL"])
    except Exception as error:  # no PostgreSQL here: say so, the SQLite figure stands
        print(f"  PostgreSQL: not measured ({type(error).__name__}: {error})".splitlines()[0])
        return
    print("  " + run(script, env, capture=True).strip().splitlines()[-1], flush=True)


# --- At scale: a million lines ------------------------------------------------------------

SCALE_PIECES, SCALE_LINES, SCALE_GLOSSES = 10_000, 100, 10
SCALE_URLS = {
    "search: a common word (on ~7% of lines)": "/search/?q=softmax",
    "search: a rare word (a few lines)": "/search/?q=kalomi",
    "search: a phrase": "/search/?q=%22latent+space%22",
    "search: a prefix": "/search/?q=grad*",
    "search: three words, one left out": "/search/?q=river+softmax+-noise",
    "search: nothing matches": "/search/?q=zzyzx",
    "search: operators typed by mistake": "/search/?q=%22softmax+AND+(",
    "list: first page": "/",
    "list: songs in C minor": "/?kind=song&key=C+minor",
    "list: a genre, most glossed first": "/?tag=glitch-folk&sort=glosses",
    "list: author, tempo range, newest": "/?author=ada&tempo_min=90&tempo_max=120&sort=newest",
    "list: page 300 of 417": "/?page=300",
}
COUNT_SYNTHETIC = "from catalogue.models import Piece; print(Piece.objects.filter(slug__startswith='synthetic-').count())"
PREPARE = """
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == 'sqlite':
        for table in ('search_line', 'search_title', 'search_gloss', 'search_commentary'):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        cursor.execute('ANALYZE')
    else:
        cursor.execute('VACUUM ANALYZE')
"""


def scale() -> int:
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{OUT / 'scale.sqlite3'}")
    env["DJANGO_DEBUG"] = "0"
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key")
    if env["DATABASE_URL"].startswith("postgres"):
        create_postgres_database(env["DATABASE_URL"])
    manage = [PY, str(ROOT / "manage.py")]
    run(manage + ["migrate", "--noinput", "-v0"], env)
    have = int(run(manage + ["shell", "-c", COUNT_SYNTHETIC], env, capture=True).strip().splitlines()[-1])
    if have < SCALE_PIECES:
        print(f"Building the catalogue once: {SCALE_PIECES - have} pieces of {SCALE_LINES} lines "
              f"and {SCALE_GLOSSES} glosses …", flush=True)
        began = time.monotonic()
        subprocess.run(manage + ["generate_catalogue", "--pieces", str(SCALE_PIECES - have), "--lines",
                                 str(SCALE_LINES), "--glosses", str(SCALE_GLOSSES)], cwd=ROOT, env=env, check=True)
        run(manage + ["shell", "-c", PREPARE], env)
        print(f"… built in {time.monotonic() - began:.0f} s", flush=True)

    port, log = free_port(), OUT / "scale-access.log"
    log.write_text("")
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
         "--access-logfile", str(log), "--access-logformat", "%(r)s %(D)s", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    slowest = 0.0
    try:
        wait_for(port)
        print(f"{engine}, {SCALE_PIECES:,} pieces, {SCALE_PIECES * SCALE_LINES:,} lines, "
              f"{SCALE_PIECES * SCALE_GLOSSES:,} glosses; gunicorn, {WORKERS} sync workers, "
              f"{SCALE_CONNECTIONS} connection{'s' if SCALE_CONNECTIONS > 1 else ''} (BENCH_SCALE_CONNECTIONS), {SECONDS}s per URL")
        print(f"  {'':44} {'server p50':>10} {'server p95':>10} {'req/s':>7}")
        for name, path in SCALE_URLS.items():
            get(port, path)  # one request to load the code paths; no page cache is involved
            offset = log.stat().st_size
            rps = load(port, path, connections=SCALE_CONNECTIONS)[0]
            time.sleep(0.3)  # let the workers write their last log lines
            timings = sorted(server_timings(log, offset, path))
            p50, p95 = statistics.median(timings), timings[int(len(timings) * 0.95)]
            slowest = max(slowest, p95)
            print(f"  {name:44} {p50:7.1f} ms {p95:7.1f} ms {rps:7.0f}")
        print(f"slowest p95: {slowest:.1f} ms (target < 50 ms): {'met' if slowest < 50 else 'NOT met'}")
        # Other work on the machine inflates every figure; say how busy it was.
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


def server_timings(log: Path, offset: int, path: str) -> list[float]:
    """Milliseconds gunicorn spent on each request for ``path``, from its access log."""
    with log.open() as lines:
        lines.seek(offset)
        return [int(line.rsplit(" ", 1)[1]) / 1000 for line in lines if f" {path} " in line]


def create_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


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


def load(port: int, path: str, connections: int = CONNECTIONS) -> tuple[float, float, float]:
    if shutil.which("wrk"):
        return load_with_wrk(port, path, connections)
    return load_with_python(port, path, connections)


def load_with_wrk(port: int, path: str, connections: int) -> tuple[float, float, float]:
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{SECONDS}s", "-s", str(ROOT / "bench" / "percentiles.lua"),
         f"http://127.0.0.1:{port}{path}"],
        check=True, text=True, capture_output=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = int(re.search(r"p50_us (\d+)", out).group(1)) / 1000
    p95 = int(re.search(r"p95_us (\d+)", out).group(1)) / 1000
    return rps, p50, p95


def load_with_python(port: int, path: str, connections: int) -> tuple[float, float, float]:
    deadline = time.monotonic() + SECONDS

    def worker():
        timings = []
        while time.monotonic() < deadline:
            began = time.perf_counter()
            get(port, path)
            timings.append((time.perf_counter() - began) * 1000)
        return timings

    with ThreadPoolExecutor(connections) as pool:
        timings = [t for chunk in pool.map(lambda _: worker(), range(connections)) for t in chunk]
    timings.sort()
    return len(timings) / SECONDS, statistics.median(timings), timings[int(len(timings) * 0.95)]


if __name__ == "__main__":
    sys.exit(main())
