"""Benchmarks on a real gunicorn: the piece page against a bare Django view; search at scale.

    make bench                       # SQLite, in bench/out/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/glossa_bench make bench
    make bench SCALE=1               # search and the filtered list at a million lines (--scale)
    .venv/bin/python bench/run.py --memory   # only the worker-memory figure (about 11 minutes)
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
    if "--memory" in sys.argv[1:]:
        env, manage = bench_site([(MEMORY_LINES, MEMORY_GLOSSES, MEMORY_PIECES)])
        memory(env, manage)
        print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        return 0
    env, manage = bench_site([(200, 60, 1), (100, 50, 1), (1000, 500, 1), (MEMORY_LINES, MEMORY_GLOSSES, MEMORY_PIECES)])
    piece = last_line(run(manage + ["shell", "-c", SLUG_SIZED.format(lines=200, glosses=60)], env, capture=True))
    session = last_line(run(manage + ["shell", "-c", EDITOR_SESSION], env, capture=True))

    cache = env.get("CACHE_URL") or "in-process (bounded by bytes)"
    print(f"gunicorn, {WORKERS} sync workers, {CONNECTIONS} connections, {SECONDS}s per URL, "
          f"load from {'wrk' if shutil.which('wrk') else 'a Python client'}; cache: {cache}")
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(other work on the machine lowers every rate)")
    port = free_port()
    server = gunicorn(env, port, WORKERS)
    try:
        wait_for(port)
        css = re.search(r'href="(/static/css/glossa\.[0-9a-f]{12}\.css)"', get(port, "/")[1]).group(1)
        # An editor's browser sends the CSRF cookie it was given with its first page, too.
        editor = {"Cookie": f"sessionid={session}; csrftoken={'benchcsrfsecret'.ljust(32, 'x')}"}
        pane = {"HX-Request": "true", "HX-Target": "pane"}
        urls = {
            "bare view (/healthz)": ("/healthz", {}),
            "static file (whitenoise, gzip)": (css, {"Accept-Encoding": "gzip"}),
            "catalogue list": ("/", {}),
            "catalogue list, filtered": ("/?kind=song&sort=glosses", {}),
            "concept index": ("/concepts/", {}),
            "search results": ("/search/?q=softmax", {}),
            f"piece page, reader ({piece})": (f"/pieces/{piece}/", {}),
            f"piece page, editor ({piece})": (f"/pieces/{piece}/", editor),
            "htmx pane fragment (?line=5)": (f"/pieces/{piece}/?line=5", pane),
            "htmx pane fragment, editor": (f"/pieces/{piece}/?line=5", {**pane, **editor}),
        }
        results = {}
        print(f"  {'':44} {'req/s':>8} {'× bare':>7} {'p50':>8} {'p95':>8}")
        for name, (path, headers) in urls.items():
            get(port, path, headers)  # warm the cache, as any reader after the first would find it
            results[name] = rps, p50, p95 = load(port, path, headers=headers)
            bare = results["bare view (/healthz)"][0]
            print(f"  {name:44} {rps:8.0f} {rps / bare:6.2f}× {p50:6.1f}ms {p95:6.1f}ms", flush=True)
        bare = results["bare view (/healthz)"][0]
        reader = results[f"piece page, reader ({piece})"]
        editor_page = results[f"piece page, editor ({piece})"]
        editor_pane = results["htmx pane fragment, editor"]
        print(f"catalogue list / bare view: {results['catalogue list'][0] / bare:.2f} (target ≥ 0.50); "
              f"piece page / bare view: {reader[0] / bare:.2f} (target ≥ 0.50); "
              f"editor's page and pane time / reader's page: {editor_page[1] / reader[1]:.1f}× and "
              f"{editor_pane[1] / reader[1]:.1f}× at p50 (target ≤ 2)")
    finally:
        server.terminate()
        server.wait(timeout=10)

    print("cold render in-process, CPU ms, best and median of 15 (cache emptied before each):")
    for line in run(manage + ["shell", "--no-imports", "-c", COLD_RENDER], env, capture=True).strip().splitlines():
        print(f"  {line}")
    import_throughput()
    memory(env, manage)
    print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


def bench_site(sizes: list[tuple[int, int, int]]) -> tuple[dict, list[str]]:
    """(environment, manage.py command) of the bench's site (bench/out/bench.sqlite3 or
    BENCH_DATABASE_URL, kept between runs), migrated, with the fixture catalogue and, for each
    (lines, glosses, count) of ``sizes``, at least ``count`` generated pieces of that size."""
    env = dict(os.environ)
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
    env["DJANGO_DEBUG"] = "0"
    env.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 40)
    env["GLOSSA_STATIC_ROOT"] = str(OUT / "static")
    if env["DATABASE_URL"].startswith("postgres"):
        create_postgres_database(env["DATABASE_URL"])
    manage = [PY, str(ROOT / "manage.py")]
    run(manage + ["migrate", "--noinput", "-v0"], env)
    run(manage + ["collectstatic", "--noinput", "-v0"], env)
    run(manage + ["import_catalogue", str(ROOT / "fixtures" / "catalogue")], env, check=False)
    for lines, glosses, count in sizes:
        have = int(last_line(run(manage + ["shell", "-c", COUNT_SIZED.format(lines=lines, glosses=glosses)], env,
                                 capture=True)))
        if have < count:
            print(f"Generating {count - have} pieces of {lines} lines and {glosses} glosses once …", flush=True)
            began = time.monotonic()
            run(manage + ["generate_catalogue", "--pieces", str(count - have), "--lines", str(lines),
                          "--glosses", str(glosses), "--seed", str(lines)], env)
            print(f"… generated in {time.monotonic() - began:.0f} s", flush=True)
    return env, manage


# Distinct pieces for the worker-memory figure: small, so that the figure is about the cache.
MEMORY_PIECES = int(os.environ.get("BENCH_MEMORY_PIECES", "5000"))
MEMORY_REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "20000"))
MEMORY_LINES, MEMORY_GLOSSES = 30, 5
COUNT_SIZED = "from catalogue.models import Piece; print(Piece.objects.filter(line_count={lines}, gloss_count={glosses}).count())"
SLUG_SIZED = ("from catalogue.models import Piece; "
              "print(Piece.objects.filter(line_count={lines}, gloss_count={glosses}).order_by('pk')[0].slug)")
SLUGS_SIZED = ("from catalogue.models import Piece; "
               "print(' '.join(Piece.objects.filter(line_count={lines}, gloss_count={glosses}).order_by('pk')"
               ".values_list('slug', flat=True)[:{count}]))")
EDITOR_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from annotations.permissions import ensure_editors_group
user, _ = get_user_model().objects.get_or_create(username="bench-editor")
user.groups.add(ensure_editors_group())
session = SessionStore()
session[SESSION_KEY], session[HASH_SESSION_KEY] = str(user.pk), user.get_session_auth_hash()
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one that signs editors in
session.create()
print(session.session_key)
"""
COLD_RENDER = """
import statistics, time
from django.core.cache import cache
from django.test import Client
from annotations.models import Gloss
from annotations.reading import reading_html
from catalogue.models import Piece
# CPU time (time.process_time): on a shared machine it counts this process's work only. Best
# and median of RUNS: the best is what the code costs (timeit's reasoning: slower runs are the
# machine's other work), the median shows how much that other work weighed.
RUNS = 15
targets = {100: 5, 1000: 40}
# One client for the run, as a server builds its handler once per worker: a new Client per request
# would rebuild the middleware each time, and WhiteNoise's scan of the static files with it.
client = Client()
for lines, glosses in ((100, 50), (1000, 500)):
    piece = Piece.objects.filter(line_count=lines, gloss_count=glosses).order_by("pk")[0]
    reading, page, written = [], [], []
    for _ in range(RUNS):
        cache.clear()
        began = time.process_time()
        reading_html(Piece.objects.get(pk=piece.pk), audience="reader")
        reading.append((time.process_time() - began) * 1000)
        cache.clear()
        began = time.process_time()
        assert client.get(piece.get_absolute_url(), HTTP_HOST="127.0.0.1").status_code == 200
        page.append((time.process_time() - began) * 1000)
        # One gloss written: the next reader's reading renders only the sections it is on.
        gloss = Gloss.objects.filter(piece=piece, anchors__isnull=False).order_by("pk").first()
        gloss.revise(user=None, based_on=gloss.version, reason="bench", body=gloss.body)
        began = time.process_time()
        reading_html(Piece.objects.get(pk=piece.pk), audience="reader")
        written.append((time.process_time() - began) * 1000)
    print(f"{lines:>5} lines, {glosses:>3} glosses: reading {min(reading):5.1f} ms (median {statistics.median(reading):5.1f}; "
          f"target ≤ {targets[lines]} ms), whole page {min(page):5.1f} ms (median {statistics.median(page):5.1f}); "
          f"after a write to one gloss {min(written):5.1f} ms (median {statistics.median(written):5.1f})")
"""


def memory(env: dict, manage: list[str]) -> None:
    """One worker's resident memory after many requests over many distinct pieces."""
    slugs = last_line(run(manage + ["shell", "-c", SLUGS_SIZED.format(lines=MEMORY_LINES, glosses=MEMORY_GLOSSES,
                                                                       count=MEMORY_PIECES)], env, capture=True)).split()
    port = free_port()
    server = gunicorn(env, port, 1)
    try:
        wait_for(port)
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
        before = rss_mb(worker)
        began = time.monotonic()
        paths = [f"/pieces/{slugs[n % len(slugs)]}/" for n in range(MEMORY_REQUESTS)]
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda chunk: [get(port, path) for path in chunk], (paths[0::2], paths[1::2])))
        after, peak = rss_mb(worker), rss_mb(worker, "VmHWM")
        print(f"worker memory: {before:.0f} MB at start, {after:.0f} MB after {MEMORY_REQUESTS:,} requests over "
              f"{min(len(slugs), MEMORY_REQUESTS):,} distinct pieces (peak {peak:.0f} MB) in "
              f"{time.monotonic() - began:.0f} s (target < 200 MB)")
    finally:
        server.terminate()
        server.wait(timeout=10)


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory (VmRSS), or its highest so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


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


def fresh_site(name: str, workers: int) -> tuple[dict, list[str], str]:
    """(environment, manage.py command, database URL) of a site made anew for one script: a new
    SQLite file bench/out/NAME.sqlite3, or the PostgreSQL database of BENCH_DATABASE_URL
    (created if missing), migrated, static files collected, the fixture catalogue imported."""
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        create_postgres_database(url)
    else:
        for stale in OUT.glob(f"{name}.sqlite3*"):
            stale.unlink()
        url = f"sqlite:///{OUT / f'{name}.sqlite3'}"
    env.update(DATABASE_URL=url, DJANGO_DEBUG="0", GLOSSA_STATIC_ROOT=str(OUT / "static"), WEB_CONCURRENCY=str(workers))
    env.setdefault("DJANGO_SECRET_KEY", f"{name}-only-key-" + "x" * 40)
    manage = [PY, str(ROOT / "manage.py")]
    run(manage + ["migrate", "--noinput", "-v0"], env)
    run(manage + ["collectstatic", "--noinput", "-v0"], env)
    run(manage + ["import_catalogue", str(ROOT / "fixtures" / "catalogue")], env, check=False)
    return env, manage, url


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
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    return response.status, body.decode(errors="replace")


def load(port: int, path: str, connections: int = CONNECTIONS, headers: dict | None = None) -> tuple[float, float, float]:
    if shutil.which("wrk"):
        return load_with_wrk(port, path, connections, headers or {})
    return load_with_python(port, path, connections, headers or {})


def load_with_wrk(port: int, path: str, connections: int, headers: dict) -> tuple[float, float, float]:
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{SECONDS}s", "-s", str(ROOT / "bench" / "percentiles.lua"),
         *(arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")),
         f"http://127.0.0.1:{port}{path}"],
        check=True, text=True, capture_output=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = int(re.search(r"p50_us (\d+)", out).group(1)) / 1000
    p95 = int(re.search(r"p95_us (\d+)", out).group(1)) / 1000
    return rps, p50, p95


def load_with_python(port: int, path: str, connections: int, headers: dict) -> tuple[float, float, float]:
    deadline = time.monotonic() + SECONDS

    def worker():
        timings = []
        while time.monotonic() < deadline:
            began = time.perf_counter()
            get(port, path, headers)
            timings.append((time.perf_counter() - began) * 1000)
        return timings

    with ThreadPoolExecutor(connections) as pool:
        timings = [t for chunk in pool.map(lambda _: worker(), range(connections)) for t in chunk]
    timings.sort()
    return len(timings) / SECONDS, statistics.median(timings), timings[int(len(timings) * 0.95)]


if __name__ == "__main__":
    sys.exit(main())
