"""Many files imported one by one, in their order, while the next ones are parsed in other processes.

    import_files(entries)   FileOutcome after FileOutcome, as ``import_file`` would give them

Parsing (decode, clean, chrome, shape, parse) is pure Python and needs no database; storing is
one transaction a file and must stay in this process, in order. So a small pool of forked
processes parses a few files ahead while this process stores the one whose turn it is: on two
CPUs the parse of the next file costs the import nothing. Each file is still stored in its own
transaction, in the same order, from the same ParsedPiece the sequential path finds.

No pool where it would only cost: on one CPU, without the fork start method, or for fewer files
than ``POOL_FROM`` (starting the pool costs more than parsing a handful of files).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from django.db import connections

from ..models import Piece
from ..signals import piece_parsed
from .parsed import ImportRejected, ParsedPiece
from .store import FileOutcome, import_file, import_parsed, parse_file
from .uploads import UploadedText

logger = logging.getLogger(__name__)

# Fewer files than this are parsed here: forking the pool costs about what parsing ten does.
POOL_FROM = 16
# Files parsed ahead of the one being stored, per parsing process: enough that a worker never
# waits for the next file, few enough that a long import never holds many parses at once.
AHEAD_PER_WORKER = 2
# More parsers than this would wait for the one process that stores.
MAX_WORKERS = 4


def parser_count() -> int:
    """How many processes parse ahead: the CPUs less the one that stores, 0 for no pool."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 0  # a spawned process would have to set Django up again: no gain for an import
    return max(0, min(MAX_WORKERS, (os.cpu_count() or 1) - 1))


def import_files(
    entries: Iterable[UploadedText],
    *,
    dry_run: bool = False,
    starting: Callable[[UploadedText], None] | None = None,
    workers: int | None = None,
) -> Iterator[FileOutcome]:
    """Import each entry in its own transaction (or, in a dry run, say what that would do),
    yielding its outcome as soon as it is stored; the entries are read one by one as needed.

    ``starting(entry)`` is called when an entry's turn comes, before its outcome is known (the
    command's progress line). ``workers``: parsing processes, ``parser_count()`` unless given;
    0 parses every file here. Never raises for one file: whatever goes wrong with a file is
    that file's rejection, and the others go on.
    """
    entries = iter(entries)
    workers = parser_count() if workers is None else workers
    first = list(islice(entries, POOL_FROM))
    if workers < 1 or len(first) < POOL_FROM:
        for entry in chain(first, entries):
            if starting:
                starting(entry)
            yield import_entry(entry, dry_run=dry_run)
        return
    yield from _pipelined(chain(first, entries), workers, dry_run=dry_run, starting=starting)


def import_entry(entry: UploadedText, *, dry_run: bool = False) -> FileOutcome:
    """One entry parsed and stored here: what ``import_files`` does without a pool."""
    from .pending import storing_failed

    if entry.error:
        return FileOutcome(entry.name, "rejected", error=entry.error)
    try:
        return import_file(entry.name, entry.data, dry_run=dry_run)
    except Exception as error:  # noqa: BLE001 - one file's failure is that file's line
        return FileOutcome(entry.name, "rejected", error=storing_failed(entry.name, error))


def _pipelined(entries: Iterator[UploadedText], workers: int, *, dry_run: bool,
               starting: Callable[[UploadedText], None] | None) -> Iterator[FileOutcome]:
    # The workers never touch the database. Still, a forked child holds a copy of every open
    # connection, and one used (or closed) from two processes breaks both: close them before
    # forking, so the children inherit none and this process opens a fresh one for the next
    # store. Inside a transaction (a caller's atomic block, or a test) a connection cannot be
    # closed; the children then leave their copy alone (``_forget_connections``).
    if not any(connection.in_atomic_block for connection in connections.all(initialized_only=True)):
        connections.close_all()
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_forget_connections)
    queued: deque[tuple[UploadedText, Future | None]] = deque()
    broken = False
    try:
        while True:
            # Keep a few files in flight: submitted before this process waits or stores.
            while len(queued) < workers * AHEAD_PER_WORKER:
                entry = next(entries, None)
                if entry is None:
                    break
                queued.append((entry, None if entry.error or broken else _submit(pool, entry)))
            if not queued:
                break
            entry, future = queued.popleft()
            if starting:
                starting(entry)
            outcome = None if future is None else _outcome(entry, future, dry_run=dry_run)
            if outcome is None and future is not None:
                # Whatever killed a worker, this file and those after it are parsed here, in
                # order: none is lost or stored twice, and none is offered to a dead pool.
                broken = True
                queued = deque((queued_entry, None) for queued_entry, _ in queued)
            if outcome is None:
                # Rejected before parsing, or the pool has died: as without a pool.
                outcome = import_entry(entry, dry_run=dry_run)
            yield outcome
    finally:
        # Also when the caller stops early: parses not yet started are dropped, not waited for.
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, entry: UploadedText) -> Future | None:
    """The entry's parse, queued in the pool; None when the pool has just died (parsed here)."""
    try:
        return pool.submit(_parse, entry.name, entry.data)
    except BrokenProcessPool:
        return None


def _outcome(entry: UploadedText, future: Future, *, dry_run: bool) -> FileOutcome | None:
    """The entry's outcome from its parse in a worker (None if the worker died on the way):
    exactly ``import_entry``'s, whose parse is the same call made here."""
    from .pending import storing_failed

    try:
        parsed, source_text, prepared = future.result()
    except BrokenProcessPool:
        logger.warning("A parsing process died while %s was in flight; parsing the rest here", entry.name)
        return None
    except ImportRejected as rejection:
        return FileOutcome(entry.name, "rejected", error=str(rejection))
    except Exception as error:  # noqa: BLE001 - a parser's bug rejects this file, as without a pool
        return FileOutcome(entry.name, "rejected", error=storing_failed(entry.name, error))
    try:
        return import_parsed(entry.name, parsed, source_text, dry_run=dry_run, prepared=prepared)
    except Exception as error:  # noqa: BLE001 - one file's failure is that file's line
        return FileOutcome(entry.name, "rejected", error=storing_failed(entry.name, error))


def _parse(name: str, data: bytes) -> tuple[ParsedPiece, str, dict]:
    """In a worker: ``parse_file``, the very call ``import_file`` makes (no title or kind
    override from the command), and what ``piece_parsed``'s receivers prepare for the store
    (the commentary's HTML). The result, or the exception, comes back pickled."""
    parsed, source_text = parse_file(name, data)
    prepared: dict = {}
    for _receiver, response in piece_parsed.send(sender=Piece, parsed=parsed):
        prepared.update(response or {})
    return parsed, source_text, prepared


# The inherited connection objects, kept referenced: a copy dropped in a child would be
# finalised there, and closing it would end the parent's session (PostgreSQL's "terminate").
_inherited: list = []


def _forget_connections() -> None:
    """In a new worker: never use the parent's connections. A worker does not query; should
    anything in it try, it would open a connection of its own."""
    for connection in connections.all(initialized_only=True):
        _inherited.append(connection.connection)
        connection.connection = None
