"""The search index of a large bundle, derived in a second process while its rows are checked.

A national bundle's look-up keys and name grams take about as long to derive as its rows take
to check; on two cores the two run side by side. The importing process hands every good
agency and practitioner row to `IndexWorker.take` as it stages it; the worker (`main`, in a
second interpreter) derives keys and grams as `search_index.stage` does in one process and,
once every row is in, makes the next registry file with its index tables filled
(`search_index.copy_into`) while the importer checks the rows against each other. The importer
then writes the data tables into that file.

Small bundles are indexed in the importing process: a second interpreter costs more than it
saves there (`worker_pays`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from bot.registry.bundle import RawBundle
from bot.registry.limits import MiB
from bot.registry.search_index import _Names

# Bytes of agencies.csv and practitioners.csv from which indexing in a worker pays: about
# 20,000 rows, two seconds' work in one process (a worker starts in a fraction of one).
PARALLEL_FROM_BYTES = 4 * MiB
log = logging.getLogger(__name__)
_BATCH = 2_000  # rows per message to the worker
_AHEAD = 48  # messages kept for a worker that lags (some 30 MB), before the importer waits
# The importing process derives the look-up keys of this many subjects in every _OF itself (their
# names it leaves to the worker): it has less to do than the worker, whose share also holds the
# writing of the index, and so the two finish together.
_KEYS_HERE, _OF = 2, 5
_BUILD = "build"  # the last message: every row is in, build the next file's index
_FIELDS = {"agencies": _Names.AGENCY, "practitioners": _Names.PERSON}  # what the index reads
_SQLITE_ERROR = "sqlite3.OperationalError: "  # how the worker's traceback ends on one


class WorkerFailed(RuntimeError):
    """The worker process stopped without building the index; its last words say why."""


def worker_pays(bundle: RawBundle) -> bool:
    """Whether this bundle is large enough to be indexed in a worker process (on a machine with
    a second core)."""
    size = sum(bundle.tables[t].size for t in _FIELDS if t in bundle.tables)
    return size >= PARALLEL_FROM_BYTES and _cores() > 1


def _cores() -> int:
    """The cores this process may run on (all of the machine's where that cannot be told)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class IndexWorker:
    """The importing process's side. Rows go to the worker in batches through a thread of
    their own, so that the importer never waits for a worker that lags (up to `_AHEAD`
    batches); `finish` waits until the index is built."""

    def __init__(self, built: Path) -> None:
        self.errors: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed in `close`)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _START, _package_root(), str(built)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
        )
        self.batch: list[tuple[Any, ...]] = []  # `_Names.take`'s arguments
        self.taken = 0
        self.outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=_AHEAD)
        self.broken = threading.Event()  # the worker stopped reading
        self.writer = threading.Thread(target=self._write, name="index-worker-rows", daemon=True)
        self.writer.start()

    def take(self, table: str, row: dict[str, Any]) -> None:
        """One good row of the bundle, in the order it is staged."""
        fields = _FIELDS.get(table)
        if fields is None:
            return
        values = tuple(row[f] for f in fields)
        self.taken += 1
        if self.taken % _OF < _KEYS_HERE:
            self.batch.append((table, values, _Names.keys_of(table, row)))
        else:
            self.batch.append((table, values))
        if len(self.batch) >= _BATCH:
            self._send(self.batch)
            self.batch = []

    def rows_done(self) -> None:
        """Every row is in (and good): the worker builds the index from here on."""
        if self.batch:
            self._send(self.batch)
            self.batch = []
        self._send(_BUILD)
        self._put(None)  # the writer closes the pipe

    def finish(self) -> None:
        """Wait until the worker has made the next file with its index tables."""
        self.writer.join()
        assert self.process.stdout is not None
        answer = self.process.stdout.read()
        if self.process.wait() != 0 or not answer:
            raise self._failure()
        figures = pickle.loads(answer)
        log.debug("index worker done: %(peak_kb)s kB at most, %(cpu_s).1f s of CPU", figures)

    def close(self) -> None:
        """Stop a worker that has not finished (the bundle was refused or the import failed)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        with contextlib.suppress(queue.Full):
            self.outbox.put_nowait(None)  # a writer still waiting for rows ends
        self.writer.join()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()

    def _send(self, message: object) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._put(len(data).to_bytes(8, "little") + data)

    def _put(self, item: bytes | None) -> None:
        """Into the outbox, waiting while it is full, unless the worker has stopped reading."""
        while not self.broken.is_set():
            with contextlib.suppress(queue.Full):
                self.outbox.put(item, timeout=0.5)
                return
        self.process.wait()
        raise self._failure()

    def _write(self) -> None:
        """The writer thread: messages to the worker's standard input until None comes."""
        assert self.process.stdin is not None
        pipe = self.process.stdin
        try:
            while (data := self.outbox.get()) is not None:
                pipe.write(data)
            pipe.close()
        except (BrokenPipeError, ValueError):  # the worker is gone (or was stopped)
            self.broken.set()
            with contextlib.suppress(BrokenPipeError):
                pipe.close()

    def _failure(self) -> Exception:
        """What stopped the worker, from its last words: an SQLite error (a full disk) as
        itself, so that the importer says it as plainly as its own."""
        self.errors.seek(0)
        said = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        if said and said[-1].startswith(_SQLITE_ERROR):
            return sqlite3.OperationalError(said[-1].removeprefix(_SQLITE_ERROR))
        code = self.process.returncode
        return WorkerFailed("\n".join(said[-20:]) or f"the index worker stopped (exit {code})")


# The worker imports this very code, from where the importing process found it (not from
# whatever the working directory holds).
_START = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from bot.registry.index_worker import main; main()"
)


def _package_root() -> str:
    return str(Path(__file__).resolve().parents[2])


# --- the worker's side ---------------------------------------------------------------------------


def _messages(stream: IO[bytes]) -> Any:
    while header := stream.read(8):
        if len(header) < 8:
            break
        size = int.from_bytes(header, "little")
        data = stream.read(size)
        if len(data) < size:
            break
        yield pickle.loads(data)  # written by the importing process, this worker's parent


def _subjects(messages: Any, done: list[bool]) -> Any:
    for message in messages:
        if message == _BUILD:
            done.append(True)
            return
        yield from message


def build(built: Path, stream: IO[bytes]) -> bool:
    """Derive the index from the rows on `stream`, then make `built` (the next registry file)
    with the registry's tables, the index ones filled. False (and nothing made) if the stream
    ends without the word to build: the importing process has stopped."""
    from bot.registry import search_index
    from bot.registry.database import registry_schema

    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("ATTACH DATABASE '' AS staging")
    done: list[bool] = []
    search_index.stage(conn, _subjects(_messages(stream), done))
    if not done:
        return False
    built.unlink(missing_ok=True)
    conn.execute("ATTACH DATABASE ? AS next", [str(built)])
    # A half-built file is thrown away, never repaired: no journal needed while building.
    conn.execute("PRAGMA next.journal_mode = OFF")
    conn.execute("PRAGMA next.synchronous = OFF")
    conn.execute("BEGIN")
    for statement in registry_schema("next"):
        conn.execute(statement)
    search_index.copy_into(conn, "next")
    conn.execute("COMMIT")
    conn.close()
    return True


def main() -> None:
    """The worker: `python -c _START PACKAGE_ROOT NEXT_FILE`, rows on its standard input."""
    answer = sys.stdout.buffer
    sys.stdout = sys.stderr  # stdout carries the answer alone
    if not build(Path(sys.argv[1]), sys.stdin.buffer):
        sys.exit(3)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = usage.ru_utime + usage.ru_stime
    answer.write(pickle.dumps({"peak_kb": _peak_kb(), "cpu_s": cpu_s}))
    answer.flush()


def _peak_kb() -> int:
    """VmHWM (0 where there is no /proc): ru_maxrss may still hold the importing process's
    peak from before exec."""
    with contextlib.suppress(OSError), Path("/proc/self/status").open() as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0
