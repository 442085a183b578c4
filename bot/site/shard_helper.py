"""The key and gram files of the directory index, written by a process of their own.

The site build (bot/site/shards.py write_directory) writes the records of the registry's
subjects, reading the registry a batch at a time; `start` numbers the subjects once, into a
scratch database (NUMBERS) the build and its helpers attach, and starts two helpers. Each opens
the same registry, checks that it reads the same one (the dataset's digest) and writes the key
or the gram files into the same folder (the gram files' bot answers and the key files' sort
take about as long), so that the work spreads over two cores however the build's own share
runs. What a helper found comes back as one line of JSON on
its standard output.

    python -m bot.site.shard_helper DATABASE FOLDER DIGEST STOP_POSTINGS ANSWERS NUMBERS PART
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from bot.registry import reader

if TYPE_CHECKING:
    from bot.site.shards import SearchFiles

_CODE = Path(__file__).resolve().parents[2]  # the folder that holds the package `bot`
REGISTRY_CHANGED = 3  # the exit status when the helper reads another registry than the build
NUMBERING = "site_numbering"  # the schema of the subjects' numbering the build and helpers share


class Started:
    """Helpers at work, one per part of the search files; `result` waits for them. The numbering
    they share stays attached to the build's connection until `close`."""

    def __init__(
        self,
        processes: list[subprocess.Popen[str]],
        conn: sqlite3.Connection,
        numbering: tempfile.TemporaryDirectory[str],
    ) -> None:
        self.processes = processes
        self.conn = conn
        self.numbering = numbering

    def result(self) -> SearchFiles | None:
        """What the helpers wrote; None when they read another registry (an import published a
        new one since the build began), so that the build writes these files itself."""
        from bot.site.shards import SearchFiles, joined

        found = []
        for process in self.processes:
            output, _ = process.communicate()
            if process.returncode == REGISTRY_CHANGED:
                self._end_processes()
                return None
            if process.returncode != 0:
                self.stop()
                raise RuntimeError(f"the directory index helper failed ({process.returncode})")
            found.append(SearchFiles(**json.loads(output)))
        return joined(found)

    def stop(self) -> None:
        """The build failed: end the helpers (this process started them), and `close`."""
        self._end_processes()
        self.close()

    def close(self) -> None:
        """The numbering is no longer read: detach it and delete its file (once)."""
        attached = [row[1] for row in self.conn.execute("PRAGMA database_list")]
        if NUMBERING in attached:
            self.conn.execute(f"DETACH DATABASE {NUMBERING}")
        self.numbering.cleanup()

    def _end_processes(self) -> None:
        for process in self.processes:
            if process.returncode is None:  # not yet waited for
                process.kill()
                process.communicate()


def start(
    db: sqlite_utils.Database, folder: Path, answers: bool, stop_postings: int
) -> Started | None:
    """Number the subjects into a database of their own, attached to `db` (schema NUMBERING),
    and start the helpers on the database file of `db` and on it; None for a database in
    memory, which no other process can open, or a registry without a digest to check it by."""
    path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    digest = reader.registry_info(db).get("digest")
    if not path or not digest:
        return None
    from bot.site.shards import PARTS, number_subjects

    numbering = tempfile.TemporaryDirectory(prefix="lantian-numbering-")
    numbers = str(Path(numbering.name) / "numbers.db")
    db.conn.execute(f"ATTACH DATABASE ? AS {NUMBERING}", [numbers])
    # A scratch file: no journal, no waiting for the disk.
    db.conn.executescript(
        f"PRAGMA {NUMBERING}.journal_mode = OFF; PRAGMA {NUMBERING}.synchronous = OFF;"
    )
    number_subjects(db.conn, NUMBERING)

    command = [
        sys.executable,
        "-m",
        "bot.site.shard_helper",
        path,
        str(folder),
        digest,
        str(stop_postings),
        "1" if answers else "0",
        numbers,
    ]
    # The helper reads sounds a character at a time only (bot.lookup, through sound_key), so
    # pypinyin's phrase dictionary, 45 MB of it, stays unread, as in a `lantian check`.
    from bot.cli import CHARACTER_READINGS_ONLY

    env = {**os.environ, **CHARACTER_READINGS_ONLY}
    # From the project folder: the helper runs this very code, whatever is installed.
    processes = [
        subprocess.Popen([*command, part], cwd=_CODE, env=env, stdout=subprocess.PIPE, text=True)
        for part in PARTS
    ]
    return Started(processes, db.conn, numbering)


def main(argv: list[str]) -> int:
    from bot.registry.database import open_database
    from bot.site.shards import search_files_of

    path, folder, digest, stop_postings, answers, numbers, part = argv
    db = open_database(path)
    if reader.registry_info(db).get("digest") != digest:
        return REGISTRY_CHANGED
    db.conn.execute(f"ATTACH DATABASE ? AS {NUMBERING}", [numbers])
    search = search_files_of(
        db,
        Path(folder),
        answers=answers == "1",
        stop_postings=int(stop_postings),
        parts=(part,),
    )
    print(json.dumps(dataclasses.asdict(search), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
