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
import pickle
import queue
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice

from django.db import DEFAULT_DB_ALIAS, connections

from ..models import Piece
from ..signals import bulk_import_finished, bulk_import_starting, piece_parsed
from .parsed import ImportRejected, ParsedPiece
from .store import FileOutcome, import_file, import_parsed, parse_file, prepare_rows
from .uploads import UploadedText

logger = logging.getLogger(__name__)

# Fewer files than this are parsed here: forking the pool costs about what parsing ten does.
POOL_FROM = 16
# Files parsed ahead of the one being stored, per parsing process: enough that a worker never
# waits for the next file, nor the store for a parse when a slow parse follows a quick store
# (two were not: the store waited 0.5-0.8 ms a file for parses), few enough that a long import
# never holds many parses at once.
AHEAD_PER_WORKER = 4
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
    parsers = _start_parsers(workers)
    checkpoints = _space_checkpoints()
    connection = connections[DEFAULT_DB_ALIAS]
    merging = dict(bulk_import_starting.send(sender=Piece, connection=connection))
    # The files in flight, in order; the n-th file ever sent went to parser n % workers, and
    # each parser answers in the order it was asked, so the oldest file's answer is the next
    # one on its parser's pipe. None for a file parsed here (refused before parsing, or the
    # parsers are gone).
    queued: deque[tuple[UploadedText, _Parser | None]] = deque()
    sent = 0
    try:
        while True:
            # Keep a few files in flight: sent before this process waits or stores.
            while len(queued) < workers * AHEAD_PER_WORKER:
                entry = next(entries, None)
                if entry is None:
                    break
                parser = None
                if not entry.error and parsers:
                    parser = parsers[sent % workers]
                    sent += 1
                    if not parser.send(entry):
                        parser = None
                        parsers = _broken(parsers, queued)
                queued.append((entry, parser))
            if not queued:
                break
            entry, parser = queued.popleft()
            if starting:
                starting(entry)
            outcome = None
            if parser is not None:
                answer = parser.receive()
                if answer is None:
                    # Whatever killed a parser, this file and those after it are parsed here, in
                    # order: none is lost or stored twice, and none is offered to a dead parser.
                    logger.warning("A parsing process died while %s was in flight; parsing the rest here",
                                   entry.name)
                    parsers = _broken(parsers, queued)
                else:
                    outcome = _outcome(entry, answer, dry_run=dry_run)
            if outcome is None:
                # Rejected before parsing, or the parsers are gone: as without a pool.
                outcome = import_entry(entry, dry_run=dry_run)
            yield outcome
    finally:
        # Also when the caller stops early: parses not yet started are dropped, not waited for.
        for parser in parsers:
            parser.stop()
        _restore_checkpoints(checkpoints)
        bulk_import_finished.send(sender=Piece, connection=connection, before=merging)


# SQLite copies its write-ahead log into the database (a checkpoint, with two fsyncs) once the
# log has this many pages, instead of the 1,000 it is left at otherwise: an imported file writes
# about 70, so every 14th file's commit waited for a checkpoint, and each copied again the pages
# every file writes (the indexes' inner pages, the search indexes' structure). The log grows to
# about 40 MB at most meanwhile. 1,000 files: commit 1.20-1.67 -> 0.90-0.97 ms a file (wall).
BULK_CHECKPOINT_PAGES = 10_000


def _space_checkpoints() -> int | None:
    """SQLite: checkpoints every BULK_CHECKPOINT_PAGES pages on this process's connection while
    the files are stored; returns the setting to restore (None: nothing to restore)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA wal_autocheckpoint = {max(pages, BULK_CHECKPOINT_PAGES):d}")
    return pages


def _restore_checkpoints(pages: int | None) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    if pages is None or connection.connection is None:
        return  # not set, or the connection has closed since (a new one has the default)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA wal_autocheckpoint = {pages:d}")


def _broken(parsers: list[_Parser], queued: deque) -> list:
    """After a parser died: stop them all, and let every file in flight be parsed here."""
    for parser in parsers:
        parser.stop()
    for index, (entry, _) in enumerate(queued):
        queued[index] = (entry, None)
    return []


def _outcome(entry: UploadedText, answer: tuple, *, dry_run: bool) -> FileOutcome:
    """The entry's outcome from its parse in a worker: exactly ``import_entry``'s, whose parse
    is the same call made here."""
    from .pending import storing_failed

    parsed, error = answer
    if isinstance(error, ImportRejected):
        return FileOutcome(entry.name, "rejected", error=str(error))
    if error is not None:  # a parser's bug rejects this file, as without a pool
        return FileOutcome(entry.name, "rejected", error=storing_failed(entry.name, error))
    parsed, source_text, prepared = parsed
    try:
        return import_parsed(entry.name, parsed, source_text, dry_run=dry_run, prepared=prepared)
    except Exception as error:  # noqa: BLE001 - one file's failure is that file's line
        return FileOutcome(entry.name, "rejected", error=storing_failed(entry.name, error))


def _parse(name: str, data: bytes) -> tuple[ParsedPiece, str, dict]:
    """In a worker: ``parse_file``, the very call ``import_file`` makes (no title or kind
    override from the command), the rows it makes (``prepare_rows``), and what ``piece_parsed``'s
    receivers prepare for the store (the commentary's HTML and places). The result, or the
    exception, goes back pickled."""
    parsed, source_text = parse_file(name, data)
    prepared: dict = {"rows": prepare_rows(parsed, source_text)}
    for _receiver, response in piece_parsed.send(sender=Piece, parsed=parsed):
        prepared.update(response or {})
    return parsed, source_text, prepared


def _start_parsers(workers: int) -> list[_Parser]:
    context = multiprocessing.get_context("fork")
    parsers: list[_Parser] = []
    for _ in range(workers):
        parsers.append(_Parser(context, [parser.pipe for parser in parsers]))
    return parsers


class _Parser:
    """One forked parsing process and its pipe: files go down it, their parses come back in the
    order they were sent.

    No threads here (a ProcessPoolExecutor runs three for its queues): every hand-over between
    them cost this process, the one that stores, more CPU than unpickling the parse did. The
    worker reads what it is sent in a thread of its own, so a send from here never waits for a
    worker that is itself waiting to hand back a parse.
    """

    def __init__(self, context, others: list):
        self.pipe, theirs = context.Pipe()
        # The child must not keep this end, nor the other workers' (it would inherit them): a
        # worker sees the end of its files only when every copy of the parent's end is closed.
        self.process = context.Process(target=_serve, args=(theirs, [self.pipe, *others]), daemon=True)
        self.process.start()
        theirs.close()

    def send(self, entry: UploadedText) -> bool:
        """False when the worker is gone."""
        try:
            self.pipe.send_bytes(pickle.dumps((entry.name, entry.data), pickle.HIGHEST_PROTOCOL))
        except OSError:
            return False
        return True

    def receive(self) -> tuple | None:
        """(the parse, None) or (None, the exception it raised); None when the worker is gone."""
        try:
            return pickle.loads(self.pipe.recv_bytes())
        except (EOFError, OSError):
            return None

    def stop(self) -> None:
        """Close the pipe, so the worker ends after the parse it is in, and wait for it."""
        if self.process is None:
            return
        self.pipe.close()
        self.process.join()
        self.process.close()
        self.process = None


def _serve(pipe, parents_ends: list) -> None:
    """A worker's life: parse each file sent, send back the parse (or what it raised), until
    the pipe is closed."""
    for end in parents_ends:
        end.close()
    _forget_connections()
    files: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        # Every file sent is taken off the pipe at once: the parent never waits on a full pipe
        # while this process waits for it to read a parse.
        try:
            while True:
                files.put(pipe.recv_bytes())
        except (EOFError, OSError):
            files.put(None)

    threading.Thread(target=read, daemon=True).start()
    while (task := files.get()) is not None:
        name, data = pickle.loads(task)
        try:
            answer = pickle.dumps((_parse(name, data), None), pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - the parent rejects this file with it
            answer = _pickled_error(error)
        try:
            pipe.send_bytes(answer)
        except OSError:
            return  # the parent has stopped listening


def _pickled_error(error: Exception) -> bytes:
    """What a parse raised, for the parent's log and the file's rejection: the exception with
    its traceback as a note, or, if it cannot cross (pickled, or unpickled), its type and words."""
    error.add_note("".join(traceback.format_exception(error)).rstrip())
    try:
        answer = pickle.dumps((None, error), pickle.HIGHEST_PROTOCOL)
        pickle.loads(answer)
        return answer
    except Exception:  # noqa: BLE001
        return pickle.dumps((None, RuntimeError(f"{type(error).__name__}: {error}")), pickle.HIGHEST_PROTOCOL)


# The inherited connection objects, kept referenced: a copy dropped in a child would be
# finalised there, and closing it would end the parent's session (PostgreSQL's "terminate").
_inherited: list = []


def _forget_connections() -> None:
    """In a new worker: never use the parent's connections. A worker does not query; should
    anything in it try, it would open a connection of its own."""
    for connection in connections.all(initialized_only=True):
        _inherited.append(connection.connection)
        connection.connection = None
