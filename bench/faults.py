"""Kill things mid-write and check that nothing is half-stored and nothing acknowledged is lost.

    make faults                          # 20 rounds on SQLite in bench/out/faults.sqlite3 (made anew)
    FAULT_ROUNDS=5 make faults           # CI's bounded run
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/glossa_faults make faults

Each round, at a random moment: a gunicorn worker is killed with SIGKILL while an editor
saves glosses through it over HTTP (127.0.0.1 only), and `import_catalogue` is killed with
SIGKILL while it imports a folder of new files. At the end every piece must have all its lines
(the count it records, at least one, every section with lines) and every gloss the server
acknowledged (a redirect after the POST) must be in the database. Exit status 1 otherwise.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.run import PY, ROOT, fresh_site, free_port, last_line, run, wait_for  # noqa: E402
from bench.webclient import Browser, form_fields  # noqa: E402

ROUNDS = int(os.environ.get("FAULT_ROUNDS", "20"))
FILES_PER_ROUND = int(os.environ.get("FAULT_FILES", "8"))
PASSWORD = "fault-editor-pass-1234"
SOURCE = ROOT / "fixtures" / "catalogue" / "confession-of-a-softmax-layer.md"

SETUP = f"""
from django.contrib.auth import get_user_model
from annotations.permissions import ensure_editors_group
from catalogue.models import Piece
user, _ = get_user_model().objects.get_or_create(username="fault-editor")
user.set_password("{PASSWORD}")
user.save()
user.groups.add(ensure_editors_group())
piece = Piece.objects.order_by("-line_count", "pk").first()
print(piece.slug, piece.line_count)
"""
CHECK = """
import json
from django.db.models import Count
from annotations.models import Gloss
from catalogue.models import Piece, Section
half = [p.slug for p in Piece.objects.annotate(n=Count("lines")) if p.n != p.line_count or p.n == 0]
empty = Section.objects.annotate(n=Count("lines")).filter(n=0).count()
bodies = list(Gloss.objects.filter(body__startswith="fault:").values_list("body", flat=True))
print(json.dumps({"pieces": Piece.objects.count(), "half": half, "empty_sections": empty, "bodies": bodies}))
"""


def workers_of(master: int) -> list[int]:
    return [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def write_glosses(base: str, slug: str, lines: int, stop: threading.Event, acknowledged: list, counter: list,
                  writing: threading.Event) -> None:
    person = Browser()
    while not stop.is_set():
        try:
            if person.sign_in(base, "fault-editor", PASSWORD):
                break
        except OSError:
            pass  # the worker died under the sign-in: sign in again
    writing.set()
    while not stop.is_set():
        counter[0] += 1
        n = counter[0]
        new = f"{base}/pieces/{slug}/glosses/new/?first_line={n % lines + 1}"
        try:
            fields = form_fields(person.get(new), "editor-form")
            fields.update(body=f"fault: gloss {n}.", status="published")
            if person.post(new.split("?")[0], fields, follow=False)[0] == 302:
                acknowledged.append(f"fault: gloss {n}.")
        except OSError:
            pass  # the worker died under this request: not acknowledged, so not owed


def main() -> int:
    env, manage, url = fresh_site("faults", 2)
    slug, lines = last_line(run(manage + ["shell", "-c", SETUP], env, capture=True)).split()
    text = SOURCE.read_text()
    title = text.splitlines()[0]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py", "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--log-level", "critical"], cwd=ROOT, env=env)
    acknowledged: list[str] = []
    counter = [0]
    kills = {"gunicorn worker": 0, "import_catalogue": 0}
    rng = random.Random(os.environ.get("FAULT_SEED", "14"))
    began = time.monotonic()
    # How long a whole import takes here (startup included), so that kills land during the writes.
    with tempfile.TemporaryDirectory() as folder:
        for k in range(FILES_PER_ROUND):
            (Path(folder) / f"calibration-{k}.md").write_text(text.replace(title, f"{title} (calibration {k})", 1))
        timed = time.monotonic()
        run(manage + ["import_catalogue", folder], env)
        full_import = time.monotonic() - timed
    print(f"an import of {FILES_PER_ROUND} files takes {full_import:.1f} s here; each is killed within that time",
          flush=True)
    try:
        wait_for(port)
        for round_ in range(ROUNDS):
            # A worker, killed while an editor saves glosses through the server.
            stop, writing = threading.Event(), threading.Event()
            writer = threading.Thread(target=write_glosses,
                                      args=(base, slug, int(lines), stop, acknowledged, counter, writing))
            writer.start()
            writing.wait(timeout=60)  # signed in: from now on it saves gloss after gloss
            time.sleep(rng.uniform(0.5, 3.0))
            os.kill(rng.choice(workers_of(server.pid)), signal.SIGKILL)
            kills["gunicorn worker"] += 1
            time.sleep(0.5)
            stop.set()
            writer.join()
            wait_for(port)  # the master has started a new worker

            # The importer, killed while it stores a folder of new pieces.
            with tempfile.TemporaryDirectory() as folder:
                for k in range(FILES_PER_ROUND):
                    name = f"fault-{round_}-{k}.md"
                    (Path(folder) / name).write_text(text.replace(title, f"{title} (fault {round_}-{k})", 1))
                importer = subprocess.Popen(manage + ["import_catalogue", folder], cwd=ROOT, env=env,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.3, 1.0) * full_import)
                if importer.poll() is None:
                    importer.kill()
                    kills["import_catalogue"] += 1
                importer.wait()
            print(f"round {round_ + 1}/{ROUNDS}: {len(acknowledged)} glosses acknowledged so far", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    import json

    state = json.loads(last_line(run(manage + ["shell", "-c", CHECK], env, capture=True)))
    stored = set(state["bodies"])
    lost = [body for body in acknowledged if body not in stored]
    print(f"{kills['gunicorn worker']} workers and {kills['import_catalogue']} imports killed with SIGKILL "
          f"in {time.monotonic() - began:.0f} s")
    print(f"pieces: {state['pieces']}, half-stored: {len(state['half'])} {state['half'][:5]}, "
          f"sections without lines: {state['empty_sections']}")
    print(f"glosses: {len(acknowledged)} acknowledged, {len(lost)} of them missing {lost[:5]}; "
          f"{len(stored) - len(set(acknowledged))} stored without an acknowledgement (the worker died after the commit)")
    ok = bool(acknowledged) and not lost and not state["half"] and not state["empty_sections"] and kills["gunicorn worker"] == ROUNDS
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
