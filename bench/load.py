"""A bounded load on a real gunicorn on 127.0.0.1: editors writing beside readers.

    make load                                  # SQLite in bench/out/load.sqlite3 (made anew)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/glossa_load make load
    LOAD_GLOSSES=250 make load                 # the full figure: 8 × 250 glosses
    LOAD_SECONDS=1200 make load                # stop (at the end of a contested round) after 20 minutes

8 editors (LOAD_EDITORS) sign in and each create LOAD_GLOSSES glosses through the piece's own
"new gloss" form (CSRF token and all), and every LOAD_CONTEST_EVERY glosses all of them save
the same shared gloss from the same version at once: the version check must let exactly one
win. Beside them 32 readers (LOAD_READERS) read piece pages, the catalogue and search until
the editors are done (or LOAD_SECONDS have passed: then every editor stops after the same
contested round, so every check below still holds for what was sent). Then it counts:
requests, errors (5xx, refused connections), writes the server acknowledged (a redirect after
the POST) against the rows in the database, winners per contested round, and p50/p99 per kind
of request. Exit status 1 on any error or lost write.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import PY, ROOT, fresh_site, free_port, last_line, run, wait_for  # noqa: E402
from bench.webclient import Browser, form_fields  # noqa: E402

EDITORS = int(os.environ.get("LOAD_EDITORS", "8"))
READERS = int(os.environ.get("LOAD_READERS", "32"))
GLOSSES = int(os.environ.get("LOAD_GLOSSES", "25"))
CONTEST_EVERY = int(os.environ.get("LOAD_CONTEST_EVERY", "5"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "0"))  # 0: no limit
PASSWORD = "load-editor-pass-1234"

SETUP = f"""
from django.contrib.auth import get_user_model
from annotations.permissions import ensure_editors_group
from annotations.models import Gloss
from catalogue.models import Piece
group = ensure_editors_group()
for n in range({EDITORS}):
    user, _ = get_user_model().objects.get_or_create(username=f"load-editor-{{n}}")
    user.set_password("{PASSWORD}")
    user.save()
    user.groups.add(group)
piece = Piece.objects.filter(gloss_count__gt=0).order_by("-line_count", "pk").first()
shared = Gloss.objects.filter(piece=piece, deleted_at__isnull=True, is_orphan=False).order_by("pk").first()
print(piece.slug, piece.line_count, shared.pk, shared.version)
"""
COUNT = """
from annotations.models import Gloss
print(Gloss.objects.filter(body__startswith="load-new:").count(), Gloss.objects.get(pk={shared}).version)
"""


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings = defaultdict(list)
        self.errors = defaultdict(int)
        self.acknowledged = 0
        self.sent = 0
        self.winners = defaultdict(int)  # contested round → editors whose save was accepted
        self.failures: list[str] = []
        self.began = time.monotonic()
        self.waits = 0  # barrier waits so far: two per contested round
        self.stopped_after = None  # the contested round after which every editor stops

    def between_rounds(self) -> None:
        """Run by the barrier, once, while every editor waits: say how far we are, and decide
        (for all of them at once) whether time is up."""
        self.waits += 1
        round_, elapsed = self.waits // 2, time.monotonic() - self.began
        if self.waits % 2 == 0 and round_ % 5 == 0:
            print(f"  round {round_}: {self.acknowledged} new glosses acknowledged, {elapsed:.0f} s", flush=True)
        if SECONDS and elapsed > SECONDS and self.stopped_after is None:
            self.stopped_after = (self.waits + 1) // 2 - 1

    def timed(self, kind: str, call):
        began = time.perf_counter()
        try:
            status, body, location = call()
        except OSError as error:
            status, body, location = 0, str(error), ""
        with self.lock:
            self.timings[kind].append((time.perf_counter() - began) * 1000)
            if status == 0 or status >= 500:
                self.errors[kind] += 1
                if len(self.failures) < 5:
                    self.failures.append(f"{kind}: {status} {body[:200]}")
        return status, body, location


def editor(n: int, base: str, slug: str, lines: int, shared: int, barrier: threading.Barrier, tally: Tally) -> None:
    person = Browser()
    if not person.sign_in(base, f"load-editor-{n}", PASSWORD):
        raise SystemExit(f"load-editor-{n} could not sign in")
    for i in range(GLOSSES):
        line = (n * GLOSSES + i) % lines + 1
        new = f"{base}/pieces/{slug}/glosses/new/?first_line={line}"
        _, page, _ = tally.timed("editor: form", lambda: person.request("GET", new))
        fields = form_fields(page, "editor-form")
        fields.update(body=f"load-new: editor {n}, gloss {i}, on line {line}.", status="published")
        with tally.lock:
            tally.sent += 1
        status, _, _ = tally.timed("editor: new gloss", lambda: person.post(new.split("?")[0], fields, follow=False))
        if status == 302:
            with tally.lock:
                tally.acknowledged += 1
        if (i + 1) % CONTEST_EVERY == 0:
            contest(n, i // CONTEST_EVERY, base, shared, person, barrier, tally)
            if tally.stopped_after is not None:  # set while all of them waited: all stop here
                break
    tally.timed("editor: piece page", lambda: person.request("GET", f"{base}/pieces/{slug}/"))


def contest(n: int, round_: int, base: str, shared: int, person: Browser, barrier: threading.Barrier,
            tally: Tally) -> None:
    """Every editor opens the shared gloss, waits for the others, and saves: one may win."""
    edit = f"{base}/glosses/{shared}/edit/"
    barrier.wait()  # the previous round is over for everyone: all read the same version
    _, page, _ = tally.timed("editor: edit form", lambda: person.request("GET", edit))
    fields = form_fields(page, "editor-form")
    fields.update(body=f"load: contested round {round_}, saved by editor {n}.", status="published")
    barrier.wait()
    status, _, _ = tally.timed("editor: contested save", lambda: person.post(edit, fields, follow=False))
    if status == 302:
        with tally.lock:
            tally.winners[round_] += 1


def reader(base: str, slug: str, done: threading.Event, tally: Tally) -> None:
    person = Browser()
    paths = [("reader: piece page", f"/pieces/{slug}/"), ("reader: catalogue", "/"),
             ("reader: search", "/search/?q=load"), ("reader: pane", f"/pieces/{slug}/?line=3")]
    n = 0
    while not done.is_set():
        kind, path = paths[n % len(paths)]
        tally.timed(kind, lambda: person.request("GET", base + path))
        n += 1


def main() -> int:
    env, manage, url = fresh_site("load", WORKERS)
    slug, lines, shared, version = last_line(run(manage + ["shell", "-c", SETUP], env, capture=True)).split()
    lines, shared, version = int(lines), int(shared), int(version)
    count_before = int(last_line(run(manage + ["shell", "-c", COUNT.format(shared=shared)], env, capture=True)).split()[0])

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--log-level", "warning"], cwd=ROOT, env=env)
    tally, done = Tally(), threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))  # runs the `finally` below
    rounds = GLOSSES // CONTEST_EVERY
    print(f"{'PostgreSQL' if url.startswith('postgres') else 'SQLite'}, gunicorn {WORKERS} workers on {base}: "
          f"{EDITORS} editors × {GLOSSES} glosses on “{slug}” ({lines} lines), {rounds} contested rounds, "
          f"{READERS} readers", flush=True)
    began = time.monotonic()
    try:
        wait_for(port)
        barrier = threading.Barrier(EDITORS, action=tally.between_rounds)
        # Daemons, so that a SIGTERM (below) ends the script and its gunicorn at once.
        editors = [threading.Thread(target=editor, args=(n, base, slug, lines, shared, barrier, tally), daemon=True)
                   for n in range(EDITORS)]
        readers = [threading.Thread(target=reader, args=(base, slug, done, tally), daemon=True)
                   for _ in range(READERS)]
        for thread in editors + readers:
            thread.start()
        for thread in editors:
            thread.join()
        done.set()
        for thread in readers:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    elapsed = time.monotonic() - began
    rows, final_version = map(int, last_line(run(manage + ["shell", "-c", COUNT.format(shared=shared)], env,
                                                 capture=True)).split())
    rows -= count_before
    requests = sum(len(timings) for timings in tally.timings.values())
    errors = sum(tally.errors.values())
    print(f"{requests:,} requests in {elapsed:.0f} s, {errors} errors")
    print(f"  {'':28} {'requests':>8} {'errors':>6} {'p50':>8} {'p99':>8}")
    for kind, timings in sorted(tally.timings.items()):
        timings.sort()
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        print(f"  {kind:28} {len(timings):8} {tally.errors[kind]:6} {statistics.median(timings):6.0f}ms {p99:6.0f}ms")
    lost = tally.acknowledged - rows
    print(f"new glosses: {tally.acknowledged} acknowledged, {rows} in the database, {lost} lost "
          f"(of {tally.sent} sent)")
    if tally.stopped_after is not None:
        rounds = tally.stopped_after + 1
        print(f"stopped after LOAD_SECONDS ({SECONDS:.0f} s): {rounds} contested rounds of {GLOSSES // CONTEST_EVERY}, "
              f"{rounds * CONTEST_EVERY} of {GLOSSES} glosses per editor")
    winners = [tally.winners[r] for r in range(rounds)]
    print(f"contested edits: {rounds} rounds, winners per round {winners}; the shared gloss went from "
          f"version {version} to {final_version} (expected {version + sum(winners)})")
    for failure in tally.failures:
        print(f"  error: {failure}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ok = errors == 0 and lost == 0 and all(w == 1 for w in winners) and final_version == version + sum(winners)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
