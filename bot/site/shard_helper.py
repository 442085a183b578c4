"""The key and gram files of the directory index, written by a process of their own.

The site build (bot/site/shards.py write_directory) numbers the registry's subjects and writes
their records, reading the registry a batch at a time; the process started here opens the same
database, checks that it reads the same registry (the dataset's digest), numbers the subjects
the same way and writes the key or the gram files into the same folder: two helpers, one for
each (the gram files' bot answers and the key files' sort take about as long), so that the
work spreads over two cores however the build's own share runs. What a helper found comes
back as one line of JSON on its standard output.

    python -m bot.site.shard_helper DATABASE FOLDER DIGEST STOP_POSTINGS ANSWERS PART
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from bot.registry import reader

if TYPE_CHECKING:
    from bot.site.shards import SearchFiles

_CODE = Path(__file__).resolve().parents[2]  # the folder that holds the package `bot`
REGISTRY_CHANGED = 3  # the exit status when the helper reads another registry than the build


class Started:
    """Helpers at work, one per part of the search files; `result` waits for them."""

    def __init__(self, processes: list[subprocess.Popen[str]]) -> None:
        self.processes = processes

    def result(self) -> SearchFiles | None:
        """What the helpers wrote; None when they read another registry (an import published a
        new one since the build began), so that the build writes these files itself."""
        from bot.site.shards import SearchFiles, joined

        found = []
        for process in self.processes:
            output, _ = process.communicate()
            if process.returncode == REGISTRY_CHANGED:
                self.stop()
                return None
            if process.returncode != 0:
                self.stop()
                raise RuntimeError(f"the directory index helper failed ({process.returncode})")
            found.append(SearchFiles(**json.loads(output)))
        return joined(found)

    def stop(self) -> None:
        """The build failed: end the helpers (this process started them)."""
        for process in self.processes:
            if process.returncode is None:  # not yet waited for
                process.kill()
                process.communicate()


def start(
    db: sqlite_utils.Database, folder: Path, answers: bool, stop_postings: int
) -> Started | None:
    """Start a helper on the database file of `db`; None for a database in memory, which no
    other process can open, or a registry without a digest to check it by."""
    path = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    digest = reader.registry_info(db).get("digest")
    if not path or not digest:
        return None
    from bot.site.shards import PARTS

    command = [
        sys.executable,
        "-m",
        "bot.site.shard_helper",
        path,
        str(folder),
        digest,
        str(stop_postings),
        "1" if answers else "0",
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
    return Started(processes)


def main(argv: list[str]) -> int:
    from bot.registry.database import open_database
    from bot.site.shards import NUMBERED, search_files_of

    path, folder, digest, stop_postings, answers, part = argv
    db = open_database(path)
    if reader.registry_info(db).get("digest") != digest:
        return REGISTRY_CHANGED
    db.conn.executescript(NUMBERED)
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
